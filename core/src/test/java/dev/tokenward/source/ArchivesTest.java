package dev.tokenward.source;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Archives opened into their members, and logs compressed with bzip2, xz and zstd read as they are. */
class ArchivesTest {
    private static final String OKTA = "[{\"actor\":{\"id\":\"00u8k2w3xq5TzPc1M5d7\",\"type\":\"User\","
            + "\"alternateId\":\"sarah.mitchell@tidewateranalytics.com\",\"displayName\":\"Sarah Mitchell\"},"
            + "\"client\":{\"ipAddress\":\"50.205.118.70\"},\"eventType\":\"user.session.start\",\"outcome\":{\"result\":\"SUCCESS\"},"
            + "\"published\":\"2026-11-18T16:20:31.118Z\",\"uuid\":\"6d1e8b2a-e35a-11f1-9b7c-4f2a8d3e1c05\","
            + "\"authenticationContext\":{\"externalSessionId\":\"idxR4pW8vLq2ZtYb6NcJ1mKoA\"},\"version\":\"0\"}]";

    @TempDir
    Path dir;
    private final List<Quarantined> problems = new ArrayList<>();
    private final List<String> passedOver = new ArrayList<>();

    private List<InputFile> members(Path archive, InputLimits limits) {
        return Archives.members(archive, limits, problems::add, name -> {
            boolean log = !name.endsWith(".md");
            if (!log) {
                passedOver.add(name);
            }
            return log;
        });
    }

    private static List<String> principals(InputFile input) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputReader reader = InputReader.open(input, q -> names.add("quarantined: " + q.reason()))) {
            for (var e = reader.next(); e != null; e = reader.next()) {
                names.add(e.principal().name());
            }
        }
        return names;
    }

    @Test
    void aZipArchiveIsReadMemberByMemberUnderTheArchivesName() throws IOException {
        Path zip = dir.resolve("okta-export.zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            for (String name : List.of("okta/system-log-2026-11-18.json", "README.md", "__MACOSX/okta/._system-log-2026-11-18.json")) {
                out.putArchiveEntry(new ZipArchiveEntry(name));
                out.write(OKTA.getBytes(StandardCharsets.UTF_8));
                out.closeArchiveEntry();
            }
        }
        List<InputFile> members = members(zip, InputLimits.DEFAULTS);
        assertThat(members).extracting(InputFile::name).containsExactly(zip + "!/okta/system-log-2026-11-18.json");
        assertThat(passedOver).containsExactly("README.md");
        assertThat(principals(members.get(0))).containsExactly("sarah.mitchell@tidewateranalytics.com");
        assertThat(principals(members.get(0))).as("a member is read as often as needed").hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"export.tar", "export.tar.gz", "export.tar.bz2", "export.tar.xz", "export.tar.zst"})
    void aTarArchivePlainOrCompressedIsReadMemberByMember(String name) throws IOException {
        Path tar = dir.resolve(name);
        try (OutputStream file = compressed(name, Files.newOutputStream(tar));
             TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
            byte[] log = OKTA.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("export/okta.json");
            entry.setSize(log.length);
            out.putArchiveEntry(entry);
            out.write(log);
            out.closeArchiveEntry();
        }
        List<InputFile> members = members(tar, InputLimits.DEFAULTS);
        assertThat(members).extracting(InputFile::name).containsExactly(tar + "!/export/okta.json");
        assertThat(principals(members.get(0))).containsExactly("sarah.mitchell@tidewateranalytics.com");
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"okta.json.gz", "okta.json.bz2", "okta.json.xz", "okta.json.zst"})
    void aCompressedLogIsNoArchiveAndIsReadAsItIs(String name) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = compressed(name, Files.newOutputStream(file))) {
            out.write(OKTA.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(members(file, InputLimits.DEFAULTS)).isNull();
        assertThat(principals(InputFile.of(file))).containsExactly("sarah.mitchell@tidewateranalytics.com");
    }

    @Test
    void aTarArchiveInflatingPastTheLimitStopsThereAndSaysSo() throws IOException {
        Path tar = dir.resolve("bomb.tar.gz");
        byte[] zeros = new byte[4 << 20];
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(tar)))) {
            for (String member : List.of("a.json", "b.json")) {
                TarArchiveEntry entry = new TarArchiveEntry(member);
                entry.setSize(zeros.length);
                out.putArchiveEntry(entry);
                out.write(zeros);
                out.closeArchiveEntry();
            }
        }
        InputLimits small = new InputLimits(null, null, 6L << 20, null, null, null, null, null);
        List<InputFile> members = members(tar, small);
        assertThat(members).extracting(InputFile::name).containsExactly(tar + "!/a.json");
        assertThat(problems).singleElement().satisfies(q -> {
            assertThat(q.file()).isEqualTo(tar + "!/b.json");
            assertThat(q.reason()).startsWith("the archive inflates past 6 MiB (input.maxInflatedBytes)");
        });
    }

    private static OutputStream compressed(String name, OutputStream out) throws IOException {
        if (name.endsWith(".gz")) {
            return new GZIPOutputStream(out);
        }
        if (name.endsWith(".bz2")) {
            return new BZip2CompressorOutputStream(out);
        }
        if (name.endsWith(".xz")) {
            return new XZCompressorOutputStream(out);
        }
        if (name.endsWith(".zst")) {
            return new ZstdCompressorOutputStream(out);
        }
        return out;
    }
}
