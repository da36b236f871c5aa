package dev.tokenward.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The files a command writes, settled before it reads anything. None may be one of its inputs, lie
 * inside an input directory, or be another of its outputs: an analyst points Tokenward at
 * evidence, and it must never write over it. Each is written to a temporary file beside it and put
 * in place only when the command succeeds, so a failed run leaves the previous file as it was. A
 * run stopped from outside (Ctrl-C, a scheduler's SIGTERM) removes its temporary files as the JVM
 * exits; only a run killed outright (SIGKILL, the kernel out of memory) leaves them, and the next
 * run writing there names them, for a person to remove: they may also be those of a run still
 * writing, on this machine or another sharing the directory.
 */
final class Outputs implements AutoCloseable {

    /** An output path that must not be written: the message says which and why. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** One output: the option that named it, where it goes, and the file it is written to meanwhile. */
    private record Planned(String option, Path target, Path temporary, boolean onlyIfWritten) {
    }

    private final List<Planned> planned = new ArrayList<>();
    private boolean committed;
    /** Removes the temporary files of a run stopped before it closed its outputs. */
    private final Thread stopped = new Thread(this::discard, "tokenward-stopped-outputs");

    private Outputs() {
    }

    /** A file to settle, named by {@code option}; {@code onlyIfWritten} for one left out (and its earlier version removed) when empty. */
    record Wanted(String option, Path path, boolean onlyIfWritten) {
    }

    /**
     * Checks every wanted output against the inputs and the others, then creates its temporary
     * file, so that an output that cannot be written fails the command before any work.
     *
     * @throws Refused     when an output is an input, inside one, or another output
     * @throws IOException when an output's directory or temporary file cannot be created
     */
    static Outputs plan(List<Path> inputs, List<Wanted> wanted) throws Refused, IOException {
        List<Path> taken = new ArrayList<>();
        List<String> takenBy = new ArrayList<>();
        for (Wanted output : wanted) {
            Path target = output.path().toAbsolutePath().normalize();
            if (Files.isDirectory(target)) {
                throw new Refused(output.option() + " " + output.path() + " is a directory; name a file");
            }
            Path real = realLocation(target);
            for (Path input : inputs) {
                if (real.equals(input)) {
                    throw new Refused(output.option() + " " + output.path() + " is one of the inputs; writing it would destroy the log. "
                            + "Name a file outside the paths being read");
                }
                if (real.startsWith(input)) {
                    throw new Refused(output.option() + " " + output.path() + " lies inside the input directory " + input
                            + "; name a file outside the paths being read");
                }
            }
            int same = taken.indexOf(real);
            if (same >= 0) {
                throw new Refused(output.option() + " and " + takenBy.get(same) + " name the same file, " + output.path()
                        + "; give each its own");
            }
            taken.add(real);
            takenBy.add(output.option());
        }
        Outputs outputs = new Outputs();
        Runtime.getRuntime().addShutdownHook(outputs.stopped);
        try {
            for (Wanted output : wanted) {
                Path target = output.path().toAbsolutePath().normalize();
                Path directory = target.getParent();
                Files.createDirectories(directory);
                leftBehind(directory, target.getFileName().toString());
                Path temporary = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
                try {
                    Files.createFile(temporary);
                } catch (IOException e) {
                    throw new IOException("cannot write " + output.option() + " " + output.path() + ": " + reason(e), e);
                }
                outputs.planned.add(new Planned(output.option(), target, temporary, output.onlyIfWritten()));
            }
        } catch (IOException e) {
            outputs.close();
            throw e;
        }
        return outputs;
    }

    /** Names the temporary files of {@code name} that an earlier run left in {@code directory}: killed, or still writing. */
    private static void leftBehind(Path directory, String name) {
        List<String> found = new ArrayList<>();
        long bytes = 0;
        String prefix = "." + name + ".";
        // a filter, not a glob: the name is the user's and may hold a glob's own characters
        DirectoryStream.Filter<Path> temporary = file -> {
            String candidate = file.getFileName().toString();
            return candidate.length() == prefix.length() + 12 && candidate.startsWith(prefix) && candidate.endsWith(".tmp")
                    && candidate.substring(prefix.length(), prefix.length() + 8).chars().allMatch(c -> Character.digit(c, 16) >= 0);
        };
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, temporary)) {
            for (Path file : files) {
                try {
                    bytes += Files.size(file);
                    found.add(file.getFileName().toString());
                } catch (IOException gone) {
                    // removed meanwhile: nothing to name
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException unreadable) {
            return;
        }
        if (!found.isEmpty()) {
            java.util.Collections.sort(found);
            Terminal.err().printf(Locale.ROOT, "tokenward: beside %s, %d temporary %s (%s) left by a run that was killed, or that "
                            + "is still writing there: %s; remove %s once no other run writes %s%n", directory.resolve(name),
                    found.size(), found.size() == 1 ? "file" : "files", size(bytes), String.join(", ", found),
                    found.size() == 1 ? "it" : "them", name);
        }
    }

    /** "3,400 bytes" or "312.5 MB". */
    private static String size(long bytes) {
        return bytes < 1_000_000 ? String.format(Locale.ROOT, "%,d bytes", bytes) : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** Where the command writes {@code option}'s output until it succeeds. */
    Path temporary(String option) {
        return planned.stream().filter(p -> p.option().equals(option)).findFirst().orElseThrow().temporary();
    }

    /**
     * The command succeeded: every output takes its place, replacing what was there. An output
     * left empty that is written only when needed is not kept, and its earlier version goes.
     */
    synchronized void commit() throws IOException {
        for (Planned output : planned) {
            if (output.onlyIfWritten() && Files.size(output.temporary()) == 0) {
                Files.delete(output.temporary());
                Files.deleteIfExists(output.target());
                continue;
            }
            try {
                Files.move(output.temporary(), output.target(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(output.temporary(), output.target(), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new IOException("cannot put " + output.option() + " " + output.target() + " in place: " + reason(e), e);
            }
        }
        committed = true;
    }

    /** Without a commit (the command failed), the temporary files go and the earlier outputs stay as they were. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopped);
        } catch (IllegalStateException exiting) {
            // the JVM is already exiting: the hook removes the files
        }
        discard();
    }

    private synchronized void discard() {
        if (committed) {
            return;
        }
        for (Planned output : planned) {
            try {
                Files.deleteIfExists(output.temporary());
            } catch (IOException leftBehind) {
                Terminal.err().println("tokenward: cannot remove the temporary file " + output.temporary() + ": " + reason(leftBehind));
            }
        }
    }

    /** The real location a path names: itself resolved when it exists (links followed), else its directory's. */
    private static Path realLocation(Path target) throws IOException {
        if (Files.exists(target)) {
            return target.toRealPath();
        }
        if (Files.isSymbolicLink(target)) {
            Path link = Files.readSymbolicLink(target);
            return realLocation(target.resolveSibling(link).normalize());
        }
        Path directory = target.getParent();
        Path existing = directory;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return target;
        }
        return existing.toRealPath().resolve(existing.relativize(target));
    }

    static String reason(IOException e) {
        String message = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
