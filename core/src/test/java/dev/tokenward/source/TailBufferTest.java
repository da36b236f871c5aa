package dev.tokenward.source;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TailBufferTest {
    /** Printable, position-dependent content: every excerpt shows where it was taken from. */
    private static byte[] content(int size) {
        StringBuilder text = new StringBuilder(size + 16);
        for (int i = 0; text.length() < size; i++) {
            text.append(i).append(',');
        }
        return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "{0} bytes read {1} at a time, excerpt from {2}, {3} bytes expected")
    @CsvSource({
        "100, 8000, 0, 0",             // a small file: the ring never grows
        "5000, 8000, 100, 0",          // grown once, in one read
        "5000, 1, 4090, 0",            // grown byte by byte, across its first size
        "70000, 8000, 10000, 0",       // grown to the full 64 KiB and wrapped: still held
        "70000, 3000, 65000, 0",
        "200000, 8000, 150000, 0",
        "57000, 8000, 56000, 60000",   // sized to the file from the start: never grows
        "70000, 8000, 10000, 6000",    // a ring of an odd size that grows and wraps
        "70000, 1, 69000, 6000",
    })
    void excerptsAreTheBytesReadFromThatOffset(int size, int readSize, long from, long expectedSize) throws IOException {
        byte[] data = content(size);
        TailBuffer tail = expectedSize == 0 ? new TailBuffer(new ByteArrayInputStream(data))
                : new TailBuffer(new ByteArrayInputStream(data), expectedSize);
        byte[] buffer = new byte[readSize];
        if (readSize == 1) {
            while (tail.read() >= 0) {
                // every byte passes through read()
            }
        } else {
            while (tail.read(buffer, 0, buffer.length) > 0) {
                // every chunk passes through read(byte[], int, int)
            }
        }
        String expected = new String(data, (int) from, Math.min(200, size - (int) from), StandardCharsets.US_ASCII);
        assertThat(tail.excerpt(from, 200)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} bytes: an excerpt from {1} shows what is left of the last 64 KiB")
    @CsvSource({"200000, 0", "200000, 100000"})
    void bytesOlderThanTheLast64KibAreGone(int size, long from) throws IOException {
        byte[] data = content(size);
        TailBuffer tail = new TailBuffer(new ByteArrayInputStream(data));
        tail.readAllBytes();
        int oldestHeld = size - (1 << 16);
        assertThat(tail.excerpt(from, 100)).isEqualTo(new String(data, oldestHeld, 100, StandardCharsets.US_ASCII));
    }
}
