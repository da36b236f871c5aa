package dev.tokenward.cli;

import dev.tokenward.config.Config;
import dev.tokenward.coverage.Coverage;
import dev.tokenward.enrich.Enricher;
import dev.tokenward.output.Json;
import dev.tokenward.output.JsonLinesWriter;
import dev.tokenward.runtime.Detection;
import dev.tokenward.runtime.RunStats;
import dev.tokenward.source.Quarantined;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code tokenward coverage}: can the telemetry at hand feed each analytic? */
@Command(name = "coverage", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Reads the logs and reports, per analytic, whether it can run on them: which fields it needs "
                + "are missing or rarely filled, per source, and the time span each source covers.")
final class CoverageCommand implements Callable<Integer> {

    @Mixin
    InputOptions common;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        PrintStream err = Terminal.err();
        Optional<Config> settings = common.config(err);
        Optional<Inputs> inputs = settings.isEmpty() ? Optional.empty() : common.inputs(err, settings.get().input());
        if (inputs.isEmpty()) {
            return Main.USAGE;
        }
        int[] failed = {Main.FAILED};
        Optional<Outputs> planned = common.outputs(err, inputs.get(),
                List.of(new Outputs.Wanted("--quarantine", common.quarantine, true)), failed);
        if (planned.isEmpty()) {
            return failed[0];
        }
        Coverage coverage = new Coverage(settings.get().analytics());
        Enricher enricher = settings.get().enrichment().withUserAgents("rules").build();
        RunStats stats;
        try (Outputs outputs = planned.get()) {
            try (JsonLinesWriter<Quarantined> quarantined = JsonLinesWriter.toFile(outputs.temporary("--quarantine"));
                 Terminal progress = Terminal.progress("coverage", common.totalBytes(inputs.get()), true)) {
                stats = Detection.scan(inputs.get().files(), inputs.get().notRead(), settings.get().input(), enricher, coverage,
                        quarantined::write, progress);
            }
            outputs.commit();
        } catch (IOException | UncheckedIOException e) {
            err.println("tokenward: " + e.getMessage());
            return Main.FAILED;
        }
        Coverage.Report report = coverage.report();
        if (json) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            print(out, report);
            out.println();
            out.println("Enrichment");
            if (enricher.geo().hasPlaces() || enricher.geo().hasAutonomousSystems()) {
                enricher.geo().describe().forEach(line -> out.println("  " + line));
            }
            if (!enricher.geo().hasPlaces()) {
                out.println("  ! geolocation data is missing: places come only from the logs that carry them (Okta, Entra); "
                        + "run `tokenward geo update`");
            }
            if (!enricher.geo().hasAutonomousSystems()) {
                out.println("  ! autonomous-system data is missing: networks are known only where the logs name them; "
                        + "run `tokenward geo update`");
            }
        }
        if (stats.quarantined() > 0) {
            err.printf(Locale.ROOT, "tokenward: %,d records, lines or files quarantined -> %s%n", stats.quarantined(), common.quarantine);
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
        if (report.sources().stream().anyMatch(source -> !source.cannotShow().isEmpty())) {
            out.println();
            out.println("What these sources cannot show");
            for (Coverage.SourceReport source : report.sources()) {
                source.cannotShow().forEach(line -> out.printf(Locale.ROOT, "  %-11s %s%n", source.source(), line));
            }
        }
        printHosts(out, report.hosts());
        for (Coverage.AnalyticReport analytic : report.analytics()) {
            out.println();
            out.printf(Locale.ROOT, "%s: %s%n", analytic.id(), switch (analytic.readiness()) {
                case READY -> "can run";
                case PARTIAL -> "can run, but needed fields are missing from some events";
                case CANNOT_RUN -> "cannot run: no source fills the fields it needs";
            });
            printFields(out, "needs", analytic.needs());
            analytic.needs().stream().filter(Coverage.FieldReport::sparse).forEach(field -> out.printf(Locale.ROOT,
                    "  (%s is filled only where an event hands over a secret or an item: a low share is expected)%n", field.field()));
            printFields(out, "better with", analytic.improvedBy());
            for (Coverage.FieldReport field : analytic.needs()) {
                field.bySource().forEach((source, fill) -> {
                    if (field.sparse() ? fill.filled() == 0 && analytic.readiness() != Coverage.Readiness.READY
                            : fill.ratio() < Coverage.WELL_FILLED) {
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

    /** Per host, which telemetry covers it and what unscheduled-background-api cannot see there; the first 20 with gaps listed. */
    private static void printHosts(PrintStream out, List<Coverage.HostReport> hosts) {
        if (hosts.isEmpty()) {
            return;
        }
        long covered = hosts.stream().filter(h -> h.cannotSee().isEmpty()).count();
        out.println();
        out.printf(Locale.ROOT, "Hosts: %d named by endpoint or network telemetry, %d with everything unscheduled-background-api reads%n",
                hosts.size(), covered);
        hosts.stream().filter(h -> !h.cannotSee().isEmpty()).limit(20).forEach(h -> {
            out.printf(Locale.ROOT, "  %s (%s)%n", h.host(), String.join(", ", h.sources()));
            h.cannotSee().forEach(gap -> out.println("    cannot see: " + gap));
        });
        long more = hosts.stream().filter(h -> !h.cannotSee().isEmpty()).count() - 20;
        if (more > 0) {
            out.printf(Locale.ROOT, "  ... and %d more hosts with gaps (--json lists every host)%n", more);
        }
    }
}
