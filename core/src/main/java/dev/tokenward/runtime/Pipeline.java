package dev.tokenward.runtime;

import dev.tokenward.analytic.Signal;
import dev.tokenward.config.Config;
import dev.tokenward.enrich.Enricher;
import dev.tokenward.event.Event;
import dev.tokenward.signal.Alert;
import dev.tokenward.signal.AlertFactory;
import dev.tokenward.signal.AlertLimiter;
import dev.tokenward.signal.Incident;
import dev.tokenward.signal.Incidents;
import dev.tokenward.signal.PlaybookMemory;
import dev.tokenward.signal.Suppression;

import java.util.List;
import java.util.function.Consumer;

/**
 * The stages after decoding, in a row: enrich, order by event time, run the analytics, turn
 * signals into alerts. Feed it events in roughly event-time order, then {@link #finish()}.
 */
public final class Pipeline implements Consumer<Event> {
    private final RunStats stats;
    private final Enricher enricher;
    private final ReorderBuffer reorder;
    private final Engine engine;
    private final LateEvents late = new LateEvents();
    private final AlertLimiter limiter;
    private final Incidents incidents;
    private final PlaybookMemory memory;

    public Pipeline(Config config, Enricher enricher, Consumer<Alert> alerts, RunStats stats) {
        this.stats = stats;
        this.enricher = enricher;
        this.memory = new PlaybookMemory(config.state().maxEntities());
        this.incidents = new Incidents(config.incidents());
        this.limiter = new AlertLimiter(config.alerts(), alert -> {
            stats.alert(alert.analytic(), alert.count());
            alerts.accept(incidents.add(alert));
        });
        AlertFactory[] factory = new AlertFactory[1];
        List<Suppression> suppressions = config.suppressions();
        suppressions.forEach(stats::suppression);
        Consumer<Signal> signals = signal -> {
            Alert alert = factory[0].alert(signal);
            Suppression by = suppressions.stream().filter(s -> s.test(alert)).findFirst().orElse(null);
            if (by != null) {
                stats.suppressed(by);
                return;
            }
            late.alerted(alert.principal(), alert.credential());
            limiter.accept(alert);
        };
        this.engine = new Engine(config.analytics(), config.baseline(), config.state(), signals);
        factory[0] = new AlertFactory(memory, engine::profile, enricher.geo().versions());
        this.reorder = new ReorderBuffer(config.lateness(), event -> {
            memory.observe(event);
            engine.process(event);
        }, late, config.state().maxHeldEvents());
    }

    /** Hands every event, in event-time order and as the analytics see it, to {@code observer} too. */
    public Pipeline tap(Consumer<Event> observer) {
        engine.tap(observer);
        return this;
    }

    @Override
    public void accept(Event event) {
        stats.event(event);
        reorder.add(enricher.enrich(event));
    }

    /** The end of the input: releases held events and fires every remaining timer. */
    public void finish() {
        reorder.flush();
        engine.finish();
        limiter.finish();
        stats.late(late, reorder.forced());
        stats.state(engine.evicted(), engine.peaks());
        stats.learnt(engine.learnt());
    }

    /** The incidents the alerts so far were grouped into, merged ones included, in the order they were opened. */
    public List<Incident> incidents() {
        return incidents.incidents();
    }

    /**
     * What holds memory across events, by name, for measuring it in the heap: the engine's holders
     * ({@link Engine#holders()}), the triage playbook's memory, the incidents, the events held for
     * ordering and the enrichment (its geo and user-agent data and caches).
     */
    public java.util.Map<String, Object> holders() {
        java.util.Map<String, Object> holders = engine.holders();
        holders.put("playbook-memory", memory);
        holders.put("incidents", incidents);
        holders.put("reorder-buffer", reorder.held());
        holders.put("enrichment", enricher);
        return holders;
    }

    /** Measures the analytics' state into the stats, before {@link #finish()} forgets what expires. */
    public void measureState() {
        long measuring = System.nanoTime();
        stats.stateFootprint(engine.stateFootprint());
        stats.stateKeys(engine.stateKinds(), engine.stateKeys());
        stats.measured(java.time.Duration.ofNanos(System.nanoTime() - measuring));
    }
}
