package dev.tokenward.runtime;

import dev.tokenward.event.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Puts events back in event-time order within the allowed lateness: an event is held until an
 * event {@code lateness} newer has been seen. An event older than what was already released is
 * late: it is still passed on, at once, and counted.
 */
public final class ReorderBuffer {
    private final Duration lateness;
    private final Consumer<Event> downstream;
    private final PriorityQueue<EventOrder.Keyed> held = new PriorityQueue<>();
    private Instant frontier = Instant.MIN;
    private Instant released = Instant.MIN;
    private long late;
    private int peak;

    public ReorderBuffer(Duration lateness, Consumer<Event> downstream) {
        this.lateness = lateness;
        this.downstream = downstream;
    }

    public void add(Event event) {
        if (event.time().isBefore(released)) {
            late++;
            downstream.accept(event);
            return;
        }
        held.add(EventOrder.Keyed.of(event));
        peak = Math.max(peak, held.size());
        if (event.time().isAfter(frontier)) {
            frontier = event.time();
            release(frontier.minus(lateness));
        }
    }

    /** Releases everything held: the end of the input. */
    public void flush() {
        release(Instant.MAX);
    }

    public long late() {
        return late;
    }

    /** The most events held at once: the memory the reorder window cost. */
    public int peakHeld() {
        return peak;
    }

    private void release(Instant watermark) {
        while (!held.isEmpty() && !held.peek().event().time().isAfter(watermark)) {
            Event next = held.poll().event();
            if (next.time().isAfter(released)) {
                released = next.time();
            }
            downstream.accept(next);
        }
    }
}
