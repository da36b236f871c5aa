package dev.tokenward.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers the last bytes that passed through, so that the start of a bad record can be shown in
 * quarantine without keeping records or reading the file twice. It holds the last 64 KiB; its ring
 * starts at the size the file is expected to take (or small) and grows with what has passed, so a
 * small file does not pay for the whole of it.
 */
final class TailBuffer extends FilterInputStream {
    private static final int CAPACITY = 1 << 16;
    private static final int INITIAL = 1 << 12;

    /** Until it has grown to {@link #CAPACITY}, every byte read so far, from the start. */
    private byte[] ring;
    private long position;

    TailBuffer(InputStream in) {
        this(in, INITIAL);
    }

    /** One whose ring starts with room for {@code expected} bytes (between 4 and 64 KiB). */
    TailBuffer(InputStream in, long expected) {
        super(in);
        ring = new byte[(int) Math.max(INITIAL, Math.min(CAPACITY, expected))];
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            makeRoom(1);
            ring[(int) (position++ % ring.length)] = (byte) b;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        makeRoom(n);
        for (int i = 0; i < n; ) {
            int at = (int) (position % ring.length);
            int chunk = Math.min(n - i, ring.length - at);
            System.arraycopy(buffer, offset + i, ring, at, chunk);
            position += chunk;
            i += chunk;
        }
        return n;
    }

    /** Grows the ring (keeping what it holds in place) while it is smaller than what has passed plus {@code coming}. */
    private void makeRoom(int coming) {
        if (ring.length < CAPACITY && position + coming > ring.length) {
            ring = java.util.Arrays.copyOf(ring, (int) Math.min(CAPACITY, Math.max(ring.length * 2L, Long.highestOneBit(position + coming) << 1)));
        }
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
        long start = Math.max(from, Math.max(0, position - ring.length));
        int length = (int) Math.min(max, position - start);
        if (length <= 0) {
            return "";
        }
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = ring[(int) ((start + i) % ring.length)];
        }
        return Excerpts.printable(out, length);
    }
}
