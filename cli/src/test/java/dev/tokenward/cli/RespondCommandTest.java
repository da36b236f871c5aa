package dev.tokenward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.output.Json;
import dev.tokenward.respond.ProviderServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code respond} on the samples' incidents: the plan printed without acting, and carried out against local provider servers. */
class RespondCommandTest {
    private static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();
    private static final String TOM = "arn:aws:iam::482910376154:user/tom.becker";

    @TempDir
    Path work;
    private final ProviderServer okta = new ProviderServer();
    private final ProviderServer iam = new ProviderServer();
    private Path alerts;

    @BeforeEach
    void detect() throws IOException {
        Path config = work.resolve("defaults.yaml");
        Files.writeString(config, "enrichment:\n  geoDirectory: " + work.resolve("no-geo") + "\n  userAgents: rules\n");
        alerts = work.resolve("alerts.jsonl");
        Cli result = Cli.run("detect", SAMPLES.toString(), "--config", config.toString(), "--out", alerts.toString(),
                "--quarantine", work.resolve("q.jsonl").toString());
        assertThat(result.exit()).as(result.err()).isZero();
    }

    @AfterEach
    void stop() {
        okta.close();
        iam.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private String incidentOf(String analytic, String principal) throws IOException {
        for (String line : Files.readAllLines(alerts)) {
            JsonNode alert = Json.mapper().readTree(line);
            if (alert.get("analytic").asText().equals(analytic) && alert.get("principal").asText().equals(principal)) {
                return alert.get("incident").asText();
            }
        }
        throw new AssertionError("no " + analytic + " alert on " + principal);
    }

    private static Cli withInput(String input, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return Cli.run(args);
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void withoutExecuteThePlanIsPrintedAndNothingIsSent() throws IOException {
        String incident = incidentOf("federation-token-abuse", TOM);

        Cli result = Cli.run("respond", incident, "--alerts", alerts.toString(), "--aws-endpoint", iam.url());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).startsWith(incident + "  ")
                .contains("Deny the federation token through the IAM user that minted it: an inline policy on " + TOM)
                .contains("What --execute carries out (the other steps are a person's to do):")
                .contains("aws.deactivate-key " + TOM + ": iam:UpdateAccessKey UserName=tom.becker AccessKeyId=AKIAPDEEBCBYR4B7QDPD Status=Inactive")
                .contains("aws.deny-before " + TOM + ": iam:PutUserPolicy UserName=tom.becker PolicyName=TokenwardDenySessionsIssuedBefore")
                .contains("Dry run: nothing was changed. Add --execute to carry out the 2 actions above.");
        assertThat(iam.received()).isEmpty();
        assertThat(work.resolve("tokenward-respond-audit.jsonl")).doesNotExist();
    }

    @Test
    void executeCarriesOutTheActionsAndAppendsEveryResultToTheAuditTrail() throws IOException {
        okta.answer("GET", "/api/v1/users/anna.kowalski%40tidewateranalytics.com", new ProviderServer.Answer(200,
                        Map.of("Content-Type", "application/json"), "{\"id\":\"00ub0oNGTSWTBKOLGLNR\",\"status\":\"ACTIVE\",\"profile\":"
                        + "{\"login\":\"anna.kowalski@tidewateranalytics.com\"}}"))
                .answer("DELETE", "/api/v1/users/00ub0oNGTSWTBKOLGLNR/sessions", new ProviderServer.Answer(204, Map.of(), ""));
        Path token = work.resolve("okta-token");
        Files.writeString(token, "00QCjAl4MlV-WPXM-cli-test-token\n");
        Path audit = work.resolve("audit.jsonl");
        String incident = incidentOf("failures-then-access", "anna.kowalski@tidewateranalytics.com");

        Cli result = Cli.run("respond", incident, "--alerts", alerts.toString(), "--execute", "--yes", "--okta-org", okta.url(),
                "--okta-token-file", token.toString(), "--audit", audit.toString());
        Cli again = Cli.run("respond", incident, "--alerts", alerts.toString(), "--execute", "--yes", "--okta-org", okta.url(),
                "--okta-token-file", token.toString(), "--audit", audit.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(again.exit()).as("a second run: clearing sessions again does no harm").isZero();
        assertThat(result.out()).contains("DONE  okta.clear-sessions anna.kowalski@tidewateranalytics.com");
        assertThat(okta.received()).extracting(r -> r.method() + " " + r.path() + (r.query() == null ? "" : "?" + r.query()))
                .containsExactly("GET /api/v1/users/anna.kowalski%40tidewateranalytics.com",
                        "DELETE /api/v1/users/00ub0oNGTSWTBKOLGLNR/sessions?oauthTokens=true",
                        "GET /api/v1/users/anna.kowalski%40tidewateranalytics.com",
                        "DELETE /api/v1/users/00ub0oNGTSWTBKOLGLNR/sessions?oauthTokens=true");
        assertThat(okta.received()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("SSWS 00QCjAl4MlV-WPXM-cli-test-token"));
        List<String> trail = Files.readAllLines(audit);
        assertThat(trail).hasSize(2).allSatisfy(line -> assertThat(line).contains("\"incident\":\"" + incident + "\"")
                .contains("\"action\":\"okta.clear-sessions\"").contains("\"status\":\"DONE\"").doesNotContain("cli-test-token"));
    }

    @Test
    void anUnconfirmedOrUnconfiguredExecutionChangesNothing() throws IOException {
        System.setProperty("aws.accessKeyId", "AKIAIOSFODNN7EXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        String keySweep = incidentOf("federation-token-abuse", TOM);

        Cli refused = withInput("inc-something-else\n", "respond", keySweep, "--alerts", alerts.toString(), "--execute",
                "--aws-endpoint", iam.url(), "--audit", work.resolve("audit.jsonl").toString());
        assertThat(refused.exit()).isEqualTo(Main.FAILED);
        assertThat(refused.err()).contains("not confirmed; nothing was changed");
        assertThat(iam.received()).isEmpty();

        Cli unconfigured = Cli.run("respond", incidentOf("failures-then-access", "anna.kowalski@tidewateranalytics.com"), "--alerts",
                alerts.toString(), "--execute", "--yes", "--okta-org", okta.url());
        assertThat(unconfigured.exit()).isEqualTo(Main.USAGE);
        assertThat(unconfigured.err()).contains("Okta needs --okta-org and OKTA_API_TOKEN in the environment").contains("nothing was changed");
        assertThat(okta.received()).isEmpty();

        Cli unknown = Cli.run("respond", "inc-00000000000000000000", "--alerts", alerts.toString());
        assertThat(unknown.exit()).isEqualTo(Main.USAGE);
        assertThat(unknown.err()).contains("no incident inc-00000000000000000000").contains(keySweep);
    }
}
