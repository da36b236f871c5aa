package dev.tokenward.analytic.identity;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tokenward.analytic.KeptText;
import dev.tokenward.event.Action;
import dev.tokenward.event.Event;
import dev.tokenward.event.Outcome;

import java.util.HashMap;
import java.util.Map;

/**
 * Mass-api-access's sliding window of one principal's calls, oldest first: per call its time, a
 * fingerprint of its target (operation, region, resource) and what it was (refused; to an identity,
 * key, secret or audit service; enumerating), with how many calls each distinct target had.
 *
 * <p>A target is kept as a 64-bit fingerprint ({@link KeptText#fingerprint}), not as its text: the
 * window is only ever counted, and a call then costs the same whatever the length of its resource
 * (a record's texts may be 4,096 characters, and a window holds up to {@value #MAX_WINDOW} calls). Two targets share a fingerprint
 * about once in 2<sup>65</sup>/n² windows of n distinct targets.
 */
public final class CallWindow {
    static final int MAX_WINDOW = 2000;
    /** An empty window holds no arrays (most principals' windows are empty most of the time). */
    private static final long[] NO_CALLS = new long[0];
    private static final byte[] NO_MARKS = new byte[0];
    private static final byte REFUSED = 1;
    private static final byte SENSITIVE = 2;
    private static final byte ENUMERATION = 4;
    /** Refused sensitive calls, and the share of refused calls, that make a burst probing. */
    private static final int PROBES = 3;
    private static final double PROBING_SHARE = 0.2;

    /** What the calls in the window were: refused, to sensitive services, enumerating (List, Get, Describe). */
    record Counts(long refused, long sensitive, long enumeration) {
    }

    /** A ring: the oldest call at {@code oldest}, {@code size} calls from there on. */
    @JsonProperty
    private long[] times = NO_CALLS;
    @JsonProperty
    private long[] targets = NO_CALLS;
    @JsonProperty
    private byte[] marks = NO_MARKS;
    @JsonProperty
    private int oldest;
    @JsonProperty
    private int size;
    @JsonProperty
    private final Map<Long, Integer> distinct = new HashMap<>(4);

    /** Adds the call made at {@code now} (epoch milliseconds), dropping the oldest beyond {@value #MAX_WINDOW}. */
    void add(Event event, long now) {
        Action action = event.action();
        String target = action.operation() + "|" + action.region() + "|" + action.resource();
        String operation = action.operation();
        byte mark = (byte) ((event.outcome() == Outcome.FAILURE ? REFUSED : 0) | (action.sensitive() ? SENSITIVE : 0)
                | (operation != null && (operation.startsWith("List") || operation.startsWith("Get")
                || operation.startsWith("Describe")) ? ENUMERATION : 0));
        if (size == times.length) {
            grow();
        }
        int slot = (oldest + size) % times.length;
        long fingerprint = KeptText.fingerprint(action.sensitive() ? "!" + target : target);
        times[slot] = now;
        targets[slot] = fingerprint;
        marks[slot] = mark;
        size++;
        distinct.merge(fingerprint, 1, Integer::sum);
        if (size > MAX_WINDOW) {
            dropOldest();
        }
    }

    /** Drops the calls made at or before {@code horizon} (epoch milliseconds). */
    void evictUpTo(long horizon) {
        while (size > 0 && times[oldest] <= horizon) {
            dropOldest();
        }
        if (size == 0 && times.length > 0) {
            times = NO_CALLS;
            targets = NO_CALLS;
            marks = NO_MARKS;
            oldest = 0;
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    int calls() {
        return size;
    }

    /** Distinct targets (operation, region, resource) in the window. */
    int distinctTargets() {
        return distinct.size();
    }

    /** Milliseconds from the oldest call in the window to the newest. */
    long span() {
        return size == 0 ? 0 : times[(oldest + size - 1) % times.length] - times[oldest];
    }

    /** Whether the window's refusals are those of someone finding out what a key may do. */
    boolean probing() {
        int refused = 0;
        int sensitive = 0;
        for (int i = 0; i < size; i++) {
            byte mark = marks[(oldest + i) % marks.length];
            if ((mark & REFUSED) != 0) {
                refused++;
                sensitive += (mark & SENSITIVE) != 0 ? 1 : 0;
            }
        }
        return sensitive >= PROBES && refused >= PROBING_SHARE * size;
    }

    Counts count() {
        long refused = 0;
        long sensitive = 0;
        long enumeration = 0;
        for (int i = 0; i < size; i++) {
            byte mark = marks[(oldest + i) % marks.length];
            refused += (mark & REFUSED) != 0 ? 1 : 0;
            sensitive += (mark & SENSITIVE) != 0 ? 1 : 0;
            enumeration += (mark & ENUMERATION) != 0 ? 1 : 0;
        }
        return new Counts(refused, sensitive, enumeration);
    }

    private void dropOldest() {
        distinct.computeIfPresent(targets[oldest], (k, n) -> n == 1 ? null : n - 1);
        oldest = (oldest + 1) % times.length;
        size--;
    }

    /** Doubles the ring (from 4, to {@value #MAX_WINDOW} + 1 at most), the oldest call first. */
    private void grow() {
        int capacity = Math.min(Math.max(4, times.length * 2), MAX_WINDOW + 1);
        long[] newTimes = new long[capacity];
        long[] newTargets = new long[capacity];
        byte[] newMarks = new byte[capacity];
        for (int i = 0; i < size; i++) {
            int from = (oldest + i) % times.length;
            newTimes[i] = times[from];
            newTargets[i] = targets[from];
            newMarks[i] = marks[from];
        }
        times = newTimes;
        targets = newTargets;
        marks = newMarks;
        oldest = 0;
    }
}
