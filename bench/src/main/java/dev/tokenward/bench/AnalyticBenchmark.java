package dev.tokenward.bench;

import dev.tokenward.analytic.Catalog;
import dev.tokenward.enrich.Enricher;
import dev.tokenward.enrich.EnrichmentSettings;
import dev.tokenward.event.Event;
import dev.tokenward.runtime.Engine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Nanoseconds per event for each analytic alone, on the samples' events (enriched, in event-time
 * order) replayed again and again, each round three days later, so that state builds, expires
 * and alerts as in a long run.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar AnalyticBenchmark -f 1 -wi 2 -w 2 -i 3 -r 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class AnalyticBenchmark {
    @Param({"credential-roaming", "mfa-not-satisfied"})
    public String analytic;

    private List<Event> events;
    private Engine engine;
    private int next;
    private long round;
    private long alerts;

    @Setup(Level.Trial)
    public void setUp() {
        List<Event> sample = new ArrayList<>(Corpus.sampleEvents());
        sample.sort(Comparator.comparing(Event::time));
        try (Enricher enricher = EnrichmentSettings.DEFAULTS.withUserAgents("rules").build()) {
            events = sample.stream().map(enricher::enrich).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        engine = new Engine(List.of(Catalog.byId(analytic).orElseThrow().withDefaults()), signal -> alerts++);
    }

    @Benchmark
    public int onEvent() {
        if (next == events.size()) {
            next = 0;
            round++;
        }
        Event event = events.get(next++);
        Duration shift = Duration.ofDays(3 * round);
        engine.process(shift.isZero() ? event : shifted(event, shift));
        return next;
    }

    private static Event shifted(Event e, Duration by) {
        return new Event(e.time().plus(by), e.source(), e.kind(), e.outcome(), e.reason(), e.principal(), e.credential(),
                e.client(), e.network(), e.action(), e.origin(), e.unmapped(), e.invalid());
    }
}
