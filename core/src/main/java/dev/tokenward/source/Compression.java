package dev.tokenward.source;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * The stream compressions logs arrive in, recognised by their magic bytes, never by their names:
 * gzip (CloudTrail's own deliveries), bzip2, xz and zstd (commons-compress, with XZ for Java and
 * zstd-jni). A ZIP or tar archive is not a stream of one file: {@link Archives} opens those.
 */
enum Compression {
    NONE, GZIP, BZIP2, XZ, ZSTD;

    /** The compression of the stream at {@code in}, which must support mark; the stream is left where it was. */
    static Compression of(BufferedInputStream in) throws IOException {
        in.mark(6);
        byte[] magic = in.readNBytes(6);
        in.reset();
        if (starts(magic, 0x1f, 0x8b)) {
            return GZIP;
        }
        if (starts(magic, 0x42, 0x5a, 0x68)) {
            return BZIP2;
        }
        if (starts(magic, 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) {
            return XZ;
        }
        if (starts(magic, 0x28, 0xb5, 0x2f, 0xfd)) {
            return ZSTD;
        }
        return NONE;
    }

    /** The decompressed stream. */
    InputStream open(InputStream compressed, int buffer) throws IOException {
        return switch (this) {
            case NONE -> compressed;
            case GZIP -> new GZIPInputStream(compressed, buffer);
            case BZIP2 -> new BZip2CompressorInputStream(compressed, true);
            case XZ -> new XZCompressorInputStream(compressed, true);
            case ZSTD -> new ZstdCompressorInputStream(compressed);
        };
    }

    private static boolean starts(byte[] bytes, int... magic) {
        if (bytes.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((bytes[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
