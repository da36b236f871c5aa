package dev.tokenward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.output.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The samples' seven incidents (their README's "What happens"), with the playbook carried out: the
 * alerts each holds, its tier, the questions answered and a containment plan right for the
 * credential involved. Run without geo data, as the README's seventeen-alert table.
 */
class SamplesIncidentsTest {
    private static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();
    private static final String TOM = "arn:aws:iam::482910376154:user/tom.becker";
    private static final String SUPPORT = "arn:aws:sts::482910376154:federated-user/aws-support";
    private static final String ETL = "arn:aws:sts::482910376154:assumed-role/etl-worker-instance-role/i-0a3f5c9e2b7d41e86";

    @TempDir
    static Path work;
    static List<JsonNode> alerts;
    static List<JsonNode> incidents;

    @BeforeAll
    static void detect() throws IOException {
        Path config = work.resolve("defaults.yaml");
        Files.writeString(config, "enrichment:\n  geoDirectory: " + work.resolve("no-geo") + "\n");
        Cli result = Cli.run("detect", SAMPLES.toString(), "--config", config.toString(), "--out", work.resolve("alerts.jsonl").toString(),
                "--incidents", work.resolve("incidents.jsonl").toString(), "--quarantine", work.resolve("q.jsonl").toString());
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.err()).contains("incidents:   7 (and 0 merged into them)");
        alerts = lines(work.resolve("alerts.jsonl"));
        incidents = lines(work.resolve("incidents.jsonl"));
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> read = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            read.add(Json.mapper().readTree(line));
        }
        return read;
    }

    /** Each incident's alerts as "analytic principal", sorted, by the incident's first principal. */
    private static Map<String, List<String>> membership() {
        Map<String, List<String>> byIncident = new TreeMap<>();
        for (JsonNode incident : incidents) {
            List<String> members = new ArrayList<>();
            for (JsonNode entry : incident.get("timeline")) {
                members.add(entry.get("analytic").asText() + " " + entry.get("principal").asText());
            }
            byIncident.put(incident.get("principals").get(0).asText() + " " + incident.get("first").asText().substring(0, 13),
                    members.stream().sorted().toList());
        }
        return byIncident;
    }

    @Test
    void theSevenIncidentsHoldTheAlertsTheReadmeGroups() {
        assertThat(membership()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "priya.raman@tidewateranalytics.com 2026-11-17T16", List.of(
                        "credential-roaming priya.raman@tidewateranalytics.com", "impossible-travel priya.raman@tidewateranalytics.com"),
                TOM + " 2026-11-18T02", List.of("mfa-not-satisfied " + TOM),
                "anna.kowalski@tidewateranalytics.com 2026-11-18T10", List.of(
                        "failures-then-access anna.kowalski@tidewateranalytics.com", "mfa-not-satisfied anna.kowalski@tidewateranalytics.com"),
                "li.wei@tidewateranalytics.com 2026-11-18T18", List.of("oauth-consent-then-use li.wei@tidewateranalytics.com"),
                TOM + " 2026-11-18T20", List.of("credential-roaming " + TOM, "credential-without-authentication " + TOM,
                        "federation-token-abuse " + TOM, "mass-api-access " + TOM, "new-credential-unusual-api " + TOM,
                        "new-credential-unusual-api " + SUPPORT, "new-credential-unusual-api " + SUPPORT),
                ETL + " 2026-11-18T23", List.of("new-credential-unusual-api " + ETL, "workload-credential-exfiltration " + ETL),
                "sarah.mitchell@tidewateranalytics.com 2026-11-18T22", List.of("automation-client sarah.mitchell@tidewateranalytics.com",
                        "credential-store-scraping sarah.mitchell@tidewateranalytics.com")));
    }

    @Test
    void everyAlertCarriesItsIncidentAndIdsAreDeterministic() throws IOException {
        Map<String, String> incidentOfAlert = new TreeMap<>();
        for (JsonNode incident : incidents) {
            incident.get("alerts").forEach(id -> incidentOfAlert.put(id.asText(), incident.get("id").asText()));
            assertThat(incident.get("id").asText()).matches("inc-[0-9a-f]{20}");
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (JsonNode alert : alerts) {
            assertThat(alert.get("incident").asText()).as(alert.get("title").asText()).isEqualTo(incidentOfAlert.get(alert.get("id").asText()));
            assertThat(ids.add(alert.get("id").asText())).as("one id per alert: " + alert.get("title").asText()).isTrue();
        }
        Path again = work.resolve("again.jsonl");
        Cli.run("detect", SAMPLES.toString(), "--config", work.resolve("defaults.yaml").toString(), "--out",
                work.resolve("alerts-again.jsonl").toString(), "--incidents", again.toString(), "--quarantine", work.resolve("q2.jsonl").toString());
        assertThat(Files.readString(again)).isEqualTo(Files.readString(work.resolve("incidents.jsonl")));
    }

    @Test
    void theAttacksThatShareAnAddressNameEachOtherWithoutMakingACampaign() {
        JsonNode keySweep = incident(TOM + " 2026-11-18T20");
        JsonNode instance = incident(ETL + " 2026-11-18T23");
        assertThat(keySweep.get("kind").asText()).isEqualTo("incident");
        assertThat(keySweep.get("related").get(0).asText()).isEqualTo(instance.get("id").asText());
        assertThat(instance.get("related").get(0).asText()).isEqualTo(keySweep.get("id").asText());
    }

    @Test
    void thePlaybookQuestionsAreAnsweredWithEvidence() {
        JsonNode fatigue = incident("anna.kowalski@tidewateranalytics.com 2026-11-18T10");
        assertThat(question(fatigue, 1).get("finding").asText()).isEqualTo("yes");
        assertThat(question(fatigue, 1).get("answer").asText())
                .contains("5 in the 24 hours before (MFA refused or not completed ×5) from 102.89.31.77").endsWith("MFA fatigue");
        JsonNode keySweep = incident(TOM + " 2026-11-18T20");
        assertThat(question(keySweep, 2).get("finding").asText()).isEqualTo("yes");
        assertThat(question(keySweep, 2).get("answer").asText()).contains("discovery ×").contains("iam:ListUsers")
                .contains("persistence ×1 (iam:CreateUser)").contains("privilege escalation ×1 (iam:AttachUserPolicy)");
        assertThat(keySweep.get("tier").asInt()).isEqualTo(2);
        assertThat(keySweep.get("escalation").toString()).contains("API use inconsistent with the profile");
        JsonNode consoleWithoutMfa = incident(TOM + " 2026-11-18T02");
        assertThat(question(consoleWithoutMfa, 1).get("finding").asText()).isEqualTo("no");
        assertThat(question(consoleWithoutMfa, 2).get("finding").asText()).isEqualTo("unknown");
    }

    @Test
    void eachPlanFitsTheCredentialItContains() {
        String federation = alert("federation-token-abuse", TOM).get("triage").get("containment").toString();
        assertThat(federation).contains("an inline policy on " + TOM + " denying every action when aws:TokenIssueTime is before the time of the response")
                .doesNotContain("Revoke the role's sessions");
        String instance = alert("workload-credential-exfiltration", ETL).get("triage").get("containment").toString();
        assertThat(instance).contains("attach to role arn:aws:iam::482910376154:role/etl-worker-instance-role")
                .contains("aws:ec2InstanceSourceVPC").contains("--instance-id i-0a3f5c9e2b7d41e86 --http-tokens required");
        assertThat(alert("workload-credential-exfiltration", ETL).get("triage").get("scope").get(0).asText())
                .as("Tier 2 scope: the other accounts and credentials of the same address")
                .isEqualTo("Other accounts and credentials active from the same address in the day before: " + SUPPORT
                        + " (ASIAE646QF4TTHY5Z3XW), " + TOM + " (AKIAPDEEBCBYR4B7QDPD, ASIAQ7RDM3XKTB5VWE2N)");
        assertThat(alert("workload-credential-exfiltration", ETL).get("triage").get("staysValid").toString())
                .contains("ASIAKUXIKL4YFDKZZT3D itself stays valid until it expires");
        assertThat(alert("credential-roaming", TOM).get("triage").get("containment").get(0).asText())
                .isEqualTo("Deactivate access key AKIAPDEEBCBYR4B7QDPD: aws iam update-access-key --access-key-id AKIAPDEEBCBYR4B7QDPD --status Inactive");
        assertThat(alert("credential-roaming", TOM).get("triage").get("staysValid").toString())
                .contains("Temporary credentials minted from the key");
        assertThat(alert("credential-roaming", "priya.raman@tidewateranalytics.com").get("triage").get("containment").get(0).asText())
                .contains("DELETE /api/v1/users/{userId}/sessions?oauthTokens=true");
        assertThat(alert("oauth-consent-then-use", "li.wei@tidewateranalytics.com").get("triage").get("containment").get(0).asText())
                .startsWith("Remove the delegated permission grant");
    }

    private static JsonNode question(JsonNode incident, int index) {
        return incident.get("questions").get(index);
    }

    private static JsonNode incident(String firstPrincipalAndHour) {
        return incidents.stream().filter(i -> (i.get("principals").get(0).asText() + " " + i.get("first").asText().substring(0, 13))
                .equals(firstPrincipalAndHour)).findFirst().orElseThrow(() -> new AssertionError("no incident " + firstPrincipalAndHour
                + " among " + incidents.stream().map(i -> i.get("principals").toString()).collect(Collectors.joining("; "))));
    }

    private static JsonNode alert(String analytic, String principal) {
        return alerts.stream().filter(a -> a.get("analytic").asText().equals(analytic) && a.get("principal").asText().equals(principal))
                .findFirst().orElseThrow(() -> new AssertionError("no " + analytic + " alert on " + principal));
    }
}
