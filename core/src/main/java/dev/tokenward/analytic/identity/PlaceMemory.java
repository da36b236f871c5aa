package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Expiring;
import dev.tokenward.analytic.identity.ImpossibleTravel.Place;
import dev.tokenward.analytic.identity.ImpossibleTravel.Settings;
import dev.tokenward.analytic.identity.ImpossibleTravel.State;
import dev.tokenward.event.Event;

import java.time.Duration;
import java.time.Instant;

/**
 * What impossible-travel keeps per person (recent places, suspect places that alerted) and when it
 * lets them go: the state handling, kept apart from the judgement of a pair of places.
 */
final class PlaceMemory {
    /** How a network's key in the alerted places reads, apart from places' names ("city, country"). */
    private static final String NETWORK = "network ";
    private static final Duration REFRESH = Duration.ofMinutes(10);

    private final Settings settings;

    PlaceMemory(Settings settings) {
        this.settings = settings;
    }

    /**
     * The remembered place farthest from {@code here} that the person could not have come from in the
     * time between, on another network and at least {@code minDistanceKm} away; null if none.
     */
    Place farthestUnreachable(State state, Place here, Instant now) {
        Place farthest = null;
        double farthestKm = 0;
        for (Place there : state.places) {
            if (there.network().equals(here.network())) {
                continue;
            }
            double km = kilometresApart(here, there);
            double hours = Math.max(0, Duration.between(there.time(), now).toSeconds() / 3600.0 - settings.airportHours());
            if (km >= settings.minDistanceKm() && km > settings.maxSpeedKmh() * hours && km > farthestKm) {
                farthest = there;
                farthestKm = km;
            }
        }
        return farthest;
    }

    /** The distance between two places less both geolocations' uncertainty. */
    static double kilometresApart(Place here, Place there) {
        return here.kilometresTo(there) - here.accuracyKm() - there.accuracyKm();
    }

    /**
     * Whether the place alerted within {@code repeatAfter}, by its name or by its network: a source's
     * geolocation puts one address in a different town from one event to the next (Amsterdam, The
     * Hague, Vlaardingen), and that is one place, as {@link #remember} keeps it.
     */
    boolean alertedRecently(State state, Place place, Instant now) {
        return recently(state.alerted.get(place.name()), now) || recently(state.alerted.get(NETWORK + place.network()), now);
    }

    /** The place alerted now: its name and its network. */
    void alerted(State state, Place place, Instant now) {
        state.alerted.put(place.name(), now);
        state.alerted.put(NETWORK + place.network(), now);
    }

    private boolean recently(Instant last, Instant now) {
        return last != null && last.plus(settings.repeatAfter()).isAfter(now);
    }

    /**
     * Keeps the place as its latest visit (to within {@link #REFRESH}: a person active all day in
     * one place does not rebuild its evidence for every event): one entry per place, the oldest
     * dropped beyond the cap.
     */
    void remember(State state, Place here, Event event) {
        Place last = state.places.isEmpty() ? null : state.places.get(state.places.size() - 1);
        if (last != null && last.name().equals(here.name()) && last.network().equals(here.network())
                && last.time().plus(REFRESH).isAfter(here.time())) {
            return;
        }
        Place visit = here.evidence() == null ? here.withEvidence(Evidence.of(event)) : here;
        state.places.removeIf(p -> p.name().equals(visit.name()) || p.network().equals(visit.network())
                || p.kilometresTo(visit) < settings.samePlaceKm());
        state.places.add(visit);
        if (state.places.size() > settings.recentPlaces()) {
            state.places.remove(0);
        }
    }

    void forget(State state, Instant now) {
        state.places.removeIf(p -> !p.time().plus(settings.window()).isAfter(now));
        state.alerted.values().removeIf(at -> !at.plus(settings.repeatAfter()).isAfter(now));
    }

    /** When nothing in the state matters any more: the last place's window, or the last alert's quiet period. */
    Instant expiry(State state) {
        Instant expiry = state.places.isEmpty() ? null : state.places.get(state.places.size() - 1).time().plus(settings.window());
        for (Instant at : state.alerted.values()) {
            expiry = Expiring.later(expiry, at.plus(settings.repeatAfter()));
        }
        return expiry;
    }
}
