package dev.tokenward.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.event.NetworkClass;
import dev.tokenward.event.Origin;
import dev.tokenward.signal.Alert;
import dev.tokenward.signal.Triage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts as OCSF 1.3.0 Detection Findings. The attributes the schema requires of class 2004 and of
 * the objects used here (as the schema at https://schema.ocsf.io/1.3.0/classes/detection_finding
 * lists them) are checked on every finding; the schema's own definition files are not vendored
 * here (see docs/sources.md), so these lists are this project's reading of them.
 */
class OcsfFindingTest {
    private static final List<String> REQUIRED = List.of("activity_id", "category_uid", "class_uid", "finding_info", "metadata",
            "severity_id", "time", "type_uid");
    private static final List<String> FINDING_INFO_REQUIRED = List.of("uid", "title");
    private static final List<String> METADATA_REQUIRED = List.of("product", "version");

    private static JsonNode finding(Alert alert) {
        return Json.mapper().valueToTree(OcsfFinding.of(alert));
    }

    private static Alert stolenKey() {
        Instant first = Instant.parse("2026-11-14T05:05:12.204Z");
        Instant theft = Instant.parse("2026-11-17T04:25:03.519Z");
        Evidence habit = new Evidence("gcp", new Origin("gcp/data_access.json", 3, -1, "01q7e3fd2k9b"), first, "InsertJob SUCCESS",
                "67.183.10.11", "Seattle, US", 7922L, "Comcast Cable Communications", NetworkClass.RESIDENTIAL, null, null, null, null, null,
                null, 47.6062, -122.3321, null, null);
        Evidence use = new Evidence("gcp", new Origin("gcp/data_access.json", 9, -1, "10q7e3fd2k9b"), theft, "AccessSecretVersion SUCCESS",
                "44.235.24.210", "Boardman, US", 16509L, "Amazon.com, Inc.", NetworkClass.HOSTING, null, null, null, null, null, null,
                45.8399, -119.7006, null, null);
        Triage triage = new Triage(2, List.of("Tier 2"), List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(),
                List.of("disable the key"), List.of(), List.of(), List.of());
        return new Alert("9cdc1b9099d62473b28e81c71336f9d0", theft, "credential-roaming", List.of("T1550.001", "T1539", "T1078.004"),
                List.of("AN0722", "AN0201"), Severity.CRITICAL, "etl-runner@tidewater-data-prod.iam.gserviceaccount.com",
                "6f2d1c8e4b9a07d35e21f4c8a9b0d7e3c1f5a246", "Google Cloud access key 6f2d1c8e4b9a07d35e21f4c8a9b0d7e3c1f5a246 used from "
                + "44.235.24.210 (Boardman, US, AS16509 Amazon.com, Inc.) after 67.183.10.11", List.of(habit, use), triage, null, null,
                "inc-1f0b1bc88c8f3734949f", new Alert.Producer("tokenward 0.9.0", List.of("dbip-city-lite 2026-11")));
    }

    @Test
    void aFindingHasEveryRequiredAttributeOfItsClassAndObjects() {
        for (Alert alert : List.of(stolenKey(), TestAlerts.replayedSession(1))) {
            JsonNode finding = finding(alert);
            assertThat(REQUIRED).allSatisfy(name -> assertThat(finding.hasNonNull(name)).as(name).isTrue());
            assertThat(FINDING_INFO_REQUIRED).allSatisfy(name -> assertThat(finding.path("finding_info").hasNonNull(name)).as(name).isTrue());
            assertThat(METADATA_REQUIRED).allSatisfy(name -> assertThat(finding.path("metadata").hasNonNull(name)).as(name).isTrue());
            assertThat(finding.path("metadata").path("product").path("vendor_name").asText()).isEqualTo("Tokenward");
            assertThat(finding.path("class_uid").asInt()).isEqualTo(2004);
            assertThat(finding.path("category_uid").asInt()).isEqualTo(2);
            assertThat(finding.path("type_uid").asLong()).isEqualTo(finding.path("class_uid").asLong() * 100 + finding.path("activity_id").asLong());
            assertThat(finding.path("time").isIntegralNumber()).as("timestamp_t is milliseconds").isTrue();
            assertThat(finding.path("time").asLong()).isEqualTo(alert.time().toEpochMilli());
            assertThat(finding.path("severity_id").asInt()).isBetween(1, 6);
            assertThat(finding.path("observables")).allSatisfy(o -> {
                assertThat(o.hasNonNull("name")).isTrue();
                assertThat(o.path("type_id").asInt()).isIn(2, 4, 5);
            });
        }
    }

    @Test
    void theAlertsFactsLandWhereOcsfReadersLookForThem() {
        JsonNode finding = finding(stolenKey());
        assertThat(finding.path("severity_id").asInt()).isEqualTo(5);
        assertThat(finding.path("severity").asText()).isEqualTo("Critical");
        assertThat(finding.path("message").asText()).startsWith("Google Cloud access key 6f2d1c8e");
        assertThat(finding.path("metadata").path("product").path("version").asText()).isEqualTo("0.9.0");
        assertThat(finding.path("metadata").path("correlation_uid").asText()).isEqualTo("inc-1f0b1bc88c8f3734949f");
        JsonNode info = finding.path("finding_info");
        assertThat(info.path("uid").asText()).isEqualTo("9cdc1b9099d62473b28e81c71336f9d0");
        assertThat(info.path("analytic").path("uid").asText()).isEqualTo("credential-roaming");
        assertThat(info.path("first_seen_time").asLong()).isEqualTo(Instant.parse("2026-11-14T05:05:12.204Z").toEpochMilli());
        assertThat(info.path("last_seen_time").asLong()).isEqualTo(Instant.parse("2026-11-17T04:25:03.519Z").toEpochMilli());
        assertThat(info.path("attacks")).hasSize(3);
        assertThat(info.path("attacks").get(0).path("technique").path("uid").asText()).isEqualTo("T1550");
        assertThat(info.path("attacks").get(0).path("sub_technique").path("uid").asText()).isEqualTo("T1550.001");
        assertThat(info.path("attacks").get(1).path("technique").path("uid").asText()).isEqualTo("T1539");
        assertThat(info.path("attacks").get(1).has("sub_technique")).isFalse();
        JsonNode theft = finding.path("evidences").get(1);
        assertThat(theft.path("src_endpoint").path("ip").asText()).isEqualTo("44.235.24.210");
        assertThat(theft.path("src_endpoint").path("autonomous_system").path("number").asInt()).isEqualTo(16509);
        assertThat(theft.path("src_endpoint").path("location").path("lat").asDouble()).isEqualTo(45.8399);
        assertThat(theft.path("actor").path("user").path("name").asText()).isEqualTo("etl-runner@tidewater-data-prod.iam.gserviceaccount.com");
        assertThat(finding.path("resources").get(0).path("uid").asText()).isEqualTo("6f2d1c8e4b9a07d35e21f4c8a9b0d7e3c1f5a246");
        assertThat(finding.path("observables")).extracting(o -> o.path("value").asText())
                .containsExactly("etl-runner@tidewater-data-prod.iam.gserviceaccount.com", "67.183.10.11", "44.235.24.210");
        assertThat(finding.path("unmapped").path("tokenward").path("id").asText()).isEqualTo("9cdc1b9099d62473b28e81c71336f9d0");
    }
}
