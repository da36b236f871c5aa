package dev.tokenward.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Suppressions on the samples: scoped to an analytic and an entity, with a reason and an expiry, and counted. */
class SuppressionsTest {
    private static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();

    @TempDir
    Path work;

    private Cli detect(String suppressions) throws IOException {
        Path config = work.resolve("config.yaml");
        Files.writeString(config, "enrichment:\n  geoDirectory: " + work.resolve("no-geo") + "\n  userAgents: rules\n" + suppressions);
        return Cli.run("detect", SAMPLES.toString(), "--config", config.toString(), "--out", work.resolve("alerts.jsonl").toString(),
                "--quarantine", work.resolve("q.jsonl").toString());
    }

    @Test
    void aSuppressionRemovesOnlyItsAnalyticsAlertsOnItsEntityAndEverySummaryCountsIt() throws IOException {
        Cli result = detect("""
                suppressions:
                  - analytic: mfa-not-satisfied
                    principal: "arn:aws:iam::482910376154:user/*"
                    reason: "Legacy IAM users are being removed; SEC-4412"
                    expires: 2026-12-31
                  - analytic: failures-then-access
                    principal: anna.kowalski@tidewateranalytics.com
                    reason: "Expired before the logs begin"
                    expires: 2026-11-01T00:00:00Z
                """);

        assertThat(result.exit()).as(result.err()).isZero();
        String alerts = Files.readString(work.resolve("alerts.jsonl"));
        assertThat(alerts.lines().filter(l -> l.contains("\"analytic\":\"mfa-not-satisfied\""))).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("anna.kowalski@tidewateranalytics.com"));
        assertThat(alerts.lines().filter(l -> l.contains("\"analytic\":\"failures-then-access\""))).as("an expired suppression").hasSize(1);
        assertThat(result.err()).contains("suppressed:  1 alerts matched the configuration's suppressions:")
                .contains("1  mfa-not-satisfied for arn:aws:iam::482910376154:user/* until 2027-01-01T00:00:00Z: Legacy IAM users are being removed; SEC-4412")
                .contains("0  failures-then-access for anna.kowalski@tidewateranalytics.com until 2026-11-01T00:00:00Z: Expired before the logs begin");
    }

    @Test
    void aSuppressionWithoutScopeReasonOrExpiryIsRefusedWithEveryProblem() throws IOException {
        Cli result = detect("""
                suppressions:
                  - analytic: mfa-not-satisfied
                  - principal: tom.becker
                    reason: noisy
                    expires: next week
                """);

        assertThat(result.exit()).isEqualTo(Main.USAGE);
        assertThat(result.err()).contains("suppressions[0]: name the principal or the credential it is for")
                .contains("suppressions[0].reason: required").contains("suppressions[0].expires: required")
                .contains("suppressions[1].analytic: required").contains("suppressions[1].expires: not a date or an ISO-8601 instant: next week");
    }
}
