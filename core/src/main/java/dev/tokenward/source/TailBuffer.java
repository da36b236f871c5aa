package dev.tokenward.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers the last bytes that passed through, so that the start of a bad record can be shown in
 * quarantine without keeping records or reading the file twice.
 */
final class TailBuffer extends FilterInputStream {
    private static final int CAPACITY = 1 << 16;

    private final byte[] ring = new byte[CAPACITY];
    private long position;

    TailBuffer(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            ring[(int) (position++ % CAPACITY)] = (byte) b;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = 0; i < n; ) {
            int at = (int) (position % CAPACITY);
            int chunk = Math.min(n - i, CAPACITY - at);
            System.arraycopy(buffer, offset + i, ring, at, chunk);
            position += chunk;
            i += chunk;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        int read = read(scratch, 0, scratch.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Up to {@code max} bytes from {@code from} (an absolute offset), or what of them is still held. */
    String excerpt(long from, int max) {
        long start = Math.max(from, Math.max(0, position - CAPACITY));
        int length = (int) Math.min(max, position - start);
        if (length <= 0) {
            return "";
        }
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = ring[(int) ((start + i) % CAPACITY)];
        }
        return Excerpts.printable(out, length);
    }
}
