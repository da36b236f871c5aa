package dev.tokenward.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** simulate, then detect on what it wrote, then evaluate the alerts against its truth: the README's walk-through. */
class SimulateCommandTest {
    @TempDir
    Path work;

    @Test
    void simulateDetectEvaluate() throws IOException {
        Path sim = work.resolve("sim");
        Path config = work.resolve("fast.yaml");
        Files.writeString(config, "enrichment:\n  geoDirectory: " + work.resolve("no-geo") + "\n  userAgents: rules\n");

        Cli simulate = Cli.run("simulate", "--principals", "30", "--days", "2", "--seed", "3", "--out", sim.toString(),
                "--no-progress");
        assertThat(simulate.exit()).as(simulate.err()).isEqualTo(Main.OK);
        assertThat(simulate.err()).contains("30 principals and 3 Google Cloud service accounts × 2 days (66 principal-days)").contains("okta").contains("entra")
                .contains("cloudtrail").contains("attack storylines");
        assertThat(sim.resolve("truth.jsonl")).isRegularFile();

        Path alerts = work.resolve("alerts.jsonl");
        Cli detect = Cli.run("detect", sim.resolve("logs").toString(), "--out", alerts.toString(), "--config", config.toString(),
                "--no-progress");
        assertThat(detect.exit()).as(detect.err()).isEqualTo(Main.OK);
        assertThat(detect.err()).contains("quarantined: none");

        Cli evaluate = Cli.run("evaluate", "--truth", sim.resolve("truth.jsonl").toString(), "--alerts", alerts.toString());
        assertThat(evaluate.exit()).as(evaluate.err()).isEqualTo(Main.OK);
        assertThat(evaluate.out()).contains("credential-roaming").contains("mfa-not-satisfied").contains("overall")
                .as("every analytic the simulator expects is built").doesNotContain("* not in this build");

        Path planned = work.resolve("planned-truth.jsonl");
        Files.writeString(planned, Files.readString(sim.resolve("truth.jsonl")) + "{\"storyline\":\"s-9001\",\"kind\":\"golden-ticket\","
                + "\"principals\":[\"nobody@tidewateranalytics.com\"],\"credentials\":[],\"start\":\"2026-11-02T10:00:00Z\","
                + "\"end\":\"2026-11-02T11:00:00Z\",\"analytics\":[\"kerberos-ticket-forgery\"],\"decoy\":false}\n");
        Cli again = Cli.run("evaluate", "--truth", planned.toString(), "--alerts", alerts.toString());
        assertThat(again.out()).contains("kerberos-ticket-forgery *").contains("* not in this build");
    }

    @Test
    void earlierOutputIsKeptUnlessReplacingItIsAskedFor() {
        Path sim = work.resolve("sim");
        String[] args = {"simulate", "--principals", "10", "--days", "1", "--out", sim.toString(), "-q"};
        assertThat(Cli.run(args).exit()).isEqualTo(Main.OK);

        Cli again = Cli.run(args);
        assertThat(again.exit()).isEqualTo(Main.USAGE);
        assertThat(again.err()).contains("already holds a simulation").contains("--force");

        String[] forced = java.util.Arrays.copyOf(args, args.length + 1);
        forced[args.length] = "--force";
        assertThat(Cli.run(forced).exit()).isEqualTo(Main.OK);
    }

    @Test
    void badSettingsAreRefusedWithTheReason() {
        Cli few = Cli.run("simulate", "--principals", "2", "--out", work.resolve("x").toString());
        assertThat(few.exit()).isEqualTo(Main.USAGE);
        assertThat(few.err()).contains("at least 5 principals");

        Cli date = Cli.run("simulate", "--start", "next monday", "--out", work.resolve("x").toString());
        assertThat(date.exit()).isEqualTo(Main.USAGE);
        assertThat(date.err()).contains("--start").contains("YYYY-MM-DD");
    }
}
