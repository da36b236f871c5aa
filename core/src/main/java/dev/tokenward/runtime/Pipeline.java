package dev.tokenward.runtime;

import dev.tokenward.analytic.Signal;
import dev.tokenward.config.Config;
import dev.tokenward.enrich.Enricher;
import dev.tokenward.event.Event;
import dev.tokenward.signal.Alert;
import dev.tokenward.signal.AlertFactory;
import dev.tokenward.signal.AlertLimiter;

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

    public Pipeline(Config config, Enricher enricher, Consumer<Alert> alerts, RunStats stats) {
        this.stats = stats;
        this.enricher = enricher;
        AlertFactory factory = new AlertFactory();
        this.limiter = new AlertLimiter(config.alerts(), alert -> {
            stats.alert(alert.analytic(), alert.count());
            alerts.accept(alert);
        });
        Consumer<Signal> signals = signal -> {
            Alert alert = factory.alert(signal);
            late.alerted(alert.principal(), alert.credential());
            limiter.accept(alert);
        };
        this.engine = new Engine(config.analytics(), config.baseline(), config.state(), signals);
        this.reorder = new ReorderBuffer(config.lateness(), engine::process, late, config.state().maxHeldEvents());
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

    /** Measures the analytics' state into the stats, before {@link #finish()} forgets what expires. */
    public void measureState() {
        stats.stateFootprint(engine.stateFootprint());
    }
}
