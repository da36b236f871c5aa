package dev.tokenward.simulate;

import dev.tokenward.evaluate.GroundTruth;
import dev.tokenward.evaluate.Storyline;
import dev.tokenward.event.Event;
import dev.tokenward.source.InputFile;
import dev.tokenward.source.InputReader;
import dev.tokenward.source.Quarantined;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Google Cloud data platform's audit logs, in a Cloud Logging sink's layout, read by Tokenward's GCP mapper; and its truth. */
class GoogleCloudTest {
    private static final Simulation RUN = new Simulation(60, 6, 33, LocalDate.of(2026, 11, 2));

    @TempDir
    static Path shared;
    private static final List<Event> EVENTS = new ArrayList<>();
    private static final List<Quarantined> QUARANTINED = new ArrayList<>();
    private static final List<Path> FILES = new ArrayList<>();

    @BeforeAll
    static void simulateOnce() throws IOException {
        RUN.run(shared.resolve("sim"), day -> { });
        try (Stream<Path> files = Files.walk(shared.resolve("sim/logs/gcp"))) {
            files.filter(Files::isRegularFile).sorted().forEach(FILES::add);
        }
        for (Path file : FILES) {
            try (InputReader reader = InputReader.open(InputFile.ofBytes(file.toString(), Files.readAllBytes(file)), QUARANTINED::add)) {
                for (Event e = reader.next(); e != null; e = reader.next()) {
                    assertThat(reader.format().id()).isEqualTo("gcp");
                    EVENTS.add(e);
                }
            }
        }
    }

    @Test
    void auditLogsAreHourlySinkObjectsReadWithNothingQuarantined() {
        assertThat(QUARANTINED).isEmpty();
        assertThat(FILES).isNotEmpty().allSatisfy(file -> assertThat(shared.resolve("sim/logs").relativize(file).toString())
                .matches("gcp/twa-audit-sink/cloudaudit\\.googleapis\\.com/(activity|data_access)/\\d{4}/\\d\\d/\\d\\d/"
                        + "(\\d\\d):00:00_\\2:59:59_S0\\.json"));
        assertThat(EVENTS).extracting(e -> e.principal().name()).contains("dbt-runner@twa-data-platform.iam.gserviceaccount.com",
                "fivetran-loader@twa-data-platform.iam.gserviceaccount.com", "looker-bq@twa-data-platform.iam.gserviceaccount.com");
    }

    @Test
    void aLeakedKeyIsUsedFromAnAddressItsAccountNeverUsedAndItsTruthNamesTheKey() throws Exception {
        List<Storyline> truth = GroundTruth.read(shared.resolve("sim/truth.jsonl")).storylines();
        List<Storyline> leaks = truth.stream().filter(s -> s.kind().equals(GoogleCloud.KEY_LEAK)).toList();
        assertThat(leaks).isNotEmpty();
        for (Storyline leak : leaks) {
            String account = leak.principals().get(0);
            String key = leak.credentials().get(0);
            List<Event> attacker = EVENTS.stream().filter(e -> e.credential() != null && key.equals(e.credential().id())
                    && !e.time().isBefore(leak.start()) && !e.time().isAfter(leak.end())).toList();
            assertThat(attacker).as(leak.storyline()).isNotEmpty();
            String address = attacker.get(0).client().ip().toString();
            assertThat(EVENTS).filteredOn(e -> account.equals(e.principal().name()) && e.time().isBefore(leak.start()))
                    .as("the account's own calls before the leak").isNotEmpty()
                    .noneMatch(e -> e.client().ip() != null && address.equals(e.client().ip().toString()));
            assertThat(leak.analytics()).containsExactly("credential-roaming");
        }
        // a key exists before it is used: a leak is of the key in use at its time, not of one a rotation makes later that day
        java.util.Map<String, java.time.Instant> created = new java.util.HashMap<>();
        EVENTS.stream().filter(e -> e.credential() != null && e.credential().issuedCredentialId() != null)
                .forEach(e -> created.merge(e.credential().issuedCredentialId(), e.time(), (x, y) -> x.isBefore(y) ? x : y));
        assertThat(created).as("keys created in the logs").isNotEmpty();
        assertThat(EVENTS).filteredOn(e -> e.credential() != null && created.containsKey(e.credential().id()))
                .allSatisfy(e -> assertThat(e.time()).as("a use of key " + e.credential().id()).isAfterOrEqualTo(created.get(e.credential().id())));
        assertThat(truth).filteredOn(s -> s.storyline().startsWith("gd-")).extracting(Storyline::kind)
                .contains("service-account-key-rotation", "connector-region-move").allSatisfy(k -> assertThat(k).isNotBlank());
        assertThat(truth).filteredOn(s -> s.storyline().startsWith("gd-")).allMatch(Storyline::decoy);
    }
}
