package dev.tokenward.analytic;

import java.util.List;
import java.util.Map;

/**
 * How many entities (principals, credentials) each analytic and each shared baseline keeps state
 * for, from the configuration's {@code state} section. Past the limit, the entity seen least
 * recently loses its state to make room: deterministically (in the order events are processed,
 * which is event-time order) and counted, so a flood of new principals or credentials cannot
 * exhaust memory and the summary says what was forgotten. The limit is a number, never a share
 * of the heap: results never depend on how much memory the process was given.
 *
 * <pre>
 * state:
 *   maxEntities: 20000                   # per analytic, and for baseline.profiles
 *   limits:                              # per analytic or baseline, where one needs more or less
 *     credential-roaming: 100000
 *     baseline.lineage: 200000           # default: four times maxEntities (a lineage is small)
 *   maxHeldEvents: 50000                 # events held at once to put them back in time order (within the lateness);
 *                                        # an event with much text counts as several
 * </pre>
 *
 * <p>The defaults hold a whole state in a 256 MB heap. An organisation with more principals, or
 * more credentials alive at once, raises them with the heap: the summary says when they were hit.
 *
 * @param maxEntities the limit of every analytic and baseline without one of its own
 * @param limits      limits by analytic id, or {@code baseline.profiles} / {@code baseline.lineage}
 * @param maxHeldEvents events the reorder buffer holds at once, an event counting once and once more for every full
 *                      2,048 characters of text it keeps; past it, the oldest is released early (and counted)
 */
public record StateLimits(Integer maxEntities, Map<String, Integer> limits, Integer maxHeldEvents) {
    public static final int DEFAULT_MAX_ENTITIES = 20_000;
    public static final int DEFAULT_MAX_HELD_EVENTS = 50_000;
    /** Credentials outnumber principals (sessions, keys, tokens) and a lineage is small: the registry keeps this many times more. */
    private static final int LINEAGE_FACTOR = 4;
    /** The shared baselines' names in limits and reports: profiles are kept by principal, lineage by credential. */
    public static final String PROFILES = "baseline.profiles";
    public static final String LINEAGE = "baseline.lineage";
    public static final List<String> BASELINES = List.of(PROFILES, LINEAGE);
    public static final StateLimits DEFAULTS = new StateLimits(null, null, null);

    public StateLimits {
        maxEntities = maxEntities == null ? DEFAULT_MAX_ENTITIES : maxEntities;
        limits = limits == null ? Map.of() : Map.copyOf(limits);
        maxHeldEvents = maxHeldEvents == null ? DEFAULT_MAX_HELD_EVENTS : maxHeldEvents;
        dev.tokenward.event.Checks.require(maxHeldEvents >= 1000, "maxHeldEvents must be at least 1000, not %s", maxHeldEvents);
        dev.tokenward.event.Checks.require(maxEntities >= 100, "maxEntities must be at least 100, not %s", maxEntities);
        for (Map.Entry<String, Integer> limit : limits.entrySet()) {
            dev.tokenward.event.Checks.require(limit.getValue() != null && limit.getValue() >= 100,
                    "limits.%s must be at least 100, not %s", limit.getKey(), limit.getValue());
        }
    }

    /** The limit of one analytic or baseline. */
    public int limit(String id) {
        Integer own = limits.get(id);
        return own != null ? own : id.equals(LINEAGE) ? maxEntities * LINEAGE_FACTOR : maxEntities;
    }
}
