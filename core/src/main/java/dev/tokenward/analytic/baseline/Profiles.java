package dev.tokenward.analytic.baseline;

import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.Principal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-principal profiles, kept once per event for all analytics. Only what a principal did
 * successfully teaches its profile. An AWS role session also teaches its role's profile. Once a (UTC) day of event time has passed, facts and principals
 * not seen for {@code forgetAfter} are dropped.
 */
public final class Profiles {
    private final BaselineSettings settings;
    private final int limit;
    /** Least recently used first: past the limit, the profile used least recently goes. */
    private final LinkedHashMap<String, Profile> profiles = new LinkedHashMap<>(1 << 10, 0.75f, true);
    private Instant sweptDay;
    private long evicted;
    private int peak;

    public Profiles(BaselineSettings settings) {
        this(settings, Integer.MAX_VALUE);
    }

    /** Profiles kept for at most {@code limit} principals (and roles). */
    public Profiles(BaselineSettings settings, int limit) {
        this.settings = settings;
        this.limit = limit;
    }

    /** The principal's profile as it stands, or null if the principal has not been seen. */
    public Profile get(String principal) {
        return principal == null ? null : profiles.get(principal);
    }

    /** Learns from one event (in event-time order). */
    public void observe(Event event) {
        sweep(event.time());
        if (event.principal() == null || event.principal().name() == null || event.outcome().stopped()) {
            return;
        }
        String principal = event.principal().name();
        String[] values = Profile.values(event);
        profileOf(principal).observe(event, values, settings);
        String role = group(event);
        if (role != null) {
            profileOf(role).observe(event, values, settings);
        }
    }

    private Profile profileOf(String principal) {
        Profile profile = profiles.get(principal);
        if (profile == null) {
            profile = new Profile();
            profiles.put(principal, profile);
            if (profiles.size() > limit) {
                var eldest = profiles.entrySet().iterator();
                eldest.next();
                eldest.remove();
                evicted++;
            }
            peak = Math.max(peak, profiles.size());
        }
        return profile;
    }

    /** Profiles that made room for newer ones at the limit. */
    public long evicted() {
        return evicted;
    }

    /** The most principals profiled at once. */
    public int peak() {
        return peak;
    }

    /**
     * The identity whose profile gathers the habits of all the event's principal's sessions: a role
     * session's role (session names are often per run or per host). Null for other principals, and
     * for a federated user, whose parent is the person who minted it, not a role.
     */
    public static String group(Event event) {
        Principal principal = event.principal();
        boolean federated = event.credential() != null && event.credential().kind() == CredentialKind.FEDERATION_TOKEN;
        return principal == null || federated ? null : principal.parent();
    }

    public Map<String, Profile> all() {
        return Collections.unmodifiableMap(profiles);
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
