package dev.tokenward.runtime;

import dev.tokenward.config.Config;
import dev.tokenward.enrich.Enricher;
import dev.tokenward.signal.Alert;
import dev.tokenward.signal.Incident;
import dev.tokenward.source.InputFile;
import dev.tokenward.source.Quarantined;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/** One detection run over a set of inputs: read, order, detect, alert. */
public final class Detection {
    /** Told how far the run has got, every few thousand events and at the end. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (bytesRead, bytesTotal, events) -> { };

        void update(long bytesRead, long bytesTotal, long events);
    }

    private Detection() {
    }

    public static RunStats run(List<InputFile> inputs, Config config, Enricher enricher, Consumer<Alert> alerts,
                               Consumer<Quarantined> quarantine, Progress progress) {
        return run(inputs, List.of(), config, enricher, alerts, quarantine, progress, false);
    }

    /**
     * The same, measuring the analytics' state at the end of the input when {@code measureState};
     * {@code notRead} lists what was found but not read (and why): it goes to the quarantine first.
     */
    public static RunStats run(List<InputFile> inputs, List<Quarantined> notRead, Config config, Enricher enricher,
                               Consumer<Alert> alerts, Consumer<Quarantined> quarantine, Progress progress, boolean measureState) {
        return run(inputs, notRead, config, enricher, alerts, incident -> { }, quarantine, progress, measureState);
    }

    /** The same, handing over at the end every incident the alerts were grouped into, merged ones included. */
    public static RunStats run(List<InputFile> inputs, List<Quarantined> notRead, Config config, Enricher enricher,
                               Consumer<Alert> alerts, Consumer<Incident> incidents, Consumer<Quarantined> quarantine,
                               Progress progress, boolean measureState) {
        return run(inputs, notRead, config, enricher, alerts, incidents, quarantine, progress, pipeline -> {
            if (measureState) {
                pipeline.measureState();
            }
        });
    }

    /**
     * The same, handing the pipeline to {@code atEndOfInput} once every event has been read, before
     * it fires its remaining timers and forgets what expires: for measuring what it holds.
     */
    public static RunStats run(List<InputFile> inputs, List<Quarantined> notRead, Config config, Enricher enricher,
                               Consumer<Alert> alerts, Consumer<Incident> incidents, Consumer<Quarantined> quarantine,
                               Progress progress, Consumer<Pipeline> atEndOfInput) {
        RunStats stats = new RunStats();
        notRead(notRead, stats, quarantine);
        Pipeline pipeline = new Pipeline(config, enricher, alerts, stats);
        read(inputs, config.input(), pipeline, stats, quarantine, progress);
        atEndOfInput.accept(pipeline);
        pipeline.finish();
        pipeline.incidents().forEach(incidents);
        return stats;
    }

    /**
     * Reads, orders and joins the inputs as detection does, with no analytic, handing every event in
     * event-time order to {@code events} as an analytic would see it (endpoint telemetry tied to its
     * hosts and processes): for commands that learn from the telemetry, such as drafting an inventory.
     */
    public static RunStats observe(List<InputFile> inputs, List<Quarantined> notRead, Config config, Enricher enricher,
                                   Consumer<dev.tokenward.event.Event> events, Consumer<Quarantined> quarantine, Progress progress) {
        RunStats stats = new RunStats();
        notRead(notRead, stats, quarantine);
        Pipeline pipeline = new Pipeline(config.onlyAnalytics(List.of()), enricher, alert -> { }, stats).tap(events);
        read(inputs, config.input(), pipeline, stats, quarantine, progress);
        pipeline.finish();
        return stats;
    }

    /** Reads the inputs only, handing every event to {@code events}: for reports on the telemetry itself. */
    public static RunStats scan(List<InputFile> inputs, List<Quarantined> notRead, dev.tokenward.source.InputLimits limits,
                                Enricher enricher, Consumer<dev.tokenward.event.Event> events,
                                Consumer<Quarantined> quarantine, Progress progress) {
        RunStats stats = new RunStats();
        notRead(notRead, stats, quarantine);
        read(inputs, limits, event -> {
            stats.event(event);
            events.accept(enricher.enrich(event));
        }, stats, quarantine, progress);
        return stats;
    }

    private static void notRead(List<Quarantined> entries, RunStats stats, Consumer<Quarantined> quarantine) {
        for (Quarantined entry : entries) {
            stats.notRead(entry);
            quarantine.accept(entry);
        }
    }

    /**
     * Reads on a thread of its own while the calling thread enriches, orders and detects: the two
     * halves take about the same time, and events cross in batches, in input order, so results
     * are the same as on one thread. A failure on either side stops both and is rethrown here.
     */
    private static void read(List<InputFile> inputs, dev.tokenward.source.InputLimits limits,
                             Consumer<dev.tokenward.event.Event> downstream, RunStats stats,
                             Consumer<Quarantined> quarantine, Progress progress) {
        Consumer<Quarantined> counted = entry -> {
            stats.quarantined(entry);
            quarantine.accept(entry);
        };
        InputMerge merge = new InputMerge(inputs, counted, stats, limits);
        long total = merge.bytesTotal();
        BlockingQueue<Batch> handoff = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
        Thread reader = new Thread(() -> produce(merge, handoff), "tokenward-reader");
        reader.setDaemon(true);
        reader.start();
        long seen = 0;
        try {
            while (true) {
                Batch batch = take(handoff);
                if (batch.failure instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (batch.failure instanceof Error error) {
                    throw error;
                }
                if (batch.failure != null) {
                    throw new IllegalStateException(batch.failure);
                }
                for (dev.tokenward.event.Event event : batch.events) {
                    downstream.accept(event);
                }
                seen += batch.events.size();
                progress.update(batch.bytesRead, total, seen);
                if (batch.last) {
                    break;
                }
            }
        } finally {
            reader.interrupt();
        }
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final int BATCH = 2048;
    private static final int BATCHES_IN_FLIGHT = 4;

    /** Events read, how far the reading had got, and whether the input ended (or failed) with them. */
    private static final class Batch {
        final List<dev.tokenward.event.Event> events = new java.util.ArrayList<>(BATCH);
        long bytesRead;
        boolean last;
        Throwable failure;
    }

    private static void produce(InputMerge merge, BlockingQueue<Batch> handoff) {
        Batch[] filling = {new Batch()};
        try {
            merge.run(event -> {
                filling[0].events.add(event);
                if (filling[0].events.size() == BATCH) {
                    filling[0].bytesRead = merge.bytesRead();
                    put(handoff, filling[0]);
                    filling[0] = new Batch();
                }
            });
            filling[0].bytesRead = merge.bytesRead();
            filling[0].last = true;
            put(handoff, filling[0]);
        } catch (Stopped stopped) {
            // the detecting side has gone: nothing to hand over
        } catch (Throwable failure) {
            // Not handled here: whatever stopped the reading is rethrown, as it is, by the detecting thread.
            Batch failed = new Batch();
            failed.failure = failure;
            failed.last = true;
            try {
                put(handoff, failed);
            } catch (Stopped stopped) {
                // the detecting side has gone as well
            }
        }
    }

    /** The detecting side stopped (it failed, or the run was interrupted) while the reader waited. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private static void put(BlockingQueue<Batch> handoff, Batch batch) {
        try {
            handoff.put(batch);
        } catch (InterruptedException e) {
            throw new Stopped();
        }
    }

    private static Batch take(BlockingQueue<Batch> handoff) {
        try {
            return handoff.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for events", e);
        }
    }
}
