package dev.tokenward.coverage;

import dev.tokenward.event.Event;
import dev.tokenward.source.InputFile;
import dev.tokenward.source.InputReader;
import dev.tokenward.source.Quarantined;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CoverageHostsTest {

    @Test
    void aHostWhoseSocketsAreOnlySnapshotsIsToldWhatShortCallsItMisses() throws IOException, URISyntaxException {
        Coverage coverage = new Coverage(List.of());
        List<Quarantined> quarantined = new ArrayList<>();
        for (String fixture : List.of("01-results-log-differential-batched-snapshot.json", "02-socket-events.json")) {
            Path file = Path.of(CoverageHostsTest.class.getResource("/sources/osquery/" + fixture).toURI());
            try (InputReader reader = InputReader.open(InputFile.ofBytes(fixture, Files.readAllBytes(file)), quarantined::add)) {
                for (Event e = reader.next(); e != null; e = reader.next()) {
                    coverage.accept(e);
                }
            }
        }
        assertThat(quarantined).isEmpty();
        Map<String, List<String>> gaps = coverage.report().hosts().stream()
                .collect(Collectors.toMap(Coverage.HostReport::host, Coverage.HostReport::cannotSee));

        String snapshotsOnly = "sockets only as snapshots, no connect() events (osquery socket_events): a call shorter than the "
                + "snapshot interval has a process only where the network sensor saw it";
        assertThat(gaps.get("twa-mbp-0207")).contains(snapshotsOnly);
        assertThat(gaps.get("twa-mbp-0142")).doesNotContain(snapshotsOnly)
                .noneMatch(gap -> gap.startsWith("no process sockets"))
                .noneMatch(gap -> gap.startsWith("no launchd jobs"));
    }
}
