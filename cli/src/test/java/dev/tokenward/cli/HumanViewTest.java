package dev.tokenward.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenward.evaluate.AlertsFile;
import dev.tokenward.output.Json;
import dev.tokenward.signal.Alert;
import dev.tokenward.signal.Incident;
import dev.tokenward.signal.Incidents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The table detect prints for a person: alerts in time order, counts, incidents, top principals; terminal-safe. */
class HumanViewTest {
    private static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();

    @TempDir
    Path work;

    @Test
    void theSamplesAsATableWithEscapesShownAndNoColourWhenNotWanted() throws Exception {
        Path config = work.resolve("defaults.yaml");
        Files.writeString(config, "enrichment:\n  geoDirectory: " + work.resolve("no-geo") + "\n  userAgents: rules\n");
        Path alertsFile = work.resolve("alerts.jsonl");
        assertThat(Cli.run("detect", SAMPLES.toString(), "--config", config.toString(), "--out", alertsFile.toString(),
                "--quarantine", work.resolve("q.jsonl").toString()).exit()).isZero();
        List<String> lines = new ArrayList<>(Files.readAllLines(alertsFile));
        ObjectNode first = (ObjectNode) Json.mapper().readTree(lines.get(0));
        first.put("title", "console sign-in \u001b]0;owned\u0007 without MFA");
        lines.set(0, Json.mapper().writeValueAsString(first));
        Files.write(alertsFile, lines);
        List<Alert> alerts = AlertsFile.read(alertsFile);
        Incidents grouping = new Incidents(Incidents.Settings.DEFAULTS);
        alerts.forEach(grouping::add);
        List<Incident> incidents = grouping.incidents();

        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        new HumanView(new PrintStream(screen, true, StandardCharsets.UTF_8), false).print(alerts, incidents);
        String shown = screen.toString(StandardCharsets.UTF_8);

        assertThat(shown).startsWith("TIME (UTC)            SEVERITY  TIER  ANALYTIC");
        assertThat(shown).doesNotContain("\u001b").contains("console sign-in \\x1b]0;owned\\x07 without MFA");
        assertThat(shown).contains("Alerts by severity: critical 2, high 9, medium 6, low 0")
                .contains("Incidents: 7 (6 at Tier 2)").contains("Top principals: arn:aws:iam::482910376154:user/tom.becker 6");
        assertThat(shown.indexOf("2026-11-17 16:12:07")).as("in time order").isLessThan(shown.indexOf("2026-11-18 02:14:27"));
    }
}
