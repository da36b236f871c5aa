package dev.tokenward.runtime;

import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Origin;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReorderBufferTest {
    private final List<String> released = new ArrayList<>();
    private final ReorderBuffer buffer = new ReorderBuffer(Duration.ofMinutes(15), e -> released.add(e.origin().recordId()));

    private static Event at(String time, String id) {
        return new Event(Instant.parse(time), "cloudtrail", EventKind.CREDENTIAL_USE, null, null, null, null, null, null,
                null, new Origin("records.json", 0, -1, id), null, null);
    }

    /** An event keeping {@code chars} characters of text besides its record id, as a hostile record may. */
    private static Event heavy(String time, String id, int chars) {
        return new Event(Instant.parse(time), "cloudtrail", EventKind.CREDENTIAL_USE, null, null, null, null, null, null,
                null, new Origin("records.json", 0, -1, id), java.util.Map.of("cloudtrail.requestParameters", "k".repeat(chars)), null);
    }

    @Test
    void putsEventsBackInOrderWithinTheLateness() {
        buffer.add(at("2026-11-17T14:05:02Z", "b"));
        buffer.add(at("2026-11-17T14:03:40Z", "a"));
        buffer.add(at("2026-11-17T14:10:00Z", "c"));
        assertThat(released).isEmpty();
        buffer.add(at("2026-11-17T14:21:00Z", "d"));
        assertThat(released).containsExactly("a", "b");
        buffer.flush();
        assertThat(released).containsExactly("a", "b", "c", "d");
        assertThat(buffer.late()).isZero();
    }

    @Test
    void anEventOlderThanWhatWasReleasedIsLateButStillPassedOn() {
        buffer.add(at("2026-11-17T14:00:00Z", "a"));
        buffer.add(at("2026-11-17T14:30:00Z", "b"));
        buffer.add(at("2026-11-17T13:50:00Z", "late"));
        buffer.flush();
        assertThat(released).containsExactly("a", "late", "b");
        assertThat(buffer.late()).isEqualTo(1);
    }

    @Test
    void equalTimesComeOutInContentOrderWhateverTheArrivalOrder() {
        List<String> forward = new ArrayList<>();
        List<String> backward = new ArrayList<>();
        ReorderBuffer one = new ReorderBuffer(Duration.ofMinutes(15), e -> forward.add(e.origin().recordId()));
        ReorderBuffer two = new ReorderBuffer(Duration.ofMinutes(15), e -> backward.add(e.origin().recordId()));
        List<Event> events = List.of(at("2026-11-17T14:00:00Z", "x"), at("2026-11-17T14:00:00Z", "y"), at("2026-11-17T14:00:00Z", "z"));
        events.forEach(one::add);
        for (int i = events.size() - 1; i >= 0; i--) {
            two.add(events.get(i));
        }
        one.flush();
        two.flush();
        assertThat(forward).hasSize(3).isEqualTo(backward);
    }

    @Test
    void aRecordFarInTheFutureCannotMakeTheBufferHoldEverything() {
        ReorderBuffer small = new ReorderBuffer(Duration.ofMinutes(15), e -> released.add(e.origin().recordId()), new LateEvents(), 2);
        small.add(at("2099-01-01T00:00:00Z", "future"));
        small.add(at("2026-11-17T14:00:00Z", "a"));
        small.add(at("2026-11-17T14:01:00Z", "b"));
        small.add(at("2026-11-17T14:02:00Z", "c"));
        assertThat(released).containsExactly("a", "b");
        assertThat(small.forced()).isEqualTo(2);
        small.flush();
        assertThat(released).containsExactly("a", "b", "c", "future");
    }

    @Test
    void anEventKeepingMuchTextCountsAsSeveral() {
        ReorderBuffer small = new ReorderBuffer(Duration.ofMinutes(15), e -> released.add(e.origin().recordId()), new LateEvents(), 4);
        small.add(at("2026-11-17T14:00:00Z", "a"));
        small.add(heavy("2026-11-17T14:01:00Z", "b", 2 * ReorderBuffer.CHARS_PER_EVENT + 100));
        assertThat(released).as("one event and one counting as three fill the buffer of four").isEmpty();
        small.add(at("2026-11-17T14:02:00Z", "c"));
        assertThat(released).containsExactly("a");
        assertThat(small.forced()).isEqualTo(1);
        small.add(at("2026-11-17T14:03:00Z", "d"));
        assertThat(released).as("the heavy event leaves, and with it the room of three").containsExactly("a", "b");
        small.add(at("2026-11-17T14:04:00Z", "e"));
        small.add(at("2026-11-17T14:05:00Z", "f"));
        assertThat(released).containsExactly("a", "b");
        assertThat(small.forced()).isEqualTo(2);
    }

    @Test
    void anEventWithTextUnderTheUnitCountsOnce() {
        ReorderBuffer small = new ReorderBuffer(Duration.ofMinutes(15), e -> released.add(e.origin().recordId()), new LateEvents(), 4);
        for (int i = 0; i < 4; i++) {
            small.add(heavy("2026-11-17T14:0" + i + ":00Z", "e" + i, ReorderBuffer.CHARS_PER_EVENT - 10));
        }
        assertThat(released).isEmpty();
        assertThat(small.forced()).isZero();
        assertThat(ReorderBuffer.weight(heavy("2026-11-17T14:00:00Z", "x", 5 * ReorderBuffer.CHARS_PER_EVENT))).isEqualTo(6);
        assertThat(ReorderBuffer.weight(heavy("2026-11-17T14:00:00Z", "x", ReorderBuffer.CHARS_PER_EVENT - 1))).as("with its id, exactly the unit").isEqualTo(2);
    }

    @Test
    void thousandsOfEventsArrivingUpToTenMinutesLateComeOutInOrder() {
        List<Event> events = new ArrayList<>();
        Instant start = Instant.parse("2026-11-17T14:00:00Z");
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 5000; i++) {
            events.add(at(start.plusSeconds(i * 3L).toString(), String.format("e%05d", i)));
        }
        java.util.Map<Event, Long> arrives = new java.util.IdentityHashMap<>();
        for (Event event : events) {
            arrives.put(event, event.time().getEpochSecond() + random.nextInt(600));
        }
        List<Event> arrival = new ArrayList<>(events);
        arrival.sort(java.util.Comparator.comparing(arrives::get));
        assertThat(arrival).as("the arrival order is shuffled").isNotEqualTo(events);
        arrival.forEach(buffer::add);
        buffer.flush();
        assertThat(released).hasSize(5000).isSorted();
        assertThat(buffer.late()).isZero();
        assertThat(buffer.forced()).isZero();
    }
}
