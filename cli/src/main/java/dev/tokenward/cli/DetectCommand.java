package dev.tokenward.cli;

import dev.tokenward.config.Config;
import dev.tokenward.config.ConfigException;
import dev.tokenward.config.Durations;
import dev.tokenward.output.JsonLinesWriter;
import dev.tokenward.runtime.Detection;
import dev.tokenward.runtime.RunStats;
import dev.tokenward.signal.Alert;
import dev.tokenward.source.Quarantined;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tokenward detect}: the main job. */
@Command(name = "detect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads log files and directories (CloudTrail, Okta System Log, Entra ID sign-in logs; "
                + "plain or gzip) and writes alerts as JSON lines.",
                "Inside directories, files named *.json, *.jsonl, *.ndjson, *.log, *.gz or without extension are read."})
final class DetectCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Log files or directories; - for standard input.")
    List<String> paths;

    @Option(names = "--out", paramLabel = "FILE", description = "Write alerts here instead of standard output.")
    Path out;

    @Option(names = "--quarantine", paramLabel = "FILE", defaultValue = "tokenward-quarantine.jsonl",
            description = "Where input that could not be read goes, with its origin and reason (default: ${DEFAULT-VALUE}; "
                    + "created only when needed).")
    Path quarantine;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration (YAML): analytic settings, lateness.")
    Path config;

    @Option(names = "--lateness", paramLabel = "DURATION",
            description = "How far out of event-time order records may arrive (e.g. 15m); overrides the configuration.")
    String lateness;

    @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
    boolean noProgress;

    @Override
    public Integer call() {
        PrintStream err = System.err;
        Config settings;
        try {
            settings = config == null ? Config.defaults() : Config.load(config);
            if (lateness != null) {
                Duration allowed = Durations.parse(lateness);
                settings = new Config(allowed, settings.analytics());
            }
        } catch (ConfigException e) {
            err.println("tokenward: the configuration cannot be used:");
            e.problems().forEach(p -> err.println("  " + p));
            return Main.USAGE;
        } catch (IllegalArgumentException e) {
            err.println("tokenward: --lateness: " + e.getMessage());
            return Main.USAGE;
        }
        Inputs inputs = Inputs.of(paths);
        if (!inputs.missing().isEmpty()) {
            err.println("tokenward: no such file or directory: " + String.join(", ", inputs.missing()));
            return Main.USAGE;
        }
        if (inputs.files().isEmpty()) {
            err.println("tokenward: no log files found in " + String.join(", ", paths));
            return Main.USAGE;
        }
        long started = System.nanoTime();
        RunStats stats;
        try (JsonLinesWriter<Alert> alerts = out == null ? JsonLinesWriter.toStream(System.out) : JsonLinesWriter.toFile(out);
             JsonLinesWriter<Quarantined> quarantined = JsonLinesWriter.toFile(quarantine);
             Terminal progress = Terminal.progress("detect", inputs.files().stream().mapToLong(f -> Math.max(0, f.size())).sum(),
                     !noProgress)) {
            stats = Detection.run(inputs.files(), settings, alerts::write, quarantined::write, progress);
        } catch (IOException | UncheckedIOException e) {
            err.println("tokenward: " + e.getMessage());
            return Main.FAILED;
        }
        Summary.print(err, stats, inputs, Duration.ofNanos(System.nanoTime() - started), settings.lateness(),
                out == null ? "standard output" : out.toString(), quarantine);
        return stats.quarantined() > 0 ? Main.QUARANTINED : Main.OK;
    }
}
