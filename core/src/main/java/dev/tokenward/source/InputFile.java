package dev.tokenward.source;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One input: a file, or a stream that can be read once. Compression is recognised by content
 * ({@code .gz} names are not needed, and a {@code .gz} name on plain text does no harm).
 */
public abstract class InputFile {
    private final String name;

    protected InputFile(String name) {
        this.name = name;
    }

    public static InputFile of(Path path) {
        return new OnDisk(path, path.toString());
    }

    /** A file on disk known to the run by another name (an archive member copied out of its archive). */
    static InputFile of(Path path, String name) {
        return new OnDisk(path, name);
    }

    /** Standard input; read once, so it is not planned ahead like files are. */
    public static InputFile stdin(InputStream in) {
        return new Stream("<stdin>", in);
    }

    /** An in-memory input, for tests and embedded callers. */
    public static InputFile ofBytes(String name, byte[] bytes) {
        return new Memory(name, bytes);
    }

    public String name() {
        return name;
    }

    /** Size on disk in bytes, or -1 when unknown. */
    public abstract long size();

    /** Whether it can be opened more than once (planning reads the start of each file ahead). */
    public abstract boolean reopenable();

    /** The raw (possibly compressed) bytes from the start. */
    protected abstract InputStream openRaw() throws IOException;

    @Override
    public String toString() {
        return name;
    }

    /**
     * A file on disk, kept as its path's text: a run plans every file before it reads the first, and
     * a {@link Path} with its bytes and name offsets took twice the memory (80,000 CloudTrail
     * deliveries are 45 MB of paths); it is made again when the file is opened. A path whose text
     * does not lead back to it (a name in bytes the platform's encoding cannot show) is kept whole.
     */
    private static final class OnDisk extends InputFile {
        private final String file;
        private final Path unshowable;

        OnDisk(Path path, String name) {
            super(name);
            this.file = path.toString();
            this.unshowable = leadsBack(file, path) ? null : path;
        }

        private static boolean leadsBack(String file, Path path) {
            try {
                return path.equals(Path.of(file));
            } catch (java.nio.file.InvalidPathException unmappable) {
                return false;
            }
        }

        private Path path() {
            return unshowable != null ? unshowable : Path.of(file);
        }

        @Override
        public long size() {
            try {
                return Files.size(path());
            } catch (IOException unreadable) {
                return -1;
            }
        }

        @Override
        public boolean reopenable() {
            return true;
        }

        @Override
        protected InputStream openRaw() throws IOException {
            return Files.newInputStream(path());
        }
    }

    private static final class Memory extends InputFile {
        private final byte[] bytes;

        Memory(String name, byte[] bytes) {
            super(name);
            this.bytes = bytes.clone();
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public boolean reopenable() {
            return true;
        }

        @Override
        protected InputStream openRaw() {
            return new java.io.ByteArrayInputStream(bytes);
        }
    }

    private static final class Stream extends InputFile {
        private final BufferedInputStream in;
        private boolean opened;

        Stream(String name, InputStream in) {
            super(name);
            this.in = new BufferedInputStream(in, 1 << 16);
        }

        @Override
        public long size() {
            return -1;
        }

        @Override
        public boolean reopenable() {
            return false;
        }

        @Override
        protected InputStream openRaw() {
            if (opened) {
                throw new UncheckedIOException(new IOException(name() + " can be read only once"));
            }
            opened = true;
            return new FilterInputStream(in) {
                @Override
                public void close() {
                    // standard input stays open for the process
                }
            };
        }
    }
}
