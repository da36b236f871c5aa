package dev.tokenward.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Lines split on '\n' (a '\r' before it dropped), whatever the chunk size and wherever the newlines fall. */
class LineReaderTest {

    @Test
    void findsTheFirstNewlineAtEveryPositionAndAlignment() {
        for (int length = 0; length <= 40; length++) {
            for (int at = 0; at < length; at++) {
                byte[] bytes = new byte[length];
                Arrays.fill(bytes, (byte) 'x');
                bytes[at] = '\n';
                if (at + 3 < length) {
                    bytes[at + 3] = '\n';
                }
                for (int from = 0; from <= at; from++) {
                    assertThat(LineReader.newline(bytes, from, length)).as("length %d, newline at %d, from %d", length, at, from)
                            .isEqualTo(at);
                }
                assertThat(LineReader.newline(bytes, 0, at)).as("a newline past the end is not seen").isEqualTo(at);
            }
        }
    }

    @Test
    void bytesThatOnlyLookLikeNewlinesAreNotNewlines() {
        byte[] near = {0x0b, 0x09, (byte) 0x8a, 0x1a, 0x0a - 0x0a, (byte) 0xff, 0x00, 0x01, 0x0b, 0x0b, 0x0a};
        assertThat(LineReader.newline(near, 0, near.length)).isEqualTo(near.length - 1);
        byte[] utf8 = "Zoë – Zürich → São Paulo 東京\n".getBytes(StandardCharsets.UTF_8);
        assertThat(LineReader.newline(utf8, 0, utf8.length)).isEqualTo(utf8.length - 1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 13, 4096})
    void splitsRandomLinesTheSameWhateverTheChunkSize(int chunkSize) throws IOException {
        Random random = new Random(chunkSize);
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            StringBuilder line = new StringBuilder();
            int length = random.nextInt(i % 50 == 0 ? 3000 : 40);
            for (int c = 0; c < length; c++) {
                line.append((char) ('a' + random.nextInt(26)));
            }
            expected.add(line.toString());
            text.append(line).append(random.nextInt(4) == 0 ? "\r\n" : "\n");
        }
        assertThat(lines(text.toString().getBytes(StandardCharsets.UTF_8), chunkSize)).isEqualTo(expected);
    }

    @Test
    void theLastLineNeedsNoNewlineAndLineNumbersAndOffsetsCount() throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream("{\"a\":1}\r\n\n{\"b\":2}".getBytes(StandardCharsets.UTF_8)), 4, 1 << 20);
        assertThat(text(reader)).isEqualTo("{\"a\":1}");
        assertThat(reader.lineNumber()).isEqualTo(1);
        assertThat(text(reader)).isEmpty();
        assertThat(text(reader)).isEqualTo("{\"b\":2}");
        assertThat(reader.lineNumber()).isEqualTo(3);
        assertThat(reader.offset()).isEqualTo(10);
        assertThat(reader.next()).isNull();
    }

    private static List<String> lines(byte[] bytes, int chunkSize) throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream(bytes), chunkSize, 1 << 20);
        List<String> lines = new ArrayList<>();
        for (String line = text(reader); line != null; line = text(reader)) {
            lines.add(line);
        }
        return lines;
    }

    private static String text(LineReader reader) throws IOException {
        byte[] line = reader.next();
        return line == null ? null : new String(line, 0, reader.length(), StandardCharsets.UTF_8);
    }
}
