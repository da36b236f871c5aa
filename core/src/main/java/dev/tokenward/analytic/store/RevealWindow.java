package dev.tokenward.analytic.store;

import dev.tokenward.analytic.store.CredentialStoreScraping.State;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;

import java.time.Duration;

/** credential-store-scraping's window of distinct items revealed and its habit of busiest windows per day. */
final class RevealWindow {
    /** Reads a window holds at most. */
    static final int MAX_WINDOW = 2000;

    private RevealWindow() {
    }

    /** The busiest window of the earlier days kept; 0 without any. */
    static int habit(State state) {
        return state.peaks.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** The vault or store an item lives in: a vault item's vault, else the service holding the secret. */
    static String store(Event event, String item) {
        int slash = item.indexOf('/');
        return event.kind() == EventKind.CREDENTIAL_STORE_ACCESS && slash > 0 ? event.action().service() + ":" + item.substring(0, slash)
                : event.action().service();
    }

    /**
     * The day ends: its busiest window joins the habit, which keeps the last {@code habitDays},
     * unless a burst was raised that day (a scrape is never the principal's habit).
     */
    static void closeDay(State state, int habitDays) {
        if (state.day != Long.MIN_VALUE && state.dayPeak > 0 && !state.dayAlerted) {
            state.peaks.addLast(state.dayPeak);
            while (state.peaks.size() > habitDays) {
                state.peaks.removeFirst();
            }
        }
        state.dayPeak = 0;
        state.dayAlerted = false;
        state.newStores.clear();
    }

    /**
     * Adds one item revealed, dropping the oldest read beyond {@value #MAX_WINDOW} so that a flood
     * keeps the state bounded; true when the item is new to the window.
     */
    static boolean add(State state, String item, long now) {
        state.times.addLast(now);
        state.items.addLast(item);
        boolean added = state.distinct.merge(item, 1, Integer::sum) == 1;
        if (state.times.size() > MAX_WINDOW) {
            drop(state);
        }
        return added;
    }

    /** Drops the reads older than the window. */
    static void evict(State state, long now, Duration window) {
        long from = now - window.toMillis();
        while (!state.times.isEmpty() && state.times.peekFirst() <= from) {
            drop(state);
        }
        if (state.distinct.isEmpty()) {
            state.first = null;
        }
    }

    private static void drop(State state) {
        state.times.removeFirst();
        state.distinct.computeIfPresent(state.items.removeFirst(), (item, n) -> n == 1 ? null : n - 1);
    }
}
