package dev.tokenward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.output.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokenward never writes over its evidence, never reads outside what it was pointed at, and never says output was written when it was not. */
class SafePathsTest {
    private static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();

    @TempDir
    Path work;
    private Path logs;
    private Path okta;
    private byte[] original;

    @BeforeEach
    void anIncidentFolder() throws IOException {
        logs = Files.createDirectories(work.resolve("incident"));
        try (Stream<Path> files = Files.list(SAMPLES.resolve("okta"))) {
            Path source = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
            okta = logs.resolve("okta.json");
            Files.copy(source, okta);
        }
        original = Files.readAllBytes(okta);
    }

    private Path fast() throws IOException {
        Path config = work.resolve("fast.yaml");
        Files.writeString(config, "enrichment:\n  geoDirectory: " + work.resolve("no-geo") + "\n  userAgents: rules\n");
        return config;
    }

    private Cli detect(String... args) throws IOException {
        return Cli.run(line(args));
    }

    private String[] line(String... args) throws IOException {
        List<String> line = new ArrayList<>(List.of("detect", "--no-progress", "--config", fast().toString()));
        line.addAll(List.of(args));
        return line.toArray(String[]::new);
    }

    @Test
    void anOutputNamingAnInputIsRefusedAndTheInputIsUntouched() throws IOException {
        for (String option : List.of("--out", "--quarantine", "--stats")) {
            Cli run = detect(okta.toString(), option, okta.toString());
            assertThat(run.exit()).as(option).isEqualTo(Main.USAGE);
            assertThat(run.err()).contains("refusing to write: " + option + " " + okta + " is one of the inputs");
            assertThat(Files.readAllBytes(okta)).isEqualTo(original);
        }
    }

    @Test
    void anOutputInsideAnInputDirectoryIsRefusedEvenThroughALink() throws IOException {
        Cli inside = detect(logs.toString(), "--quarantine", logs.resolve("okta.json").toString());
        assertThat(inside.exit()).isEqualTo(Main.USAGE);
        assertThat(inside.err()).contains("--quarantine " + okta + " lies inside the input directory " + logs.toRealPath());
        assertThat(Files.readAllBytes(okta)).isEqualTo(original);

        Cli newFile = detect(logs.toString(), "--out", logs.resolve("sub/alerts.jsonl").toString());
        assertThat(newFile.exit()).isEqualTo(Main.USAGE);
        assertThat(newFile.err()).contains("lies inside the input directory " + logs.toRealPath());
        assertThat(logs.resolve("sub")).doesNotExist();

        Path alias = Files.createSymbolicLink(work.resolve("alias"), logs);
        Cli throughLink = detect(logs.toString(), "--out", alias.resolve("alerts.jsonl").toString());
        assertThat(throughLink.exit()).isEqualTo(Main.USAGE);
        assertThat(throughLink.err()).contains("lies inside the input directory");
    }

