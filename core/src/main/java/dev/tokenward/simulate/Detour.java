package dev.tokenward.simulate;

import dev.tokenward.simulate.Geography.Address;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A hard case's change to where one of a person's devices connects from, for a while: a laptop
 * tethered to a phone, a phone hopping carriers, a secure web gateway failing over to another
 * node, an IPv6 address that changes every day, a privacy relay. It is a timetable of legs, each
 * with the address the device uses; outside its legs the device is where it would have been.
 */
final class Detour {

    /** Which of the person's devices the detour moves. */
    enum Device { LAPTOP, PHONE }

    /**
     * One stretch of the detour.
     *
     * @param userAgent the agent used on this leg instead of the device's own (a browser behind a relay), or null
     */
    record Leg(Instant from, Instant to, Address address, String userAgent) {
    }

    /** Where a record comes from, and the decoy it belongs to (null when none). */
    record Spot(Vantage vantage, Decoy decoy) {
    }

    final Decoy decoy;
    final Device device;
    /** When only the device's home connection is moved (IPv6 at home, a gateway's node), its other networks stay. */
    final boolean atHomeOnly;
    /** When only the browser's traffic is moved (a relay or proxy built into the browser or its OS). */
    final boolean browserOnly;
    private final List<Leg> legs = new ArrayList<>();

    Detour(Decoy decoy, Device device, boolean atHomeOnly) {
        this(decoy, device, atHomeOnly, false);
    }

    Detour(Decoy decoy, Device device, boolean atHomeOnly, boolean browserOnly) {
        this.decoy = decoy;
        this.device = device;
        this.atHomeOnly = atHomeOnly;
        this.browserOnly = browserOnly;
    }

    Detour leg(Instant from, Instant to, Address address) {
        return leg(from, to, address, null);
    }

    Detour leg(Instant from, Instant to, Address address, String userAgent) {
        legs.add(new Leg(from, to, address, userAgent));
        return this;
    }

    Instant end() {
        return legs.isEmpty() ? Instant.MIN : legs.get(legs.size() - 1).to();
    }

    /** The leg under way at {@code time}, or null. */
    Leg at(Instant time) {
        for (Leg leg : legs) {
            if (!time.isBefore(leg.from()) && time.isBefore(leg.to())) {
                return leg;
            }
        }
        return null;
    }
}
