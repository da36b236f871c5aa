package dev.tokenward.runtime;

import dev.tokenward.event.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Puts events back in event-time order within the allowed lateness: an event is held until an
 * event {@code lateness} newer has been seen. An event older than what was already released is
 * late: it is still passed on, at once, and counted. At most {@link #MAX_HELD} events are held:
 * one record dated far in the future cannot make the buffer keep everything after it; when full,
 * the oldest held event is released early (and counted).
 */
public final class ReorderBuffer {
    public static final int MAX_HELD = 200_000;

    private final Duration lateness;
    private final int capacity;
    private final Consumer<Event> downstream;
    private final PriorityQueue<EventOrder.Keyed> held = new PriorityQueue<>();
    private Instant frontier = Instant.MIN;
    private Instant released = Instant.MIN;
    private long late;
    private long forced;

    public ReorderBuffer(Duration lateness, Consumer<Event> downstream) {
        this(lateness, downstream, MAX_HELD);
    }

    ReorderBuffer(Duration lateness, Consumer<Event> downstream, int capacity) {
        this.lateness = lateness;
        this.downstream = downstream;
        this.capacity = capacity;
    }

    public void add(Event event) {
        if (event.time().isBefore(released)) {
            late++;
            downstream.accept(event);
            return;
        }
        held.add(EventOrder.Keyed.of(event));
        if (event.time().isAfter(frontier)) {
            frontier = event.time();
            release(frontier.minus(lateness));
        }
        if (held.size() > capacity) {
            forced++;
            emit(held.poll().event());
        }
    }

    /** Events released before their time because the buffer was full. */
    public long forced() {
        return forced;
    }

    /** Releases everything held: the end of the input. */
    public void flush() {
        release(Instant.MAX);
    }

    public long late() {
        return late;
    }

    private void release(Instant watermark) {
        while (!held.isEmpty() && !held.peek().event().time().isAfter(watermark)) {
            emit(held.poll().event());
        }
    }

    private void emit(Event next) {
        if (next.time().isAfter(released)) {
            released = next.time();
        }
        downstream.accept(next);
    }
}
