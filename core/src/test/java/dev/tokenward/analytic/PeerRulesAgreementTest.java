package dev.tokenward.analytic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tokenward.config.Config;
import dev.tokenward.config.ConfigException;
import dev.tokenward.enrich.Enricher;
import dev.tokenward.enrich.TestEnrichment;
import dev.tokenward.event.Event;
import dev.tokenward.output.Json;
import dev.tokenward.runtime.Pipeline;
import dev.tokenward.runtime.RunStats;
import dev.tokenward.signal.Alert;
import dev.tokenward.source.FormatSamplesTest;
import dev.tokenward.source.InputFile;
import dev.tokenward.source.InputReader;
import dev.tokenward.source.Quarantined;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agreement with a peer's rules on the single events of their unit tests (the shared format
 * samples): where a peer rule and a Tokenward analytic judge the same single event, each case runs
 * on its own, through the real reader, enrichment and runtime, with no configuration. The
 * disagreements are the ones docs/evaluation.md explains, no more and no fewer; a change that adds or
 * mends one must change this list and that page together.
 */
class PeerRulesAgreementTest {
    /** The peer rules, and the analytic that judges the same thing. */
    private static final Map<String, String> RULES = Map.of(
            "AWS.Console.LoginWithoutMFA", "mfa-not-satisfied",
            "Azure.Audit.ROPCLoginNoMFA", "mfa-not-satisfied",
            "AWS.CloudTrail.IMDSCredentialExfiltration", "workload-credential-exfiltration",
            "AWS.STS.GetSessionToken.Misuse", "federation-token-abuse",
            "Okta.PasswordAccess", "sso-bulk-access");

    /** Each disagreement, by "rule: test", with why Tokenward judges otherwise (docs/evaluation.md says the same). */
    private static final Map<String, String> EXPLAINED = Map.of(
            "AWS.CloudTrail.IMDSCredentialExfiltration: IMDS Credentials Used From Amazon.com ASN Source IP",
            "an instance's own public address or NAT gateway is an AWS address: Tokenward judges the address's owner, not its being public",
            "AWS.STS.GetSessionToken.Misuse: GetSessionToken by IAM User",
            "GetSessionToken is how MFA-protected CLI access works; Tokenward judges the token's use (another network, a console sign-in)");

    /** What the geo data says of the samples' public addresses (their owners as published). */
    private static final List<TestEnrichment.Block> GEO = List.of(
            new TestEnrichment.Block("52.40.0.0/14", "US", "Boardman", 45.8399, -119.7006, 16509L, "Amazon.com, Inc."),
            new TestEnrichment.Block("45.33.32.0/24", "US", "Fremont", 37.5483, -121.9886, 63949L, "Akamai Connected Cloud"));

    @Test
    void agreesWhereItShouldAndExplainsTheRest(@TempDir Path geoDirectory) throws IOException, ConfigException {
        Optional<Path> corpus = FormatSamplesTest.corpus();
        Assumptions.assumeTrue(corpus.isPresent(), "shared/datasets/format-samples is not beside this checkout");
        Map<String, String> disagreements = new TreeMap<>();
        int cases = 0;
        try (Enricher enricher = TestEnrichment.withGeo(GEO, List.of(), geoDirectory);
             BufferedReader lines = Files.newBufferedReader(corpus.get(), StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode sample = Json.mapper().readTree(line);
                String analytic = RULES.get(sample.get("rule").asText());
                if (analytic == null) {
                    continue;
                }
                cases++;
                String name = sample.get("rule").asText() + ": " + sample.get("test").asText();
                List<Alert> alerts = judge(sample.get("event"), analytic, enricher, name);
                boolean peer = sample.get("expected_result").asBoolean();
                if (alerts.isEmpty() == peer) {
                    disagreements.put(name, "peer " + (peer ? "alerts" : "does not alert") + "; Tokenward "
                            + (alerts.isEmpty() ? "does not" : "alerts: " + alerts.get(0).title()));
                }
            }
        }
        System.out.printf("peer rules: %d of %d single-event cases agree%n", cases - disagreements.size(), cases);
        disagreements.forEach((name, why) -> System.out.println("  disagrees: " + name + " (" + why + ")"));
        assertThat(cases).as("cases of the five peer rules").isGreaterThanOrEqualTo(29);
        assertThat(disagreements.keySet()).as("disagreements: %s", disagreements).isEqualTo(EXPLAINED.keySet());
    }

    private static List<Alert> judge(JsonNode record, String analytic, Enricher enricher, String name) throws IOException, ConfigException {
        List<Quarantined> quarantined = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        byte[] bytes = (Json.mapper().writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        try (InputReader reader = InputReader.open(InputFile.ofBytes("sample.jsonl", bytes), quarantined::add)) {
            for (Event e = reader.next(); e != null; e = reader.next()) {
                events.add(e);
            }
        }
        quarantined.forEach(q -> System.out.println("  quarantined: " + name + " (" + q.reason() + ")"));
        List<Alert> alerts = new ArrayList<>();
        Pipeline pipeline = new Pipeline(only(analytic), enricher, alerts::add, new RunStats());
        events.forEach(pipeline);
        pipeline.finish();
        return alerts;
    }

    private static Config only(String id) throws ConfigException {
        ObjectNode analytics = JsonNodeFactory.instance.objectNode();
        for (Catalog analytic : Catalog.values()) {
            analytics.putObject(analytic.id()).put("enabled", analytic.id().equals(id));
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("analytics", analytics);
        try {
            return Config.parse("peer-rules.yaml", new YAMLMapper().writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
