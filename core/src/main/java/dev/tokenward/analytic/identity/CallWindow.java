package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.identity.MassApiAccess.State;
import dev.tokenward.event.Event;
import dev.tokenward.event.Outcome;

import java.time.Duration;
import java.util.List;

/**
 * Mass-api-access's sliding window of one principal's calls: one entry per call, its target
 * (operation, region, resource) marked when it reached an identity, key, secret or audit service or
 * was refused, with the count of distinct targets. Kept apart so that the marks are read and written
 * in one place.
 */
final class CallWindow {
    private static final int MAX_WINDOW = 2000;
    /** Marks window entries of calls to identity, key, secret and audit services. */
    private static final String SENSITIVE = "!";
    /** Marks window entries of refused calls; not part of the target. */
    private static final char REFUSED = '~';
    /** Refused sensitive calls, and the share of refused calls, that make a burst probing. */
    private static final int PROBES = 3;
    private static final double PROBING_SHARE = 0.2;

    /** What the calls in the window were: refused, to sensitive services, enumerating (List, Get, Describe). */
    record Counts(long refused, long sensitive, long enumeration) {
    }

    private CallWindow() {
    }

    /** Adds the call, dropping the oldest beyond the cap; the first call of an empty window is kept as evidence. */
    static void add(State state, Event event, long now, Context context) {
        String target = (event.action().sensitive() ? SENSITIVE : "") + event.action().operation() + "|"
                + event.action().region() + "|" + event.action().resource();
        boolean refused = event.outcome() == Outcome.FAILURE;
        if (state.times.isEmpty()) {
            state.first = context.evidence(event);
        }
        state.times.addLast(now);
        state.targets.addLast(refused ? REFUSED + target : target);
        state.distinct.merge(target, 1, Integer::sum);
        if (state.times.size() > MAX_WINDOW) {
            drop(state);
        }
    }

    /** Drops the calls older than the window. */
    static void evict(State state, long now, Duration window) {
        long horizon = now - window.toMillis();
        while (!state.times.isEmpty() && state.times.peekFirst() <= horizon) {
            drop(state);
        }
    }

    private static void drop(State state) {
        state.times.removeFirst();
        String entry = state.targets.removeFirst();
        String target = entry.charAt(0) == REFUSED ? entry.substring(1) : entry;
        state.distinct.computeIfPresent(target, (k, n) -> n == 1 ? null : n - 1);
        if (state.times.isEmpty()) {
            state.first = null;
        }
    }

    /** Whether the window's refusals are those of someone finding out what a key may do. */
    static boolean probing(State state) {
        int refused = 0;
        int sensitive = 0;
        for (String target : state.targets) {
            if (target.charAt(0) == REFUSED) {
                refused++;
                sensitive += target.startsWith(SENSITIVE, 1) ? 1 : 0;
            }
        }
        return sensitive >= PROBES && refused >= PROBING_SHARE * state.targets.size();
    }

    static Counts count(State state) {
        List<String> targets = state.targets.stream().map(t -> t.charAt(0) == REFUSED ? t.substring(1) : t).toList();
        long refused = state.targets.size() - state.targets.stream().filter(t -> t.charAt(0) != REFUSED).count();
        long sensitive = targets.stream().filter(t -> t.startsWith(SENSITIVE)).count();
        long enumeration = targets.stream().map(t -> t.startsWith(SENSITIVE) ? t.substring(1) : t)
                .filter(t -> t.startsWith("List") || t.startsWith("Get") || t.startsWith("Describe")).count();
        return new Counts(refused, sensitive, enumeration);
    }
}
