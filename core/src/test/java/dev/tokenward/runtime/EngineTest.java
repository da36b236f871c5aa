package dev.tokenward.runtime;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.Severity;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EngineTest {

    /** Records what it sees; on a timer, asks again for the same instant (a common slip) and for a minute later, once. */
    private static final class Recorder implements Analytic<List<String>> {
        final List<String> seen = new ArrayList<>();

        @Override
        public AnalyticSpec spec() {
            return new AnalyticSpec("recorder", "records", List.of(), EntityKind.PRINCIPAL, Severity.LOW, List.of(), List.of());
        }

        @Override
        public boolean accepts(Event event) {
            return true;
        }

        @Override
        public List<String> newState() {
            return new ArrayList<>();
        }

        @Override
        public List<String> onEvent(Event event, List<String> state, Context context) {
            seen.add("event " + context.now());
            context.setTimer(context.now().plus(Duration.ofMinutes(5)));
            return state;
        }

        @Override
        public List<String> onTimer(Instant time, List<String> state, Context context) {
            seen.add("timer " + time);
            context.setTimer(time);
            if (state.isEmpty()) {
                state.add("again");
                context.setTimer(time.plus(Duration.ofMinutes(1)));
            }
            return state;
        }
    }

    @Test
    @Timeout(10)
    void timersFireInEventTimeBeforeLaterEventsAndATimerForTheInstantBeingFiredIsDropped() throws BadRecordException {
        Recorder recorder = new Recorder();
        Engine engine = new Engine(List.of(recorder), signal -> { });

        engine.process(event("2026-11-12T13:00:00Z"));
        engine.process(event("2026-11-12T13:10:00Z"));
        engine.finish();

        assertThat(recorder.seen).containsExactly(
                "event 2026-11-12T13:00:00Z",
                "timer 2026-11-12T13:05:00Z",
                "timer 2026-11-12T13:06:00Z",
                "event 2026-11-12T13:10:00Z",
                "timer 2026-11-12T13:15:00Z");
    }

    /** Counts each principal's events; drops its state (returns null) when the count reaches {@code dropAt}. */
    private static final class Counter implements Analytic<int[]> {
        final String id;
        final int dropAt;
        final List<String> seen;

        Counter(String id, int dropAt, List<String> seen) {
            this.id = id;
            this.dropAt = dropAt;
            this.seen = seen;
        }

        @Override
        public AnalyticSpec spec() {
            return new AnalyticSpec(id, "counts", List.of(), EntityKind.PRINCIPAL, Severity.LOW, List.of(), List.of());
        }

        @Override
        public boolean accepts(Event event) {
            return true;
        }

        @Override
        public int[] newState() {
            return new int[1];
        }

        @Override
        public int[] onEvent(Event event, int[] state, Context context) {
            state[0]++;
            seen.add(id + " " + context.key().substring(0, 4) + " " + state[0]);
            return state[0] == dropAt ? null : state;
        }
    }

    @Test
    void analyticsKeyedByTheSameEntityKeepTheirOwnStatesAndDropThemOnTheirOwn() throws BadRecordException {
        List<String> seen = new ArrayList<>();
        Engine engine = new Engine(List.of(new Counter("keeps", 0, seen), new Counter("drops", 2, seen)), signal -> { });

        engine.process(event("2026-11-12T13:00:00Z", MAYA));
        engine.process(event("2026-11-12T13:01:00Z", OMAR));
        engine.process(event("2026-11-12T13:02:00Z", MAYA));
        engine.process(event("2026-11-12T13:03:00Z", MAYA));
        engine.finish();

        assertThat(seen).containsExactly(
                "keeps maya 1", "drops maya 1",
                "keeps omar 1", "drops omar 1",
                "keeps maya 2", "drops maya 2",
                "keeps maya 3", "drops maya 1");
        assertThat(engine.stateFootprint().get("keeps")[0]).as("principals with state").isEqualTo(2);
        assertThat(engine.stateFootprint().get("drops")[0]).as("principals with state").isEqualTo(2);
        assertThat(engine.stateKeys()).as("distinct principals holding state in any analytic or profile, each counted once")
                .containsEntry("PRINCIPAL", 2);
    }

    @Test
    void pastItsLimitAnAnalyticForgetsTheEntitySeenLeastRecentlyAndItsTimersWithIt() throws BadRecordException {
        Recorder recorder = new Recorder();
        List<String> counted = new ArrayList<>();
        Engine engine = new Engine(List.of(recorder, new Counter("counts", 0, counted)), dev.tokenward.analytic.baseline.BaselineSettings.DEFAULTS,
                new dev.tokenward.analytic.StateLimits(100, java.util.Map.of("recorder", 150), null), signal -> { });
        Instant start = Instant.parse("2026-11-12T13:00:00Z");
        for (int i = 0; i < 160; i++) {
            engine.process(event(start.plusMillis(i).toString(), "user" + (1000 + i) + "@tidewateranalytics.com"));
        }
        engine.process(event(start.plusSeconds(1).toString(), "user1000@tidewateranalytics.com"));
        engine.finish();

        assertThat(engine.evicted()).as("a tenth of the limit at a time: six times 11, and once 16")
                .containsExactly(java.util.Map.entry("baseline.profiles", 61L), java.util.Map.entry("counts", 66L),
                        java.util.Map.entry("recorder", 16L));
        assertThat(engine.peaks()).containsEntry("counts", 101).containsEntry("recorder", 151);
        assertThat(counted).as("a principal evicted and seen again starts afresh").endsWith("counts user 1");
        long timers = recorder.seen.stream().filter(s -> s.startsWith("timer")).count();
        assertThat(timers).as("timers of the 145 states that remained, each firing twice").isEqualTo(2 * 145);
    }

    @Test
    void theEntityEvictedIsTheOneSeenLeastRecentlyNotTheOldest() throws BadRecordException {
        List<String> seen = new ArrayList<>();
        Engine engine = new Engine(List.of(new Counter("counts", 0, seen)), dev.tokenward.analytic.baseline.BaselineSettings.DEFAULTS,
                new dev.tokenward.analytic.StateLimits(100, null, null), signal -> { });
        Instant start = Instant.parse("2026-11-12T13:00:00Z");
        for (int i = 0; i < 100; i++) {
            engine.process(event(start.plusSeconds(i).toString(), "user" + (1000 + i) + "@tidewateranalytics.com"));
        }
        engine.process(event(start.plusSeconds(200).toString(), "user1000@tidewateranalytics.com"));
        engine.process(event(start.plusSeconds(201).toString(), "user2000@tidewateranalytics.com"));
        engine.process(event(start.plusSeconds(202).toString(), "user1000@tidewateranalytics.com"));
        engine.process(event(start.plusSeconds(203).toString(), "user1001@tidewateranalytics.com"));
        assertThat(seen.subList(100, 104)).containsExactly("counts user 2", "counts user 1", "counts user 3", "counts user 1");
        assertThat(engine.evicted()).containsExactly(java.util.Map.entry("baseline.profiles", 2L), java.util.Map.entry("counts", 11L));
    }

    private static final String MAYA = "maya.okafor@tidewateranalytics.com";
    private static final String OMAR = "omar.haddad@tidewateranalytics.com";

    private static Event event(String time) throws BadRecordException {
        return event(time, MAYA);
    }

    private static Event event(String time, String principal) throws BadRecordException {
        return new EventBuilder("okta").time("published", time).kind(EventKind.SESSION_START).outcome(Outcome.SUCCESS, null)
                .principal(principal, "00u9r2LkQ7bXoYt5M2p7", PrincipalType.HUMAN, null).build();
    }
}
