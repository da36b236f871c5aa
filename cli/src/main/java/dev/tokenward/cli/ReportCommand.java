package dev.tokenward.cli;

import dev.tokenward.output.HtmlReport;
import dev.tokenward.signal.Alert;
import dev.tokenward.signal.Incident;
import dev.tokenward.signal.Incidents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code tokenward report}: one HTML file for people, from the alerts file alone. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes one self-contained HTML file from the alerts detect wrote: incidents by tier, each with its "
                + "timeline, evidence, the playbook's answered questions, the containment plan and a map of the places involved.",
                "It needs no network access to open. The incidents are grouped from the alerts in their order, as detect grouped them."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ALERTS", description = "Alerts written by detect (JSON lines).")
    Path alerts;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "tokenward-report.html",
            description = "Where to write the report (default: ${DEFAULT-VALUE}); replaced only when it is complete.")
    Path out;

    @Override
    public Integer call() {
        PrintStream err = Terminal.err();
        List<Alert> read;
        try {
            Optional<List<Alert>> found = AlertsInput.read(alerts, err);
            if (found.isEmpty()) {
                return Main.USAGE;
            }
            read = found.get();
        } catch (IOException e) {
            err.println("tokenward: cannot read " + alerts + ": " + Outputs.reason(e));
            return Main.FAILED;
        }
        List<Incident> grouped = Incidents.group(read, Incidents.Settings.DEFAULTS);
        try (Outputs outputs = Outputs.plan(List.of(alerts.toAbsolutePath().normalize()), List.of(new Outputs.Wanted("--out", out, false)))) {
            try (Writer writer = Files.newBufferedWriter(outputs.temporary("--out"), StandardCharsets.UTF_8)) {
                HtmlReport.write(writer, alerts.getFileName().toString(), read, grouped);
            }
            outputs.commit();
        } catch (Outputs.Refused e) {
            err.println("tokenward: " + e.getMessage());
            return Main.USAGE;
        } catch (IOException | UncheckedIOException e) {
            err.println("tokenward: cannot write " + out + ": " + e.getMessage() + "; nothing was put in its place");
            return Main.FAILED;
        }
        long incidents = grouped.stream().filter(Incident::standing).count();
        err.println("tokenward: " + read.size() + " alerts in " + incidents + " incidents -> " + out);
        return Main.OK;
    }
}
