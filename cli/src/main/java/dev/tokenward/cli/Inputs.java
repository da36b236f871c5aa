package dev.tokenward.cli;

import dev.tokenward.source.Archives;
import dev.tokenward.source.InputFile;
import dev.tokenward.source.InputLimits;
import dev.tokenward.source.Quarantined;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns command-line paths into inputs. A file named on the command line is always read; inside a
 * directory, files whose names say they are logs are read (.json, .jsonl, .ndjson, .log, .csv, .gz, .bz2,
 * .xz, .zst, .zip, .tar, .tgz, or no extension) and the rest (README files, checksums, hidden files)
 * are passed over and counted. An archive (ZIP, tar, plain or compressed) is opened into its members
 * ({@link Archives}).
 *
 * <p>Reading stays inside what was named: a symbolic link inside a directory is followed only to a
 * file inside the named paths (unless links are to be followed), and FIFOs, sockets and devices
 * are never opened. Each entry not read for such a reason is listed, with the reason, and the rest
 * of the run goes on. A file reached twice (through a link, or named twice) is read once.
 */
final class Inputs {
    private final List<InputFile> files = new ArrayList<>();
    private final List<Path> roots = new ArrayList<>();
    private final List<Quarantined> notRead = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();
    /** Real paths added so far, while the inputs are found: a run keeps its inputs to its end, and needs no more than their files. */
    private Set<Path> seen = new HashSet<>();
    private final boolean followLinks;
    private final InputLimits limits;
    private long passedOver;

    private Inputs(boolean followLinks, InputLimits limits) {
        this.followLinks = followLinks;
        this.limits = limits;
    }

    /** The inputs named by {@code paths}; {@code followLinks} lets links inside directories lead anywhere. */
    static Inputs of(List<String> paths, boolean followLinks) {
        return of(paths, followLinks, InputLimits.DEFAULTS);
    }

    /** The same, with the limits archives are opened within (what a tar archive may inflate to). */
    static Inputs of(List<String> paths, boolean followLinks, InputLimits limits) {
        Inputs inputs = new Inputs(followLinks, limits);
        for (String name : paths) {
            if (name.equals("-")) {
                inputs.files.add(InputFile.stdin(System.in));
                continue;
            }
            Path path = Path.of(name);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                inputs.missing.add(name);
            } else if (!Files.exists(path)) {
                inputs.skip(path, "a symbolic link whose target does not exist");
            } else {
                inputs.roots.add(real(path));
            }
        }
        for (String name : paths) {
            Path path = Path.of(name);
            if (name.equals("-") || !Files.exists(path)) {
                continue;
            }
            if (Files.isDirectory(path)) {
                inputs.walk(path);
            } else if (Files.isRegularFile(path)) {
                inputs.add(path);
            } else {
                inputs.skip(path, "not a regular file (" + kind(path) + "): not read; to read a stream, pipe it to standard input (-)");
            }
        }
        inputs.seen = Set.of();
        return inputs;
    }

    List<InputFile> files() {
        return files;
    }

    /** What was named on the command line (files and directories), as real paths: no output may be or lie inside one. */
    List<Path> roots() {
        return roots;
    }

    /** Entries found but not read (links leading out of the named paths, FIFOs, sockets, devices), each with why. */
    List<Quarantined> notRead() {
        return notRead;
    }

    List<String> missing() {
        return missing;
    }

    long passedOver() {
        return passedOver;
    }

    /**
     * Every log file below {@code directory}, in name order. A subdirectory that cannot be listed,
     * or a file that cannot be opened, becomes an input of its own, so that reading it fails into
     * the quarantine with the reason.
     */
    private void walk(Path directory) {
        List<Path> found = new ArrayList<>();
        Set<FileVisitOption> options = followLinks ? EnumSet.of(FileVisitOption.FOLLOW_LINKS) : EnumSet.noneOf(FileVisitOption.class);
        try {
            Files.walkFileTree(directory, options, Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    found.add(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException failure) {
                    if (failure instanceof FileSystemLoopException) {
                        skip(file, "a symbolic link that leads back into its own directory: not followed again");
                    } else {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        found.sort(null);
        for (Path file : found) {
            if (!looksLikeLog(directory.relativize(file))) {
                passedOver++;
            } else if (Files.isSymbolicLink(file) && !Files.exists(file)) {
                skip(file, "a symbolic link whose target does not exist");
            } else if (Files.isSymbolicLink(file) && !followLinks) {
                followInside(file);
            } else if (Files.isRegularFile(file) || !Files.exists(file, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(file)) {
                add(file);
            } else {
                skip(file, "not a regular file (" + kind(file) + "): not read");
            }
        }
    }

    /** A link inside a directory: read when it leads to a file inside what was named, listed otherwise. */
    private void followInside(Path link) {
        Path target;
        try {
            target = link.toRealPath();
        } catch (IOException dangling) {
            skip(link, "a symbolic link whose target does not exist");
            return;
        }
        boolean inside = roots.stream().anyMatch(target::startsWith);
        if (!inside) {
            skip(link, "a symbolic link to " + target + ", outside the paths named: not followed (--follow-symlinks reads it)");
        } else if (Files.isRegularFile(target)) {
            add(link);
        } else if (!Files.isDirectory(target)) {
            skip(link, "a symbolic link to something that is not a regular file (" + kind(target) + "): not read");
        }
    }

    private void add(Path file) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException unreadable) {
            real = file.toAbsolutePath().normalize();
        }
        if (!seen.add(real)) {
            return;
        }
        List<InputFile> members = Files.isRegularFile(file) ? Archives.members(file, limits, notRead::add, member -> {
            boolean log = memberLooksLikeLog(member);
            passedOver += log ? 0 : 1;
            return log;
        }) : null;
        if (members != null) {
            files.addAll(members);
        } else {
            files.add(InputFile.of(file));
        }
    }

    private void skip(Path path, String reason) {
        notRead.add(new Quarantined(path.toString(), 0, -1, null, reason, ""));
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException unreadable) {
            return path.toAbsolutePath().normalize();
        }
    }

    /** What a file that is not a regular file is, in words. */
    static String kind(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return switch (mode & 0170000) {
                case 0010000 -> "a FIFO";
                case 0140000 -> "a socket";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException unknown) {
            return "a special file";
        }
    }

    /** The same for an archive member, by its path in the archive (a path no file system could hold is read). */
    private static boolean memberLooksLikeLog(String member) {
        try {
            return looksLikeLog(Path.of(member.startsWith("./") ? member.substring(2) : member));
        } catch (java.nio.file.InvalidPathException strange) {
            return true;
        }
    }

    static boolean looksLikeLog(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return false;
            }
        }
        Path name = relative.getFileName();
        if (name == null) {
            return true;
        }
        String lower = name.toString().toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        if (dot < 0) {
            return true;
        }
        return switch (lower.substring(dot + 1)) {
            case "json", "jsonl", "ndjson", "log", "csv", "gz", "gzip", "bz2", "xz", "zst", "zstd", "zip", "tar", "tgz", "tbz2", "txz",
                 "tzst" -> true;
            default -> false;
        };
    }
}
