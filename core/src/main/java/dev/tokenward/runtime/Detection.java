package dev.tokenward.runtime;

import dev.tokenward.config.Config;
import dev.tokenward.enrich.Enricher;
import dev.tokenward.signal.Alert;
import dev.tokenward.source.InputFile;
import dev.tokenward.source.Quarantined;

import java.util.List;
import java.util.function.Consumer;

/** One detection run over a set of inputs: read, order, detect, alert. */
public final class Detection {
    private static final int PROGRESS_EVERY = 8192;

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
        return run(inputs, config, enricher, alerts, quarantine, progress, false);
    }

    /** The same, measuring the analytics' state at the end of the input when {@code measureState}. */
    public static RunStats run(List<InputFile> inputs, Config config, Enricher enricher, Consumer<Alert> alerts,
                               Consumer<Quarantined> quarantine, Progress progress, boolean measureState) {
        RunStats stats = new RunStats();
        Pipeline pipeline = new Pipeline(config, enricher, alerts, stats);
        read(inputs, pipeline, stats, quarantine, progress);
        if (measureState) {
            pipeline.measureState();
        }
        pipeline.finish();
        return stats;
    }

    /** Reads the inputs only, handing every event to {@code events}: for reports on the telemetry itself. */
    public static RunStats scan(List<InputFile> inputs, Enricher enricher, Consumer<dev.tokenward.event.Event> events,
                                Consumer<Quarantined> quarantine, Progress progress) {
        RunStats stats = new RunStats();
        read(inputs, event -> {
            stats.event(event);
            events.accept(enricher.enrich(event));
        }, stats, quarantine, progress);
        return stats;
    }

    private static void read(List<InputFile> inputs, Consumer<dev.tokenward.event.Event> downstream, RunStats stats,
                             Consumer<Quarantined> quarantine, Progress progress) {
        Consumer<Quarantined> counted = entry -> {
            stats.quarantined(entry);
            quarantine.accept(entry);
        };
        InputMerge merge = new InputMerge(inputs, counted, stats);
        long total = merge.bytesTotal();
        long[] seen = {0};
        merge.run(event -> {
            downstream.accept(event);
            if (++seen[0] % PROGRESS_EVERY == 0) {
                progress.update(merge.bytesRead(), total, seen[0]);
            }
        });
        progress.update(merge.bytesRead(), total, seen[0]);
    }
}
