package dev.tokenward.runtime;

import dev.tokenward.analytic.StateLimits;
import dev.tokenward.event.Event;
import dev.tokenward.source.EventText;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Puts events back in event-time order within the allowed lateness: an event is held until an
 * event {@code lateness} newer has been seen. An event older than what was already released is
 * late: it is still passed on, at once, and counted. At most {@link #MAX_HELD} events are held:
 * one record dated far in the future cannot make the buffer keep everything after it; when full,
 * the oldest held event is released early (and counted). An event counts once, and once more for
 * every full {@value #CHARS_PER_EVENT} characters of text it keeps (once, for nearly every real
 * record): a record may fill each of its texts to the input limit, and the buffer is bounded in
 * memory, not only in events.
 */
public final class ReorderBuffer {
    public static final int MAX_HELD = StateLimits.DEFAULT_MAX_HELD_EVENTS;
    /** Characters of text an event may keep and count as one held event. */
    static final int CHARS_PER_EVENT = 2048;

    private final Duration lateness;
    private final int capacity;
    private final Consumer<Event> downstream;
    private final Held held = new Held();
    private final LateEvents late;
    /** The held events, each counted as {@link #weight} events. */
    private long heldWeight;
    private Instant frontier = Instant.MIN;
    private Instant released = Instant.MIN;
    private long forced;

    public ReorderBuffer(Duration lateness, Consumer<Event> downstream) {
        this(lateness, downstream, new LateEvents(), MAX_HELD);
    }

    public ReorderBuffer(Duration lateness, Consumer<Event> downstream, LateEvents late) {
        this(lateness, downstream, late, MAX_HELD);
    }

    public ReorderBuffer(Duration lateness, Consumer<Event> downstream, LateEvents late, int capacity) {
        this.lateness = lateness;
        this.downstream = downstream;
        this.late = late;
        this.capacity = capacity;
    }

    /** The events held for ordering: for measuring them. */
    Object held() {
        return held;
    }

    public void add(Event event) {
        if (event.time().isBefore(released)) {
            late.late(event, released);
            downstream.accept(event);
            return;
        }
        int weight = weight(event);
        held.add(EventOrder.Keyed.of(event), weight);
        heldWeight += weight;
        if (event.time().isAfter(frontier)) {
            frontier = event.time();
            release(frontier.minus(lateness));
        }
        while (heldWeight > capacity) {
            forced++;
            emit(take());
        }
    }

    /** How many events one event counts as: one, and one more for every full {@value #CHARS_PER_EVENT} characters of its text. */
    static int weight(Event event) {
        return (int) Math.min(Integer.MAX_VALUE, 1 + EventText.chars(event) / CHARS_PER_EVENT);
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
        return late.count();
    }

    /**
     * The held events in order, in one array: events arrive almost in order (the inputs are merged
     * by time), so an event nearly always goes at the end and the oldest leaves from the front,
     * where a priority queue would pay a logarithmic sift for every event.
     */
    private static final class Held {
        private EventOrder.Keyed[] items = new EventOrder.Keyed[1024];
        /** What each held event counts as, beside it. */
        private int[] weights = new int[1024];
        private int head;
        private int tail;

        boolean isEmpty() {
            return head == tail;
        }

        EventOrder.Keyed peek() {
            return items[head];
        }

        int peekWeight() {
            return weights[head];
        }

        EventOrder.Keyed poll() {
            EventOrder.Keyed first = items[head];
            items[head++] = null;
            if (head == tail) {
                head = 0;
                tail = 0;
            }
            return first;
        }

        void add(EventOrder.Keyed item, int weight) {
            if (tail == items.length) {
                makeRoom();
            }
            if (head == tail || items[tail - 1].compareTo(item) <= 0) {
                weights[tail] = weight;
                items[tail++] = item;
                return;
            }
            int low = head;
            int high = tail - 1;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (items[middle].compareTo(item) <= 0) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            System.arraycopy(items, low, items, low + 1, tail - low);
            System.arraycopy(weights, low, weights, low + 1, tail - low);
            items[low] = item;
            weights[low] = weight;
            tail++;
        }

        /** Moves the held events to the front, and doubles the array when they fill more than half of it. */
        private void makeRoom() {
            int size = tail - head;
            EventOrder.Keyed[] target = size > items.length / 2 ? new EventOrder.Keyed[items.length * 2] : items;
            int[] targetWeights = target == items ? weights : new int[target.length];
            System.arraycopy(items, head, target, 0, size);
            System.arraycopy(weights, head, targetWeights, 0, size);
            if (target == items) {
                Arrays.fill(items, size, tail, null);
            }
            items = target;
            weights = targetWeights;
            head = 0;
            tail = size;
        }
    }

    private void release(Instant watermark) {
        while (!held.isEmpty() && !held.peek().event().time().isAfter(watermark)) {
            emit(take());
        }
    }

    private Event take() {
        heldWeight -= held.peekWeight();
        return held.poll().event();
    }

    private void emit(Event next) {
        if (next.time().isAfter(released)) {
            released = next.time();
        }
        downstream.accept(next);
    }
}
