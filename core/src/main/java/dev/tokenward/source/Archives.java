package dev.tokenward.source;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Archives named as inputs, opened into their members: ZIP (as public datasets ship) and tar,
 * plain or compressed with gzip, bzip2, xz or zstd. Each member is an input of its own, named
 * {@code archive!/path/in/archive}, and is read like a file: recognised by content, compressed or
 * not. A ZIP archive's members are read in place, each as often as needed. A tar stream cannot be
 * read at a member, so its members are copied once to a temporary directory, removed when the run
 * ends; what they inflate to is held to {@code input.maxInflatedBytes} over the whole archive. An
 * archive inside an archive is not opened: it is quarantined with the reason.
 */
public final class Archives {
    private static final int TAR_MAGIC_AT = 257;
    private static final int HEAD = 512;

    private Archives() {
    }

    /** Whether these first bytes of a stream are a tar archive's first header ({@code ustar} at offset 257). */
    static boolean isTar(byte[] head) {
        return head.length >= TAR_MAGIC_AT + 5
                && new String(head, TAR_MAGIC_AT, 5, StandardCharsets.US_ASCII).equals("ustar");
    }

    /**
     * The members of the archive at {@code path}, or null when it is not an archive (then it is read
     * as a file). Only the members {@code wanted} says are logs (by their path in the archive, as a
     * directory's files are chosen) are opened. An archive that cannot be opened, or a member past
     * the limits, is quarantined.
     */
    public static List<InputFile> members(Path path, InputLimits limits, Consumer<Quarantined> problems, Predicate<String> wanted) {
        // every input passes here: its first bytes are read without a buffer, and only an archive is opened again
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(HEAD);
        } catch (IOException unreadable) {
            return null;
        }
        if (Compression.starts(head, 0x50, 0x4b, 0x03, 0x04)) {
            return zip(path, limits, problems, wanted);
        }
        Compression compression = Compression.of(head);
        if (compression == Compression.NONE ? !isTar(head) : !tarName(path)) {
            // a compressed file not named as a tar archive is one compressed log (most CloudTrail
            // deliveries): not inflated here as well; a misnamed one is told from its content when read
            return null;
        }
        try (BufferedInputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            InputStream data = new BufferedInputStream(compression.open(in, 1 << 16), 1 << 16);
            data.mark(HEAD);
            byte[] inflated = data.readNBytes(HEAD);
            data.reset();
            return isTar(inflated) ? tar(path, data, limits, problems, wanted) : null;
        } catch (IOException unreadable) {
            return null;
        }
    }

    private static List<InputFile> zip(Path path, InputLimits limits, Consumer<Quarantined> problems, Predicate<String> wanted) {
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(path).get();
        } catch (IOException broken) {
            problems.accept(new Quarantined(path.toString(), 0, -1, null, "a ZIP archive that cannot be opened (damaged or cut short): " + broken.getMessage(), ""));
            return List.of();
        }
        List<InputFile> members = new ArrayList<>();
        for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
            if (!entry.isDirectory() && !hidden(entry.getName()) && wanted.test(entry.getName())) {
                members.add(new ZipMember(path + "!/" + entry.getName(), zip, entry, limits));
            }
        }
        if (members.isEmpty()) {
            try {
                zip.close();
            } catch (IOException ignoredOnClose) {
                // nothing was read from it
            }
        }
        return members;
    }

    private static List<InputFile> tar(Path path, InputStream data, InputLimits limits, Consumer<Quarantined> problems,
                                       Predicate<String> wanted) throws IOException {
        Path spool = Files.createTempDirectory("tokenward-archive");
        spool.toFile().deleteOnExit();
        List<InputFile> members = new ArrayList<>();
        long inflated = 0;
        int n = 0;
        // every byte the archive inflates to counts, members passed over included
        InputReader.Counting counted = new InputReader.Counting(data);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(counted)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (counted.count > limits.maxInflatedBytes()) {
                    problems.accept(new Quarantined(path.toString(), 0, -1, null, "the archive inflates past "
                            + InputReader.bytesLabel(limits.maxInflatedBytes()) + " (input.maxInflatedBytes): the rest not read", ""));
                    break;
                }
                if (!entry.isFile() || hidden(entry.getName()) || !wanted.test(entry.getName())) {
                    continue;
                }
                Path copy = spool.resolve(String.format(java.util.Locale.ROOT, "%06d", n++));
                copy.toFile().deleteOnExit();
                long room = limits.maxInflatedBytes() - inflated;
                long written;
                try (OutputStream out = Files.newOutputStream(copy)) {
                    written = copy(tar, out, room);
                }
                inflated += written;
                String name = path + "!/" + entry.getName();
                if (written >= room) {
                    problems.accept(new Quarantined(name, 0, -1, null, "the archive inflates past "
                            + InputReader.bytesLabel(limits.maxInflatedBytes()) + " (input.maxInflatedBytes): this member and the rest not read", ""));
                    Files.deleteIfExists(copy);
                    break;
                }
                members.add(InputFile.of(copy, name));
            }
        } catch (IOException truncated) {
            problems.accept(new Quarantined(path.toString(), 0, -1, null, "the tar archive ends early or is damaged after "
                    + members.size() + " members: " + truncated.getMessage(), ""));
        }
        return members;
    }

    /** Copies up to {@code room} bytes; returns what was copied ({@code room} or more when the member goes past it). */
    private static long copy(InputStream in, OutputStream out, long room) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long copied = 0;
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            if (copied + read > room) {
                return room;
            }
            out.write(buffer, 0, read);
            copied += read;
        }
        return copied;
    }

    /** Whether the name says a compressed tar archive: {@code .tar.gz}, {@code .tgz}, {@code .tar.zst}, ... */
    private static boolean tarName(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.contains(".tar") || name.endsWith(".tgz") || name.endsWith(".tbz2") || name.endsWith(".txz") || name.endsWith(".tzst");
    }

    /** Archive members no one means as logs: macOS resource forks and hidden files. */
    private static boolean hidden(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        return name.startsWith("__MACOSX/") || base.startsWith(".");
    }

    /**
     * A ZIP archive's member, read in place (the archive stays open for the run) and held to the
     * limits of what one file may inflate to, against the size the archive says it was compressed to.
     */
    private static final class ZipMember extends InputFile {
        private final ZipFile zip;
        private final ZipArchiveEntry entry;
        private final InputLimits limits;

        ZipMember(String name, ZipFile zip, ZipArchiveEntry entry, InputLimits limits) {
            super(name);
            this.zip = zip;
            this.entry = entry;
            this.limits = limits;
        }

        @Override
        public long size() {
            return entry.getSize();
        }

        @Override
        public boolean reopenable() {
            return true;
        }

        @Override
        protected InputStream openRaw() throws IOException {
            InputReader.Counting compressed = new InputReader.Counting(InputStream.nullInputStream());
            compressed.count = Math.max(1, entry.getCompressedSize());
            return new Inflated(zip.getInputStream(entry), compressed, limits);
        }
    }
}
