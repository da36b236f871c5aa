package dev.tokenward.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class InputFileTest {
    private static final String RECORD = "{\"eventVersion\":\"1.10\",\"eventName\":\"ListBuckets\"}\n";

    @Test
    void opensAFileByItsPath(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("482910376154_CloudTrail_us-east-1_20261117T1615Z_a1B2c3D4e5F6g7H8.json"), RECORD);

        InputFile input = InputFile.of(file);

        assertThat(input.name()).isEqualTo(file.toString());
        assertThat(input.size()).isEqualTo(RECORD.length());
        try (InputStream in = input.openRaw()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(RECORD);
        }
    }

    /**
     * A name in bytes the platform's encoding cannot show (a file copied from another system) has a
     * text that does not lead back to it: the file is still found and read.
     */
    @Test
    void opensAFileWhoseNameIsNotInThePlatformsEncoding(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a shell to make the name");
        Files.writeString(dir.resolve("plain.json"), RECORD);
        Process copy = new ProcessBuilder("/bin/sh", "-c", "cp plain.json \"$(printf 'okta-\\377\\376.json')\"")
                .directory(dir.toFile()).start();
        assertThat(copy.waitFor()).isZero();
        Path odd;
        try (var listing = Files.list(dir)) {
            List<Path> others = listing.filter(p -> !p.getFileName().toString().equals("plain.json")).toList();
            assertThat(others).hasSize(1);
            odd = others.get(0);
        }

        InputFile input = InputFile.of(odd);

        assertThat(input.size()).isEqualTo(RECORD.length());
        try (InputStream in = input.openRaw()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(RECORD);
        }
    }
}
