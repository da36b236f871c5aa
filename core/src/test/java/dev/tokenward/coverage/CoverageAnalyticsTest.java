package dev.tokenward.coverage;

import dev.tokenward.analytic.Catalog;
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

class CoverageAnalyticsTest {

    @Test
    void googleCloudTokenMintingIsEnoughForTheTokenViewOfFailuresThenAccess() throws IOException, URISyntaxException {
        // a project's Data Access log of GenerateAccessToken calls and nothing else: no sign-ins at all
        Map<String, Coverage.Readiness> readiness = readiness("/sources/gcp/02-iamcredentials-generate-access-token-impersonation.json");

        assertThat(readiness.get("failures-then-access")).isEqualTo(Coverage.Readiness.READY);
        assertThat(readiness.get("mfa-not-satisfied")).isEqualTo(Coverage.Readiness.CANNOT_RUN);
    }

    private static Map<String, Coverage.Readiness> readiness(String fixture) throws IOException, URISyntaxException {
        Coverage coverage = new Coverage(java.util.Arrays.stream(Catalog.values()).map(Catalog::withDefaults).toList());
        List<Quarantined> quarantined = new ArrayList<>();
        Path file = Path.of(CoverageAnalyticsTest.class.getResource(fixture).toURI());
        try (InputReader reader = InputReader.open(InputFile.ofBytes(file.getFileName().toString(), Files.readAllBytes(file)),
                quarantined::add)) {
            for (Event e = reader.next(); e != null; e = reader.next()) {
                coverage.accept(e);
            }
        }
        assertThat(quarantined).isEmpty();
        return coverage.report().analytics().stream()
                .collect(Collectors.toMap(Coverage.AnalyticReport::id, Coverage.AnalyticReport::readiness));
    }
}
