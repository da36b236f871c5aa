package dev.tokenward.source;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Splits a byte stream into lines without decoding it; a line past the limit is cut and flagged. */
final class LineReader {
    /** After an unusually long line, the buffer goes back to its usual size. */
    private static final int SHRINK_ABOVE = 1 << 20;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final InputStream in;
    private final int maxLine;
    private final byte[] chunk;
    private int chunkLength;
    private int chunkPosition;
    private byte[] line = new byte[1 << 12];
    private int length;
    private boolean overlong;
    private long lineNumber;
    private long offset;
    private long position;

    /** Reads {@code in} in chunks of {@code chunkSize} bytes; a line is kept up to {@code maxLine} bytes. */
    LineReader(InputStream in, int chunkSize, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
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
            chunkPosition = newline(chunk, chunkPosition, chunkLength);
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

    /**
     * The index of the first '\n' in {@code bytes[from, to)}, or {@code to}: eight bytes at a time
     * (a byte equal to '\n' is the lowest byte of {@code word ^ NEWLINES} that is zero), which
     * matters for logs of a few hundred megabytes of long lines.
     */
    static int newline(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i) ^ NEWLINES;
            long zeros = (word - LOW_BITS) & ~word & HIGH_BITS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        while (i < to && bytes[i] != '\n') {
            i++;
        }
        return i;
    }

    /** The current line's bytes are {@code [0, length())} of this array. */
    byte[] bytes() {
        return line;
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
        int room = maxLine - length;
        if (count > room) {
            overlong = true;
            count = room;
        }
        if (count <= 0) {
            return;
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(length + count, Math.min(maxLine, line.length * 2)));
        }
        System.arraycopy(chunk, from, line, length, count);
        length += count;
    }
}
