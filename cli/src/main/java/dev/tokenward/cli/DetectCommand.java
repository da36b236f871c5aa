package dev.tokenward.cli;

import dev.tokenward.config.Config;
import dev.tokenward.config.Durations;
import dev.tokenward.enrich.Enricher;
import dev.tokenward.output.JsonLinesWriter;
import dev.tokenward.runtime.Detection;
import dev.tokenward.runtime.RunStats;
import dev.tokenward.signal.Alert;
import dev.tokenward.source.Quarantined;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code tokenward detect}: the main job. */
@Command(name = "detect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads log files and directories (CloudTrail, Okta System Log, Entra ID sign-in logs; "
                + "plain or gzip) and writes alerts as JSON lines.",
                "Inside directories, files named *.json, *.jsonl, *.ndjson, *.log, *.gz or without extension are read."})
final class DetectCommand implements Callable<Integer> {

    @Mixin
    InputOptions common;

    @Option(names = "--out", paramLabel = "FILE", description = "Write alerts here instead of standard output; it must lie outside "
            + "the paths read, and is replaced only when the run succeeds.")
    Path out;

    @Option(names = "--lateness", paramLabel = "DURATION",
            description = "How far out of event-time order records may arrive (e.g. 15m); overrides the configuration.")
    String lateness;

    @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
    boolean noProgress;

    @Option(names = {"-q", "--quiet"}, description = "No notes on standard error other than the summary and errors.")
    boolean quiet;

    @Option(names = "--analytics", paramLabel = "IDS", split = ",",
            description = "Run only these analytics (comma-separated ids; `none` reads and enriches only). Default: all "
                    + "the configuration enables.")
    java.util.List<String> only;

    @Option(names = "--stats", paramLabel = "FILE", description = "Also write the run's figures as JSON (events, bytes, "
            + "time, rates, and each analytic's state: entities and serialized bytes), for benchmarks.")
    Path statsFile;

    @Override
    public Integer call() {
        PrintStream err = Terminal.err();
        Optional<Config> configured = common.config(err);
        if (configured.isEmpty()) {
            return Main.USAGE;
        }
        Config settings = configured.get();
        if (lateness != null) {
            try {
                settings = settings.withLateness(Durations.parse(lateness));
            } catch (IllegalArgumentException e) {
                err.println("tokenward: --lateness: " + e.getMessage());
                return Main.USAGE;
            }
        }
        if (only != null) {
            java.util.List<String> unknown = only.stream().filter(id -> !id.equals("none")
                    && dev.tokenward.analytic.Catalog.byId(id).isEmpty()).toList();
            if (!unknown.isEmpty()) {
                err.println("tokenward: --analytics: no such analytic: " + String.join(", ", unknown) + " (known: "
                        + String.join(", ", java.util.Arrays.stream(dev.tokenward.analytic.Catalog.values())
                        .map(dev.tokenward.analytic.Catalog::id).toList()) + ")");
                return Main.USAGE;
            }
            settings = settings.onlyAnalytics(only);
        }
        Optional<Inputs> found = common.inputs(err);
        if (found.isEmpty()) {
            return Main.USAGE;
        }
        Inputs inputs = found.get();
        List<Outputs.Wanted> wanted = new ArrayList<>();
        if (out != null) {
            wanted.add(new Outputs.Wanted("--out", out, false));
        }
        wanted.add(new Outputs.Wanted("--quarantine", common.quarantine, true));
        if (statsFile != null) {
            wanted.add(new Outputs.Wanted("--stats", statsFile, false));
        }
        int[] failed = {Main.FAILED};
        Optional<Outputs> planned = common.outputs(err, inputs, wanted, failed);
        if (planned.isEmpty()) {
            return failed[0];
        }
        long started = System.nanoTime();
        RunStats stats;
        try (Outputs outputs = planned.get()) {
            Enricher enricher;
            try {
                enricher = settings.enrichment().build();
            } catch (UncheckedIOException | IllegalArgumentException e) {
                err.println("tokenward: enrichment: " + e.getMessage());
                return Main.USAGE;
            }
            if (!enricher.geo().hasPlaces() && !quiet) {
                err.println("tokenward: no geolocation data in " + settings.enrichment().geoDirectoryOrDefault()
                        + " (run `tokenward geo update`); places and networks come from the logs alone");
            }
            try (enricher;
                 JsonLinesWriter<Alert> alerts = out == null ? JsonLinesWriter.toStream(Main.stdout(), "standard output")
                         : JsonLinesWriter.toFile(outputs.temporary("--out"));
                 JsonLinesWriter<Quarantined> quarantined = JsonLinesWriter.toFile(outputs.temporary("--quarantine"));
                 Terminal progress = Terminal.progress("detect", common.totalBytes(inputs), !noProgress)) {
                stats = Detection.run(inputs.files(), inputs.notRead(), settings, enricher, alerts::write, quarantined::write,
                        progress, statsFile != null);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started).minus(stats.measuring());
            Summary.print(err, stats, inputs, took, settings.lateness(), settings.alerts().maxPerHour(), settings.state().maxHeldEvents(),
                    enricher.degradation(),
                    out == null ? "standard output" : out.toString(), common.quarantine);
            if (statsFile != null) {
                Summary.writeJson(outputs.temporary("--stats"), stats, took, enricher.degradation());
            }
            outputs.commit();
        } catch (IOException | UncheckedIOException e) {
            err.println("tokenward: " + e.getMessage() + "; nothing was put in place of earlier output files");
            return Main.FAILED;
        }
        return stats.quarantined() > 0 ? Main.QUARANTINED : Main.OK;
    }
}
