package dev.tokenward.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decompressed data, held to the limits of what one file may inflate to: a compression bomb
 * (a few megabytes that inflate to gigabytes) stops at the cap and is quarantined with its reason,
 * instead of being read to the end.
 */
final class Inflated extends FilterInputStream {
    private final InputReader.Counting compressed;
    private final InputLimits limits;
    private long inflated;

    /** Inflating went past a limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    Inflated(InputStream decompressing, InputReader.Counting compressed, InputLimits limits) {
        super(decompressing);
        this.compressed = compressed;
        this.limits = limits;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        if (skipped > 0) {
            counted(skipped);
        }
        return skipped;
    }

    private void counted(long n) throws TooLarge {
        inflated += n;
        if (inflated > limits.maxInflatedBytes()) {
            throw new TooLarge("compressed data inflates past " + InputReader.bytesLabel(limits.maxInflatedBytes())
                    + " (input.maxInflatedBytes)");
        }
        long from = Math.max(1, compressed.count);
        if (inflated > InputLimits.RATIO_CHECKED_AFTER && inflated / from > limits.maxInflateRatio()) {
            throw new TooLarge("compressed data inflates more than " + limits.maxInflateRatio() + " times (" + inflated + " bytes from "
                    + from + "): a compression bomb? (input.maxInflateRatio)");
        }
    }
}
