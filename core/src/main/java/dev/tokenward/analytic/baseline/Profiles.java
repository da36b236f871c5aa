package dev.tokenward.analytic.baseline;

import dev.tokenward.event.Event;
import dev.tokenward.event.Outcome;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The per-principal profiles, kept once per event for all analytics. Only what a principal did
 * successfully teaches its profile. Once a (UTC) day of event time has passed, facts and principals
 * not seen for {@code forgetAfter} are dropped.
 */
public final class Profiles {
    private final BaselineSettings settings;
    private final Map<String, Profile> profiles = new HashMap<>();
    private Instant sweptDay;

    public Profiles(BaselineSettings settings) {
        this.settings = settings;
    }

    /** The principal's profile as it stands, or null if the principal has not been seen. */
    public Profile get(String principal) {
        return principal == null ? null : profiles.get(principal);
    }

    /** Learns from one event (in event-time order). */
    public void observe(Event event) {
        sweep(event.time());
        if (event.principal() == null || event.principal().name() == null || event.outcome() == Outcome.FAILURE) {
            return;
        }
        profiles.computeIfAbsent(event.principal().name(), p -> new Profile()).observe(event, settings);
    }

    public Map<String, Profile> all() {
        return java.util.Collections.unmodifiableMap(profiles);
    }

    private void sweep(Instant now) {
        Instant day = now.truncatedTo(ChronoUnit.DAYS);
        if (sweptDay != null && !day.isAfter(sweptDay)) {
            return;
        }
        sweptDay = day;
        Instant cutoff = now.minus(settings.forgetAfter());
        for (Iterator<Profile> it = profiles.values().iterator(); it.hasNext(); ) {
            Profile profile = it.next();
            if (profile.lastSeen.isBefore(cutoff)) {
                it.remove();
            } else {
                profile.forgetBefore(cutoff);
            }
        }
    }
}
