package dev.tokenward.simulate;

import dev.tokenward.simulate.Geography.Address;
import dev.tokenward.simulate.Geography.City;
import dev.tokenward.simulate.Tenant.Device;

import java.time.Instant;
import java.time.LocalDate;

/** What a person carries from one day to the next: sessions, devices, and any trip under way. */
final class PersonState {

    /** A trip: the flights out and back, and the hotel's network. */
    record Trip(City destination, Address hotel, Instant departs, Instant arrives, Instant returnDeparts, Instant returnArrives) {

        boolean inFlight(Instant time) {
            return !time.isBefore(departs) && time.isBefore(arrives) || !time.isBefore(returnDeparts) && time.isBefore(returnArrives);
        }

        boolean away(Instant time) {
            return !time.isBefore(arrives) && time.isBefore(returnDeparts);
        }
    }

    Device laptop;
    String oktaSession;
    Instant oktaSessionIssued;
    Instant oktaSessionUsed;
    String laptopSession;
    Instant laptopSessionIssued;
    String phoneSession;
    Trip trip;
    /** Decoys set these before the run: a trip to take, or a new laptop to receive, on that day. */
    LocalDate forcedTrip;
    City forcedDestination;
    LocalDate newLaptop;

    PersonState(Device laptop) {
        this.laptop = laptop;
    }
}
