package dev.tokenward.simulate;

import dev.tokenward.simulate.Geography.Address;
import dev.tokenward.simulate.Geography.City;
import dev.tokenward.simulate.Tenant.Device;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** What a person carries from one day to the next: sessions, devices, any trip under way, and the hard cases planned for them. */
final class PersonState {

    /**
     * A trip: the flights out and back, and the hotel's network.
     *
     * @param style  how the person works while away (a traveller hard case), or null for an ordinary trip
     * @param decoy  the hard case the trip is, or null
     */
    record Trip(City destination, Address hotel, Instant departs, Instant arrives, Instant returnDeparts, Instant returnArrives,
                TravelStyle style, Decoy decoy) {

        boolean inFlight(Instant time) {
            return !time.isBefore(departs) && time.isBefore(arrives) || !time.isBefore(returnDeparts) && time.isBefore(returnArrives);
        }

        boolean away(Instant time) {
            return !time.isBefore(arrives) && time.isBefore(returnDeparts);
        }

        /** From leaving home to being back. */
        boolean during(Instant time) {
            return !time.isBefore(departs) && time.isBefore(returnArrives);
        }
    }

    /** How a traveller works while away. */
    enum TravelStyle {
        /** A long-haul trip: sessions used before and after the flight, the laptop on hotel Wi-Fi. */
        LONG_HAUL,
        /** The laptop on hotel Wi-Fi while the phone roams through its home carrier, so egresses at home. */
        PHONE_ROAMS_HOME_CARRIER,
        /** The laptop on the corporate VPN all the time abroad, so it seems never to have left. */
        CORPORATE_VPN_ABROAD
    }

    /**
     * A device replaced or reset (the new-device hard case): its records from {@code from} to
     * {@code to} belong to the decoy.
     */
    record DeviceChange(LocalDate date, String variant, Detour.Device device, Instant from, Instant to, Decoy decoy) {
    }

    /** A trip the plan has fixed: on that day, to that city, in that style. */
    record PlannedTrip(LocalDate date, City destination, TravelStyle style, Decoy decoy) {
    }

    Device laptop;
    Device phone;
    String oktaSession;
    Instant oktaSessionIssued;
    Instant oktaSessionUsed;
    String laptopSession;
    Instant laptopSessionIssued;
    /** When the laptop's last stretch of work ended: the next one cannot begin before it. */
    Instant workedUntil;
    String phoneSession;
    Trip trip;
    PlannedTrip plannedTrip;
    DeviceChange deviceChange;
    /** The phone's session is to begin with an interactive sign-in: the phone is new. */
    boolean phoneSignsIn;
    /** No unplanned trip starts before this day: a hard case is planned for the person until then. */
    LocalDate plannedUntil = LocalDate.MIN;
    final List<Detour> detours = new ArrayList<>();
    /** The laptop's stretches of work of the last days: where it was online, and through what network. */
    final List<Stretch> stretches = new ArrayList<>();

    /** A stretch of the laptop's work: from {@code from} to {@code to}, online as {@code laptop}. */
    record Stretch(Instant from, Instant to, Vantage laptop) {
    }

    PersonState(Device laptop, Device phone) {
        this.laptop = laptop;
        this.phone = phone;
    }

    /**
     * Where a device's record comes from at {@code time}: moved by a detour under way, or where it
     * would have been; and the decoy the record belongs to (a detour's, or the trip's).
     *
     * @param atHome  the device is on its usual home (or hotel) connection
     * @param browser the record is the browser's, not a native app's or a command line's
     */
    Detour.Spot spot(Detour.Device device, Instant time, Vantage usual, boolean atHome, boolean browser) {
        for (Detour detour : detours) {
            if (detour.device == device && (!detour.atHomeOnly || atHome) && (!detour.browserOnly || browser)) {
                Detour.Leg leg = detour.at(time);
                if (leg != null) {
                    return new Detour.Spot(Vantage.at(leg.address(), usual.device(),
                            leg.userAgent() != null ? leg.userAgent() : usual.userAgent()), detour.decoy);
                }
            }
        }
        if (trip != null && trip.decoy() != null && trip.during(time)) {
            return new Detour.Spot(usual, trip.decoy());
        }
        DeviceChange change = deviceChange;
        boolean changed = change != null && change.device() == device && !time.isBefore(change.from()) && time.isBefore(change.to());
        return new Detour.Spot(usual, changed ? change.decoy() : null);
    }

    /**
     * Where the laptop was online at {@code time}: the stretch of work under way then (at home, in
     * the office, on the hotel's line, through the person's VPN), or {@code otherwise} when it was
     * not at work.
     */
    Vantage laptopAt(Instant time, Vantage otherwise) {
        for (Stretch stretch : stretches) {
            if (!time.isBefore(stretch.from()) && time.isBefore(stretch.to())) {
                return stretch.laptop();
            }
        }
        return otherwise;
    }

    /** Drops detours and stretches of work that ended before {@code time}. */
    void forgetBefore(Instant time) {
        detours.removeIf(d -> d.end().isBefore(time));
        stretches.removeIf(s -> s.to().isBefore(time));
    }
}
