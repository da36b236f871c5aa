package dev.tokenward.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Outputs take their place only when a command succeeds. */
class OutputsTest {
    @TempDir
    Path work;

    /**
     * A run stopped from outside (Ctrl-C, a scheduler's SIGTERM) while it reads: its outputs'
     * temporary files go with it, and the earlier alerts stay as they were.
     */
    @Test
    void aRunStoppedFromOutsideLeavesNoTemporaryFiles() throws Exception {
        Path alerts = work.resolve("alerts.jsonl");
        Files.writeString(alerts, "{\"earlier\":true}\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.tokenward.cli.Main",
                "detect", "-", "--no-progress", "--out", alerts.toString(), "--quarantine", work.resolve("quarantine.jsonl").toString()));
        // standard input stays open and empty: the run waits for its first record
        Process run = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("output.txt").toFile()).start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (temporaries().size() < 2 && System.nanoTime() < until && run.isAlive()) {
                Thread.sleep(50);
            }
            assertThat(temporaries()).as("the run's temporary files, while it reads").hasSize(2);
            run.destroy();
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("stopped").isTrue();
        } finally {
            run.destroyForcibly();
        }
        assertThat(temporaries()).as("temporary files left behind").isEmpty();
        assertThat(Files.readString(alerts)).isEqualTo("{\"earlier\":true}\n");
        assertThat(work.resolve("quarantine.jsonl")).doesNotExist();
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void aFailedCommandLeavesTheEarlierFilesAsTheyWereAndNoTemporaryFiles() throws Exception {
        Path alerts = work.resolve("alerts.jsonl");
        Path quarantine = work.resolve("quarantine.jsonl");
        Files.writeString(alerts, "earlier alerts\n");
        Files.writeString(quarantine, "earlier quarantine\n");
        try (Outputs outputs = Outputs.plan(List.of(work.resolve("logs")), List.of(new Outputs.Wanted("--out", alerts, false),
                new Outputs.Wanted("--quarantine", quarantine, true)))) {
            Files.writeString(outputs.temporary("--out"), "half of the new alerts");
            Files.writeString(outputs.temporary("--quarantine"), "half of the new quarantine");
        }
        assertThat(Files.readString(alerts)).isEqualTo("earlier alerts\n");
        assertThat(Files.readString(quarantine)).isEqualTo("earlier quarantine\n");
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder("alerts.jsonl", "quarantine.jsonl");
        }
    }

    @Test
    void aCommittedCommandReplacesItsFilesAndDropsAnEmptyQuarantine() throws Exception {
        Path alerts = work.resolve("out/alerts.jsonl");
        Path quarantine = work.resolve("quarantine.jsonl");
        Files.writeString(quarantine, "earlier quarantine\n");
        try (Outputs outputs = Outputs.plan(List.of(), List.of(new Outputs.Wanted("--out", alerts, false),
                new Outputs.Wanted("--quarantine", quarantine, true)))) {
            Files.writeString(outputs.temporary("--out"), "new alerts\n");
            outputs.commit();
        }
        assertThat(Files.readString(alerts)).isEqualTo("new alerts\n");
        assertThat(quarantine).doesNotExist();
    }

    /**
     * A run killed outright leaves its temporary file; the next run writing the same output names
     * it and its size, and leaves it: it may be the file of a run still writing there.
     */
    @Test
    void theTemporaryFilesOfAKilledRunAreNamedByTheNextAndLeftForAPersonToRemove() throws Exception {
        Path alerts = work.resolve("alerts.jsonl");
        Path killed = Files.writeString(work.resolve(".alerts.jsonl.7f3a9c01.tmp"), "{\"analytic\":\"credential-roaming\"}\n".repeat(1000));
        Path unrelated = Files.writeString(work.resolve(".quarantine.jsonl.2b8e4d17.tmp"), "");
        assertThat(writtenSaying(alerts)).isEqualTo("tokenward: beside " + alerts
                + ", 1 temporary file (34,000 bytes) left by a run that was killed, or that is still writing there: "
                + ".alerts.jsonl.7f3a9c01.tmp; remove it once no other run writes alerts.jsonl" + System.lineSeparator());
        assertThat(killed).exists();
        assertThat(unrelated).exists();
        assertThat(alerts).exists();
    }

    @Test
    void anOutputNamedWithAGlobsCharactersIsLookedForAsItIs() throws Exception {
        Path alerts = work.resolve("alerts[1]{a,b}*.jsonl");
        Files.writeString(work.resolve(".alerts[1]{a,b}*.jsonl.7f3a9c01.tmp"), "{}\n");
        Files.writeString(work.resolve(".alerts1a.jsonl.7f3a9c01.tmp"), "{}\n");
        assertThat(writtenSaying(alerts)).contains("1 temporary file (3 bytes)")
                .contains(".alerts[1]{a,b}*.jsonl.7f3a9c01.tmp").doesNotContain(".alerts1a.jsonl");
        assertThat(alerts).exists();
    }

    /** Writes {@code alerts} as a command that succeeds does; what it said on standard error. */
    private static String writtenSaying(Path alerts) throws Exception {
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        System.setErr(new java.io.PrintStream(said, true, java.nio.charset.StandardCharsets.UTF_8));
        try (Outputs outputs = Outputs.plan(List.of(), List.of(new Outputs.Wanted("--out", alerts, false)))) {
            outputs.commit();
        } finally {
            System.setErr(before);
        }
        return said.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aDirectoryIsNotAnOutputFile() {
        Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Outputs.Refused.class,
                () -> Outputs.plan(List.of(), List.of(new Outputs.Wanted("--out", work, false))));
        assertThat(refused.getMessage()).isEqualTo("--out " + work + " is a directory; name a file");
    }

    @Test
    void aLinkToAnInputIsThatInput() throws IOException {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path log = Files.writeString(logs.resolve("okta.json"), "[]");
        Path link = Files.createSymbolicLink(work.resolve("alerts.jsonl"), log);
        Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Outputs.Refused.class,
                () -> Outputs.plan(List.of(log.toRealPath()), List.of(new Outputs.Wanted("--out", link, false))));
        assertThat(refused.getMessage()).contains("is one of the inputs");
        assertThat(Files.readString(log)).isEqualTo("[]");
    }
}
