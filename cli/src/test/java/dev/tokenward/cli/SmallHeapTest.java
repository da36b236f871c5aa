package dev.tokenward.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs of the real command in a JVM of its own with a small heap: hostile input is quarantined, never an OutOfMemoryError. */
class SmallHeapTest {
    private static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();
    private static final String OKTA_RECORD = """
            {"actor":{"id":"00u8q3vzk2XbLw4Jp5d7","type":"User","alternateId":"priya.raman@tidewateranalytics.com","displayName":"Priya Raman"},\
            "client":{"userAgent":{"rawUserAgent":"%s","os":"Unknown","browser":"UNKNOWN"},"ipAddress":"73.239.102.57",\
            "geographicalContext":{"city":"Seattle","country":"United States","geolocation":{"lat":47.6229,"lon":-122.3165}}},\
            "authenticationContext":{"externalSessionId":"102vLNJgBfyMhLGUzEMScrbZc"},"eventType":"user.authentication.sso",\
            "outcome":{"result":"SUCCESS"},"published":"2026-11-17T15:%02d:08.844Z","uuid":"2b3e64ad-e29d-11f1-90b0-2054%08d","version":"0"}""";

    @TempDir
    Path work;

    private record Run(int exit, String err) {
    }

    private Run detect(String heap, Path input) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseParallelGC", "-cp",
                System.getProperty("java.class.path"), "dev.tokenward.cli.Main", "detect", input.toString(), "--no-progress",
                "--out", work.resolve("alerts.jsonl").toString(), "--quarantine", work.resolve("quarantine.jsonl").toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("output.txt").toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("finished").isTrue();
        return new Run(process.exitValue(), Files.readString(work.resolve("output.txt")));
    }

    @Test
    void unusualUserAgentsAt128MegabytesAreClassifiedWithoutTheFullParserAndTheRunSaysSo() throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            for (Path file : files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".md")).toList()) {
                Path copy = logs.resolve(SAMPLES.relativize(file));
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
        String[] unusual = {"Mozilla/5.0 (Linux; U; Android 4.4.2; en-us; SM-T530NU Build/KOT49H) AppleWebKit/534.30 (KHTML, like Gecko) "
                + "Version/4.0 Safari/534.30", "Opera/9.80 (J2ME/MIDP; Opera Mini/9.80 (S60; SymbOS; Opera Mobi/23.348; U; en) Presto/2.5.25",
            "Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko)"};
        StringBuilder okta = new StringBuilder("[");
        for (int i = 0; i < unusual.length; i++) {
            okta.append(i == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT, OKTA_RECORD, unusual[i], 20 + i, i));
        }
        Files.writeString(logs.resolve("okta-unusual.json"), okta.append("]").toString());

        Run run = detect("128m", logs);

        assertThat(run.err()).doesNotContain("OutOfMemoryError").doesNotContain("Exception");
        assertThat(run.exit()).as(run.err()).isEqualTo(Main.OK);
        assertThat(run.err()).contains("790 events from").containsPattern("degraded: +3 user agents classified by rules and a heuristic "
                + "instead of the full parser: the heap \\(\\d+ MB\\) is smaller");
    }

    @Test
    void aLineOverTheLimitAt128MegabytesCostsOnlyItself() throws Exception {
        Path file = work.resolve("okta.jsonl");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write((String.format(java.util.Locale.ROOT, OKTA_RECORD, "Okta-Integrations", 1, 1) + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] huge = String.format(java.util.Locale.ROOT, OKTA_RECORD, "x".repeat(20 << 20), 2, 2).getBytes(StandardCharsets.UTF_8);
            out.write(huge);
            out.write('\n');
            out.write((String.format(java.util.Locale.ROOT, OKTA_RECORD, "Okta-Integrations", 3, 3) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Run run = detect("128m", file);
        assertThat(run.exit()).as(run.err()).isEqualTo(Main.QUARANTINED);
        assertThat(run.err()).contains("2 events from 1 file").contains("quarantined: 1 records");
        assertThat(Files.readString(work.resolve("quarantine.jsonl"))).contains("line longer than 8 MiB (input.maxRecordBytes)");
    }

    @Test
    void aSixtyMegabyteUserAgentInASixtyKilobyteGzipAt256MegabytesIsQuarantinedAsACompressionBomb() throws Exception {
        Path file = work.resolve("okta.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(('[' + String.format(java.util.Locale.ROOT, OKTA_RECORD, "Okta-Integrations", 1, 1) + ",").getBytes(StandardCharsets.UTF_8));
            String[] halves = String.format(java.util.Locale.ROOT, OKTA_RECORD, "@", 2, 2).split("@");
            out.write(halves[0].getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "Mozilla/5.0 ".repeat(1 << 16).getBytes(StandardCharsets.UTF_8);
            for (long written = 0; written < 60L << 20; written += chunk.length) {
                out.write(chunk);
            }
            out.write(halves[1].getBytes(StandardCharsets.UTF_8));
            out.write(("," + String.format(java.util.Locale.ROOT, OKTA_RECORD, "Okta-Integrations", 3, 3) + "]").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.size(file)).isLessThan(1 << 20);
        Run run = detect("256m", file);
        assertThat(run.exit()).as(run.err()).isEqualTo(Main.QUARANTINED);
        assertThat(run.err()).contains("1 events from 1 file").contains("quarantined: 1 records");
        assertThat(Files.readString(work.resolve("quarantine.jsonl"))).contains("compressed data inflates more than 200 times")
                .contains("a compression bomb? (input.maxInflateRatio) after 1 records; the rest of the file could not be read");
    }
}
