package dev.tokenward.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.event.Event;
import dev.tokenward.output.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks each reader against the shared corpus of real-shaped records (../shared/datasets/format-samples,
 * skipped when absent): every record of the reader's format that carries the fields that make it
 * an event (its time and type) is read without quarantine; every other one is quarantined with a
 * specific reason, and none disappears.
 */
public class FormatSamplesTest {
    private static final Map<String, List<String>> ESSENTIAL = Map.ofEntries(
            Map.entry("cloudtrail", List.of("eventTime", "eventName", "eventSource")),
            Map.entry("okta", List.of("published", "eventType")),
            Map.entry("entra", List.of("time", "category")),
            Map.entry("gcp", List.of("timestamp", "protoPayload.methodName", "protoPayload.serviceName")),
            Map.entry("azure", List.of("time", "operationName", "category")),
            Map.entry("workspace", List.of("id.time", "id.applicationName")),
            Map.entry("auth0", List.of("data.date", "data.type")),
            Map.entry("duo", List.of("isotimestamp", "result", "factor")),
            Map.entry("m365", List.of("CreationTime", "Operation", "Workload")),
            Map.entry("osquery", List.of("unixTime", "name")),
            Map.entry("onelogin", List.of("created_at", "event_type_id")));

    public static Optional<Path> corpus() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/datasets/format-samples/events.jsonl");
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @ParameterizedTest(name = "{1} records")
    @CsvSource({"AWS.CloudTrail, cloudtrail, 10", "Okta.SystemLog, okta, 10", "Azure.Audit, entra, 10", "GCP.AuditLog, gcp, 10",
            "Azure.MonitorActivity, azure, 10", "GSuite.ActivityEvent, workspace, 10", "Auth0.Events, auth0, 10",
            "Duo.Authentication, duo, -1", "Microsoft365.Audit.AzureActiveDirectory, m365, 2",
            "Microsoft365.Audit.SharePoint, m365, 2", "Microsoft365.Audit.Exchange, m365, 2",
            "Osquery.Differential, osquery, 5", "OneLogin.Events, onelogin, -1"})
    void everyRecordOfTheFormatIsReadOrQuarantinedWithAReason(String logType, String format, int fewest) throws IOException {
        Optional<Path> corpus = corpus();
        Assumptions.assumeTrue(corpus.isPresent(), "shared/datasets/format-samples is not beside this checkout");
        int complete = 0;
        int incomplete = 0;
        try (BufferedReader lines = Files.newBufferedReader(corpus.get(), StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode sample = Json.mapper().readTree(line);
                JsonNode types = sample.get("log_types");
                if (types.size() != 1 || !types.get(0).asText().equals(logType)) {
                    continue;
                }
                JsonNode record = sample.get("event");
                String name = sample.get("rule").asText() + ": " + sample.get("test").asText();
                List<Quarantined> quarantined = new ArrayList<>();
                List<Event> events = new ArrayList<>();
                try (InputReader reader = InputReader.open(InputFile.ofBytes(name,
                        (record.toString() + "\n").getBytes(StandardCharsets.UTF_8)), quarantined::add)) {
                    for (Event e = reader.next(); e != null; e = reader.next()) {
                        events.add(e);
                    }
                    if (isComplete(record, format)) {
                        complete++;
                        assertThat(quarantined).as(name).isEmpty();
                        assertThat(events).as(name).hasSize(1);
                        assertThat(reader.format()).as(name).isEqualTo(Format.byId(format).orElseThrow());
                    } else {
                        incomplete++;
                        assertThat(events).as(name).isEmpty();
                        assertThat(quarantined).as(name).singleElement()
                                .satisfies(q -> assertThat(q.reason()).containsAnyOf("missing", "not a timestamp", "unrecognised format"));
                    }
                }
            }
        }
        // the Duo samples are rule-test stubs without a timestamp: every one of them is quarantined
        assertThat(complete).as("records of " + format + " with their essential fields").isGreaterThan(fewest);
        assertThat(complete + incomplete).as("records of " + format).isPositive();
        System.out.printf("format samples, %s: %d complete records read, %d incomplete ones quarantined%n",
                format, complete, incomplete);
    }

    /**
     * The 1Password records of the samples (two sign-in attempts, four item usages, written by
     * the Panther connector): each one event, of the kind its endpoint logs, about the user it
     * names, even where its address is malformed ({@code 1.1.1.1.1}, kept in the event's invalid list).
     */
    @Test
    void theOnePasswordRecordsAreReadAsSignInsAndItemUses() throws IOException {
        Optional<Path> corpus = corpus();
        Assumptions.assumeTrue(corpus.isPresent(), "shared/datasets/format-samples is not beside this checkout");
        java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
        try (BufferedReader lines = Files.newBufferedReader(corpus.get(), StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode sample = Json.mapper().readTree(line);
                String type = sample.get("log_types").get(0).asText();
                if (!type.startsWith("OnePassword.")) {
                    continue;
                }
                List<Quarantined> quarantined = new ArrayList<>();
                List<Event> events = new ArrayList<>();
                try (InputReader reader = InputReader.open(InputFile.ofBytes(type, (sample.get("event") + "\n")
                        .getBytes(StandardCharsets.UTF_8)), quarantined::add)) {
                    for (Event e = reader.next(); e != null; e = reader.next()) {
                        events.add(e);
                    }
                    assertThat(reader.format()).as(type).isEqualTo(Format.ONEPASSWORD);
                }
                assertThat(quarantined).as(type).isEmpty();
                assertThat(events).as(type).singleElement().satisfies(e -> {
                    assertThat(e.principal().name()).isEqualTo("homer@springfield.gov");
                    kinds.merge(type + " " + e.kind(), 1, Integer::sum);
                });
            }
        }
        assertThat(kinds).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                "OnePassword.ItemUsage CREDENTIAL_STORE_ACCESS", 4, "OnePassword.SignInAttempt AUTHENTICATION", 2));
    }

    /** Carries the format's essential fields, with a time that is a time. */
    private static boolean isComplete(JsonNode record, String format) {
        if (format.equals("azure") && "kube-audit".equals(text(record, "category"))) {
            return false; // Kubernetes audit events filed with the activity log: not an Azure Activity Log record
        }
        if (format.equals("azure")) {
            // the REST API's layout: eventTimestamp, and {"value", "localizedValue"} for names
            String time = text(record, "time") != null ? text(record, "time") : text(record, "eventTimestamp");
            return time != null && Timestamps.parse(time) != null && named(record, "operationName") && named(record, "category");
        }
        if (format.equals("workspace") && text(record, "name") == null
                && !(Format.field(record, "events") != null && Format.field(record, "events").path(0).has("name"))) {
            return false;
        }
        for (String field : ESSENTIAL.get(format)) {
            if (text(record, field) == null) {
                return false;
            }
        }
        return Timestamps.parse(text(record, ESSENTIAL.get(format).get(0))) != null;
    }

    /** Whether a field holds a name: text, or an object with its {@code value}. */
    private static boolean named(JsonNode record, String field) {
        return text(record, field) != null || text(record, field + ".value") != null;
    }

    /** A field's text by its dotted path. */
    private static String text(JsonNode record, String path) {
        JsonNode node = record;
        String[] steps = path.split("\\.");
        for (int i = 0; i < steps.length - 1 && node != null; i++) {
            node = Format.field(node, steps[i]);
        }
        return Format.text(node, steps[steps.length - 1]);
    }
}
