package dev.tokenward.cli;

import dev.tokenward.config.Durations;
import dev.tokenward.evaluate.AlertsFile;
import dev.tokenward.evaluate.Evaluation;
import dev.tokenward.evaluate.GroundTruth;
import dev.tokenward.evaluate.IncidentScore;
import dev.tokenward.output.Json;
import dev.tokenward.signal.Alert;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code tokenward evaluate}: how well alerts match ground truth. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Scores alerts against a ground-truth file: per analytic and overall, storylines detected and missed, "
                + "false alerts, precision, recall, false alerts per 1,000 principal-days and time to detect.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--truth", required = true, paramLabel = "FILE", description = "Ground truth (JSON lines of storylines).")
    Path truth;

    @Option(names = "--alerts", required = true, paramLabel = "FILE", description = "Alerts written by detect (JSON lines).")
    Path alerts;

    @Option(names = "--tolerance", paramLabel = "DURATION", defaultValue = "1h",
            description = "How far outside a storyline's window an alert may fall and still match it (default: ${DEFAULT-VALUE}).")
    String tolerance;

    @Option(names = "--principal-days", paramLabel = "N",
            description = "Principals × days the telemetry covers, when the truth file does not say.")
    Long principalDays;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        Duration window;
        try {
            window = Durations.parse(tolerance);
        } catch (IllegalArgumentException e) {
            Terminal.err().println("tokenward: --tolerance: " + e.getMessage());
            return Main.USAGE;
        }
        GroundTruth groundTruth;
        List<Alert> raised;
        try {
            groundTruth = GroundTruth.read(truth);
            raised = AlertsFile.read(alerts);
        } catch (GroundTruth.TruthException e) {
            Terminal.err().println("tokenward: cannot evaluate:");
            e.problems().forEach(p -> Terminal.err().println("  " + p));
            return Main.USAGE;
        } catch (java.nio.file.NoSuchFileException e) {
            Terminal.err().println("tokenward: no such file: " + e.getFile());
            return Main.USAGE;
        }
        long days = principalDays != null ? principalDays : groundTruth.principalDays();
        Evaluation.Report report = Evaluation.evaluate(groundTruth.storylines(), raised, window,
                new Evaluation.Exposure(days, groundTruth.hostDays(), dev.tokenward.analytic.Catalog.hostKeyed()));
        if (json) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(Evaluation.asJson(report)));
        } else {
            print(out, report);
        }
        return Main.OK;
    }

    private static void print(PrintStream out, Evaluation.Report report) {
        out.println("Strict: an alert is true when an analytic the storyline expects or accepts names its attacking principal or");
        out.println("credential in its window; a storyline is detected by an analytic it expects.");
        out.println();
        out.printf(Locale.ROOT, "%-36s %10s %8s %6s %7s %6s %9s %7s %14s %12s%n", "analytic (strict)", "storylines", "detected",
                "missed", "alerts", "false", "precision", "recall", "false/1000 p-d", "median ttd");
        List<String> absent = new java.util.ArrayList<>();
        for (Evaluation.Row row : report.analytics()) {
            boolean built = dev.tokenward.analytic.Catalog.byId(row.name()).isPresent();
            if (!built) {
                absent.add(row.name());
            }
            print(out, built ? row.name() : row.name() + " *", row);
        }
        print(out, "overall", report.overall());
        print(out, "overall, lenient", report.lenient());
        if (report.hosts() != null) {
            print(out, "overall, hosts (per 1,000 host-days)", report.hosts());
        }
        if (!absent.isEmpty()) {
            out.println("* not in this build of Tokenward: storylines expecting only these analytics count as missed");
        }
        if (report.principalDays() <= 0) {
            out.println("(false alerts per 1,000 principal-days need --principal-days or a population line in the truth file)");
        }
        if (report.hosts() != null) {
            out.println("host-keyed analytics (" + String.join(", ", new java.util.TreeSet<>(dev.tokenward.analytic.Catalog.hostKeyed()))
                    + ") count false alerts per 1,000 host-days" + (report.hostDays() <= 0 ? ": the truth file gives no host count" : ""));
        }
        IncidentScore incidents = report.incidents();
        out.println();
        out.printf(Locale.ROOT, "incidents: %d; of %d detected storylines %d are one incident each; %d incidents tell several "
                + "storylines; %d of %d sprays found as one campaign%n", incidents.incidents(), incidents.detected(), incidents.oneIncident(),
                incidents.mixed(), incidents.campaignsFound(), incidents.campaigns());
        incidents.split().forEach(s -> out.println("  split: " + s));
        incidents.mixedIncidents().forEach(s -> out.println("  mixed: " + s));
        incidents.campaignsMissed().forEach(s -> out.println("  not a campaign: " + s));
        if (!report.unseen().isEmpty()) {
            out.println();
            out.println("unseen (nothing in the logs tells " + (report.unseen().size() == 1 ? "it" : "them") + " apart; counted above "
                    + "all the same): " + String.join(", ", report.unseen()));
        }
        if (!report.missed().isEmpty()) {
            out.println();
            out.println("missed storylines:");
            report.missed().forEach(m -> out.println("  " + m));
        }
        if (!report.falseAlerts().isEmpty()) {
            out.println();
            out.println("false alerts by cause:");
            report.falseAlertsByCause().forEach((cause, count) -> out.printf(Locale.ROOT, "  %5d  %s%n", count, cause));
            out.println();
            out.println("false alerts:");
            report.falseAlerts().forEach(f -> out.println("  " + f));
        }
    }

    private static void print(PrintStream out, String name, Evaluation.Row row) {
        out.printf(Locale.ROOT, "%-36s %10d %8d %6d %7d %6d %9.3f %7.3f %14s %12s%n", name, row.storylines(),
                row.detected(), row.storylines() - row.detected(), row.alerts(), row.falseAlerts(), row.precision(),
                row.recall(), Double.isNaN(row.falsePer1000PrincipalDays()) ? "-"
                        : String.format(Locale.ROOT, "%.2f", row.falsePer1000PrincipalDays()),
                row.medianTimeToDetect() == null ? "-" : human(row.medianTimeToDetect()));
    }

    private static String human(Duration duration) {
        long seconds = duration.getSeconds();
        return seconds < 120 ? seconds + " s" : seconds < 7200 ? seconds / 60 + " min" : seconds / 3600 + " h";
    }
}
