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
        return of(magic);
    }

    /** The compression a stream beginning with these bytes is in. */
    static Compression of(byte[] magic) {
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

    /**
     * Memory an xz stream may ask for, in KiB: its header names the dictionary to allocate, and a
     * hostile file of a hundred bytes can name 1.5 GiB. {@code xz -9} needs 64 MiB.
     */
    static final int XZ_MEMORY_KIB = 256 * 1024;

    /**
     * The decompressed stream. A stream that asks for more memory than {@link #XZ_MEMORY_KIB}, or
     * zstd data where the zstd library cannot be loaded on this system, fails as an
     * {@link IOException}, so that the file is quarantined and the run goes on.
     */
    InputStream open(InputStream compressed, int buffer) throws IOException {
        try {
            return switch (this) {
                case NONE -> compressed;
                case GZIP -> new GZIPInputStream(compressed, buffer);
                case BZIP2 -> new BZip2CompressorInputStream(compressed, true);
                case XZ -> new XZCompressorInputStream(compressed, true, XZ_MEMORY_KIB);
                case ZSTD -> new ZstdCompressorInputStream(compressed);
            };
        } catch (LinkageError noNativeLibrary) {
            throw new IOException("zstd-compressed data, but the zstd library cannot be loaded here: " + noNativeLibrary.getMessage());
        }
    }

    /** Whether {@code bytes} begin with these magic bytes. */
    static boolean starts(byte[] bytes, int... magic) {
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
