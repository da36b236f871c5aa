package dev.tokenward.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Splits a byte stream into lines without decoding it; a line past the limit is cut and flagged. */
final class LineReader {
    static final int MAX_LINE = 64 << 20;
    /** After an unusually long line, the buffer goes back to its usual size. */
    private static final int SHRINK_ABOVE = 1 << 20;

    private final InputStream in;
    private final byte[] chunk;
    private int chunkLength;
    private int chunkPosition;
    private byte[] line = new byte[1 << 12];
    private int length;
    private boolean overlong;
    private long lineNumber;
    private long offset;
    private long position;

    /** Reads {@code in} in chunks of {@code chunkSize} bytes. */
    LineReader(InputStream in, int chunkSize) {
        this.in = in;
        this.chunk = new byte[chunkSize];
    }

    /** The next line (its bytes are {@code [0, length())} of the returned array), or null at the end. */
    byte[] next() throws IOException {
        if (line.length > SHRINK_ABOVE && length < SHRINK_ABOVE) {
            line = new byte[1 << 12];
        }
        length = 0;
        overlong = false;
        offset = position;
        boolean any = false;
        while (true) {
            if (chunkPosition == chunkLength) {
                chunkLength = in.read(chunk);
                chunkPosition = 0;
                if (chunkLength <= 0) {
                    chunkLength = 0;
                    if (!any) {
                        return null;
                    }
                    lineNumber++;
                    return line;
                }
            }
            any = true;
            int start = chunkPosition;
            while (chunkPosition < chunkLength && chunk[chunkPosition] != '\n') {
                chunkPosition++;
            }
            append(start, chunkPosition - start);
            position += chunkPosition - start;
            if (chunkPosition < chunkLength) {
                chunkPosition++;
                position++;
                lineNumber++;
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return line;
            }
        }
    }

    int length() {
        return length;
    }

    boolean overlong() {
        return overlong;
    }

    long lineNumber() {
        return lineNumber;
    }

    long offset() {
        return offset;
    }

    private void append(int from, int count) {
        int room = MAX_LINE - length;
        if (count > room) {
            overlong = true;
            count = room;
        }
        if (count <= 0) {
            return;
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(length + count, Math.min(MAX_LINE, line.length * 2)));
        }
        System.arraycopy(chunk, from, line, length, count);
        length += count;
    }
}