    @Test
    void twoOutputsNamingOneFileAreRefused() throws IOException {
        Path same = work.resolve("alerts.jsonl");
        Cli run = detect(logs.toString(), "--out", same.toString(), "--quarantine", same.toString());
        assertThat(run.exit()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("--quarantine and --out name the same file");
        assertThat(same).doesNotExist();
    }

    @Test
    void anUnwritableOutputFailsBeforeAnyWorkAndLeavesTheEarlierFile() throws IOException {
        Path alerts = work.resolve("alerts.jsonl");
        Files.writeString(alerts, "{\"earlier\":true}\n");
        Path locked = Files.createDirectories(work.resolve("locked"));
        Files.writeString(locked.resolve("quarantine.jsonl"), "{\"earlier\":true}\n");
        locked.toFile().setWritable(false);
        try {
            Cli run = detect(logs.toString(), "--out", alerts.toString(), "--quarantine", locked.resolve("quarantine.jsonl").toString());
            if (Files.isWritable(locked)) {
                return;
            }
            assertThat(run.exit()).isEqualTo(Main.FAILED);
            assertThat(run.err()).contains("cannot write --quarantine").contains("permission denied");
            assertThat(Files.readString(alerts)).isEqualTo("{\"earlier\":true}\n");
            try (Stream<Path> left = Files.list(work)) {
                assertThat(left).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
            }
        } finally {
            locked.toFile().setWritable(true);
        }
    }

    @Test
    void aSuccessfulRunReplacesItsOutputsAndRemovesAnEarlierQuarantine() throws IOException {
        Path alerts = work.resolve("alerts.jsonl");
        Path quarantine = work.resolve("quarantine.jsonl");
        Files.writeString(alerts, "{\"earlier\":true}\n");
        Files.writeString(quarantine, "{\"earlier\":true}\n");
        Cli run = detect(logs.toString(), "--out", alerts.toString(), "--quarantine", quarantine.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(Main.OK);
        assertThat(Files.readAllLines(alerts)).isNotEmpty().allSatisfy(line -> assertThat(line).contains("\"analytic\""));
        assertThat(quarantine).doesNotExist();
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        }
    }

    @Test
    void linksLeadingOutOfTheTreeAndSpecialFilesAreListedNotRead() throws IOException, InterruptedException {
        Path secrets = Files.createDirectories(work.resolve("elsewhere"));
        Files.writeString(secrets.resolve("environ"), "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq3Lt7vB2u\n");
        Files.createSymbolicLink(logs.resolve("environ"), secrets.resolve("environ"));
        Files.createSymbolicLink(logs.resolve("etc"), secrets);
        Files.createSymbolicLink(logs.resolve("dangling.json"), work.resolve("gone.json"));
        Files.createSymbolicLink(logs.resolve("same-okta.json"), okta);
        Process mkfifo = new ProcessBuilder("mkfifo", logs.resolve("pipe.json").toString()).start();
        boolean fifo = mkfifo.waitFor() == 0;
        Path quarantine = work.resolve("quarantine.jsonl");

        Cli run = detect(logs.toString(), "--out", work.resolve("alerts.jsonl").toString(), "--quarantine", quarantine.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(Main.QUARANTINED);
        assertThat(run.err()).contains("206 events from").contains("not read:    " + (fifo ? 4 : 3) + " entries");
        List<String> reasons = new ArrayList<>();
        for (String line : Files.readAllLines(quarantine)) {
            JsonNode entry = Json.mapper().readTree(line);
            reasons.add(Path.of(entry.get("file").asText()).getFileName() + ": " + entry.get("reason").asText());
            assertThat(entry.get("excerpt").asText()).isEmpty();
        }
        assertThat(reasons).contains(
                "environ: a symbolic link to " + secrets.toRealPath().resolve("environ")
                        + ", outside the paths named: not followed (--follow-symlinks reads it)",
                "etc: a symbolic link to " + secrets.toRealPath() + ", outside the paths named: not followed (--follow-symlinks reads it)",
                "dangling.json: a symbolic link whose target does not exist");
        if (fifo) {
            assertThat(reasons).contains("pipe.json: not a regular file (a FIFO): not read");
        }
        assertThat(Files.readString(quarantine)).doesNotContain("wJalrXUtnFEMI");

        Cli followed = detect(logs.toString(), "--follow-symlinks", "--out", work.resolve("alerts.jsonl").toString(),
                "--quarantine", quarantine.toString());
        assertThat(followed.err()).contains("206 events from");
        assertThat(Files.readString(quarantine)).contains("environ").contains("AWS_SECRET_ACCESS_KEY=[redacted]")
                .doesNotContain("wJalrXUtnFEMI");
    }

    @Test
    void aDanglingLinkOrFifoNamedOnTheCommandLineIsSkippedAndTheRestRead() throws IOException {
        Path dangling = Files.createSymbolicLink(work.resolve("missing.json"), work.resolve("gone.json"));
        Cli run = detect(dangling.toString(), okta.toString(), "--out", work.resolve("alerts.jsonl").toString(),
                "--quarantine", work.resolve("q.jsonl").toString());
        assertThat(run.exit()).isEqualTo(Main.QUARANTINED);
        assertThat(run.err()).contains("206 events from").contains("missing.json: a symbolic link whose target does not exist");
    }

    @Test
    void namesWithTerminalEscapesArePrintedEscaped() throws IOException {
        Path hostile = Files.createDirectories(work.resolve("evil\u001b]0;pwned\u0007\u202e"));
        Files.copy(okta, hostile.resolve("okta.json"));
        Files.writeString(hostile.resolve("bad\u001b[2J.json"), "not json at all\n");
        Cli run = detect(hostile.toString(), "--out", work.resolve("alerts.jsonl").toString(), "--quarantine",
                work.resolve("q\u001b[31m.jsonl").toString());
        assertThat(run.exit()).isEqualTo(Main.QUARANTINED);
        assertThat(run.err()).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202e")
                .contains("\\x1b[31m").contains("quarantined: 1");
        assertThat(Files.readString(work.resolve("q\u001b[31m.jsonl"))).doesNotContain("\u001b").contains("\\u001B[2J")
                .doesNotContain("\u202e").contains("\\u202e");
    }

    @Test
    void aClosedStandardOutputFailsTheRunWithItsCause() throws IOException {
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        Cli run = Cli.run(closed, line(logs.toString(), "--quarantine", work.resolve("q.jsonl").toString()));
        assertThat(run.exit()).isEqualTo(Main.FAILED);
        assertThat(run.err()).contains("cannot write standard output").doesNotContain("alerts:      ");
    }
}
