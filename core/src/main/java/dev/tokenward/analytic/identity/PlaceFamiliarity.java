package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.baseline.Facet;
import dev.tokenward.analytic.baseline.Profile;
import dev.tokenward.analytic.baseline.Seen;
import dev.tokenward.analytic.identity.ImpossibleTravel.Place;
import dev.tokenward.event.Network;

/**
 * Which side of an impossible pair of places is the person and which is not, from the principal's
 * profile: the familiarity judgement impossible-travel makes, kept apart so that it reads as one rule.
 */
final class PlaceFamiliarity {
    /** How far a metro area reaches from its centre. */
    private static final double METRO_KM = 100;
    /** Colleagues on a network (with MFA behind them) that make it a place people of the tenant work from. */
    private static final int COLLEAGUES = 5;

    private final int familiarDays;

    PlaceFamiliarity(int familiarDays) {
        this.familiarDays = familiarDays;
    }

    /**
     * Whether the profile shows the person at this place on enough days, or in its metro area (within
     * {@link #METRO_KM} of a familiar place: one city's addresses geolocate across its suburbs), or
     * on this network owner (their carrier or ISP, whatever city its addresses are put in) on enough days.
     */
    boolean familiar(Profile profile, Place place) {
        if (place.sharedBy() >= COLLEAGUES) {
            return true;
        }
        if (profile == null) {
            return false;
        }
        Seen seen = profile.seen(Facet.PLACE, place.name());
        if (seen != null && seen.days >= familiarDays) {
            return true;
        }
        String networkOwner = place.evidence() == null ? null : place.evidence().owner();
        Seen owner = networkOwner == null ? null : profile.seen(Facet.ASN, networkOwner);
        if (owner != null && owner.days >= familiarDays) {
            return true;
        }
        for (Seen known : profile.values(Facet.PLACE).values()) {
            if (known.days >= familiarDays && known.latitude() != null && Network.kilometres(known.latitude(), known.longitude(),
                    place.latitude(), place.longitude()) <= METRO_KM) {
                return true;
            }
        }
        return false;
    }

    /**
     * The side of an impossible pair that is not the person: the unfamiliar one; between two
     * unfamiliar ones, a hosting provider or script, else the one the profile has seen on fewer days
     * (then fewer times); else the newer.
     */
    static Place suspect(Place here, boolean hereFamiliar, Place there, boolean thereFamiliar, Profile profile) {
        if (hereFamiliar != thereFamiliar) {
            return hereFamiliar ? there : here;
        }
        boolean hereHostile = here.evidence().hostile();
        if (hereHostile != there.evidence().hostile()) {
            return hereHostile ? here : there;
        }
        Seen hereSeen = profile == null ? null : profile.seen(Facet.PLACE, here.name());
        Seen thereSeen = profile == null ? null : profile.seen(Facet.PLACE, there.name());
        int hereDays = hereSeen == null ? 0 : hereSeen.days;
        int thereDays = thereSeen == null ? 0 : thereSeen.days;
        if (hereDays != thereDays) {
            return hereDays < thereDays ? here : there;
        }
        long hereCount = hereSeen == null ? 0 : hereSeen.count;
        long thereCount = thereSeen == null ? 0 : thereSeen.count;
        return thereCount < hereCount ? there : here;
    }

    /** How the profile knows a place, for the alert's facts. */
    static String describe(Profile profile, String place) {
        Seen seen = profile == null ? null : profile.seen(Facet.PLACE, place);
        return seen == null ? "never seen before" : seen.describe();
    }
}
