package dev.tokenward.config;

import dev.tokenward.analytic.host.InventoryEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryFileTest {

    @Test
    void readsEveryFieldOfAnEntry(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("inventory.yaml");
        Files.writeString(file, """
                services:
                  - name: Jamf Pro agent
                    label: com.jamfsoftware.task.1
                    path: /usr/local/jamf/bin/jamf
                    teamId: 483DWKW443
                    destinations: ["*.jamfcloud.com"]
                    schedule: {interval: 15m, tolerance: 0.1}
                    owner: endpoint-team@tidewateranalytics.com
                    review: 2027-03-01
                """);
        List<InventoryEntry> entries = InventoryFile.load(file);
        assertThat(entries).hasSize(1);
        InventoryEntry jamf = entries.get(0);
        assertThat(jamf.label()).isEqualTo("com.jamfsoftware.task.1");
        assertThat(jamf.teamId()).isEqualTo("483DWKW443");
        assertThat(jamf.schedule().interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(jamf.schedule().toleranceOrDefault()).isEqualTo(0.1);
        assertThat(jamf.review()).isEqualTo(LocalDate.of(2027, 3, 1));
        assertThat(jamf.destinations()).containsExactly("*.jamfcloud.com");
    }

    @Test
    void namesEachBadEntryWithItsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("inventory.yaml");
        Files.writeString(file, """
                services:
                  - name: nothing to know it by
                    owner: someone
                  - label: com.example.agent
                    schedule: {interval: often}
                """);
        assertThatThrownBy(() -> InventoryFile.load(file)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(2)
                        .anySatisfy(p -> assertThat(p).contains("services[0]").contains("needs a label, a signingId or a path"))
                        .anySatisfy(p -> assertThat(p).contains("services[1]")));
    }

    @Test
    void collapsesFourSubdomainsOfOneParent() {
        assertThat(InventoryFile.collapse(new java.util.TreeSet<>(List.of("a.jamfcloud.com", "b.jamfcloud.com", "c.jamfcloud.com",
                "d.jamfcloud.com", "update.googleapis.com")))).containsExactly("update.googleapis.com",
                "*.jamfcloud.com");
    }
}
