package dev.tokenward.runtime;

import dev.tokenward.event.Event;
import dev.tokenward.source.InputReader;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Files written newest first: LastPass's reporting API returns each page of up to 10,000 events
 * in descending time, and exports of it keep that order. Merged as written, all but the first
 * events of such a file would arrive later than any lateness allows. A file whose first events
 * go back in time is read through once while planning: when at least {@link #BACKWARD_SHARE} of its
 * steps from one event to the next go back, it is newest first, and it starts at its earliest
 * event. When the merge reaches it, it is read whole (up to {@link #MAX_EVENTS} events, which
 * bounds the memory one such file can take) and served oldest first; what lies beyond the cap
 * follows in the order written, and the late events it causes are counted as such. A CloudTrail
 * delivery, unordered, goes back about half of its steps and stays as it is.
 */
final class NewestFirst {
    /** Events of one newest-first file held to be turned round; ten LastPass pages. */
    static final int MAX_EVENTS = 100_000;
    /** The share of a file's steps that must go back in time for it to be newest first. */
    static final double BACKWARD_SHARE = 0.9;

    private NewestFirst() {
    }

    /**
     * When the file being read (its first {@code first} times already read) is newest first, the
     * time of its earliest event; null when it is not. Reads the rest of the file.
     */
    static Instant start(List<Instant> first, InputReader reader) {
        Instant previous = first.get(first.size() - 1);
        Instant earliest = previous;
        long steps = 0;
        long backward = 0;
        for (int i = 1; i < first.size(); i++) {
            if (!first.get(i).equals(first.get(i - 1))) {
                steps++;
                backward += first.get(i).isBefore(first.get(i - 1)) ? 1 : 0;
            }
        }
        for (Event event = reader.next(); event != null; event = reader.next()) {
            Instant time = event.time();
            if (!time.equals(previous)) {
                // a step within one second (times written to the second) says nothing of the order
                steps++;
                backward += time.isBefore(previous) ? 1 : 0;
            }
            if (time.isBefore(earliest)) {
                earliest = time;
            }
            previous = time;
        }
        return steps > 0 && backward >= BACKWARD_SHARE * steps ? earliest : null;
    }

    /** The file's events, newest first as read, up to {@link #MAX_EVENTS}: the caller takes them from the end. */
    static Deque<Event> reversed(InputReader reader) {
        Deque<Event> read = new ArrayDeque<>();
        while (read.size() < MAX_EVENTS) {
            Event event = reader.next();
            if (event == null) {
                break;
            }
            read.addLast(event);
        }
        return read;
    }
}
