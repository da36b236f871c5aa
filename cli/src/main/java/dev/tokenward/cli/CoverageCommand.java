package dev.tokenward.cli;

import dev.tokenward.config.Config;
import dev.tokenward.config.ConfigException;
import dev.tokenward.coverage.Coverage;
import dev.tokenward.output.Json;
import dev.tokenward.output.JsonLinesWriter;
import dev.tokenward.runtime.Detection;
import dev.tokenward.runtime.RunStats;
import dev.tokenward.source.Quarantined;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code tokenward coverage}: can the telemetry at hand feed each analytic? */
@Command(name = "coverage", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Reads the logs and reports, per analytic, whether it can run on them: which fields it needs "
                + "are missing or rarely filled, per source, and the time span each source covers.")
final class CoverageCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Log files or directories; - for standard input.")
    List<String> paths;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration (YAML): which analytics are enabled.")
    Path config;

    @Option(names = "--quarantine", paramLabel = "FILE", defaultValue = "tokenward-quarantine.jsonl",
            description = "Where input that could not be read goes (default: ${DEFAULT-VALUE}; created only when needed).")
    Path quarantine;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        Config settings;
        try {
            settings = config == null ? Config.defaults() : Config.load(config);
        } catch (ConfigException e) {
            System.err.println("tokenward: the configuration cannot be used:");
            e.problems().forEach(p -> System.err.println("  " + p));
            return Main.USAGE;
        }
        Inputs inputs = Inputs.of(paths);
        if (!inputs.missing().isEmpty()) {
            System.err.println("tokenward: no such file or directory: " + String.join(", ", inputs.missing()));
            return Main.USAGE;
        }
        Coverage coverage = new Coverage(settings.analytics());
        RunStats stats;
        try (JsonLinesWriter<Quarantined> quarantined = JsonLinesWriter.toFile(quarantine);
             Terminal progress = Terminal.progress("coverage", inputs.files().stream().mapToLong(f -> Math.max(0, f.size())).sum(), true)) {
            stats = Detection.scan(inputs.files(), coverage, quarantined::write, progress);
        } catch (UncheckedIOException e) {
            System.err.println("tokenward: " + e.getMessage());
            return Main.FAILED;
        }
        Coverage.Report report = coverage.report();
        if (json) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            print(out, report);
        }
        if (stats.quarantined() > 0) {
            System.err.printf(Locale.ROOT, "tokenward: %,d records, lines or files quarantined -> %s%n", stats.quarantined(), quarantine);
            return Main.QUARANTINED;
        }
        return Main.OK;
    }

    private static void print(PrintStream out, Coverage.Report report) {
        out.println("Sources");
        if (report.sources().isEmpty()) {
            out.println("  none: no events were read");
        }
        for (Coverage.SourceReport source : report.sources()) {
            out.printf(Locale.ROOT, "  %-11s %,9d events  %s .. %s%n", source.source(), source.events(), source.first(), source.last());
        }
        for (Coverage.AnalyticReport analytic : report.analytics()) {
            out.println();
            out.printf(Locale.ROOT, "%s: %s%n", analytic.id(), switch (analytic.readiness()) {
                case READY -> "can run";
                case PARTIAL -> "can run, but needed fields are missing from some events";
                case CANNOT_RUN -> "cannot run: no source fills the fields it needs";
            });
            printFields(out, "needs", analytic.needs());
            printFields(out, "better with", analytic.improvedBy());
            for (Coverage.FieldReport field : analytic.needs()) {
                field.bySource().forEach((source, fill) -> {
                    if (fill.ratio() < Coverage.WELL_FILLED) {
                        out.printf(Locale.ROOT, "  ! %s fills %s on only %.0f%% of its %s (%,d of %,d)%n", source,
                                field.field(), 100 * fill.ratio(), field.on(), fill.filled(), fill.applicable());
                    }
                });
            }
        }
    }

    private static void printFields(PrintStream out, String label, List<Coverage.FieldReport> fields) {
        for (Coverage.FieldReport field : fields) {
            StringBuilder line = new StringBuilder();
            for (Map.Entry<String, Coverage.Fill> bySource : field.bySource().entrySet()) {
                Coverage.Fill fill = bySource.getValue();
                line.append(String.format(Locale.ROOT, "%s%s %.0f%% of %,d", line.length() == 0 ? "" : "; ",
                        bySource.getKey(), 100 * fill.ratio(), fill.applicable()));
            }
            out.printf(Locale.ROOT, "  %-12s %-28s on %s: %s%n", label, field.field(), field.on(),
                    line.length() == 0 ? "no such events" : line);
        }
    }
}
