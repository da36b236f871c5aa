package dev.tokenward.cli;

import dev.tokenward.source.InputFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Turns command-line paths into inputs. A file named on the command line is always read; inside a
 * directory, files whose names say they are logs are read (.json, .jsonl, .ndjson, .log, .gz, or no
 * extension) and the rest (README files, checksums, hidden files) are passed over and counted.
 */
final class Inputs {
    private final List<InputFile> files = new ArrayList<>();
    private final List<Path> excluded = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();
    private long passedOver;

    /** The inputs named by {@code paths}, leaving out the run's own output files. */
    static Inputs of(List<String> paths, Path... outputs) {
        Inputs inputs = new Inputs();
        for (Path output : outputs) {
            if (output != null) {
                inputs.excluded.add(output.toAbsolutePath().normalize());
            }
        }
        for (String name : paths) {
            if (name.equals("-")) {
                inputs.files.add(InputFile.stdin(System.in));
                continue;
            }
            Path path = Path.of(name);
            if (Files.isDirectory(path)) {
                inputs.walk(path);
            } else if (Files.isRegularFile(path)) {
                inputs.files.add(InputFile.of(path));
            } else {
                inputs.missing.add(name);
            }
        }
        return inputs;
    }

    List<InputFile> files() {
        return files;
    }

    List<String> missing() {
        return missing;
    }

    long passedOver() {
        return passedOver;
    }

    /**
     * Every log file below {@code directory}, in name order. A subdirectory that cannot be listed
     * becomes an input of its own, so that reading it fails into the quarantine with the reason.
     */
    private void walk(Path directory) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(directory, java.util.EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException failure) {
                    found.add(file);
                    return FileVisitResult.CONTINUE;
                }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        found.sort(null);
        for (Path file : found) {
            if (excluded.contains(file.toAbsolutePath().normalize())) {
                continue;
            }
            if (looksLikeLog(directory.relativize(file))) {
                files.add(InputFile.of(file));
            } else {
                passedOver++;
            }
        }
    }

    static boolean looksLikeLog(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return false;
            }
        }
        String name = relative.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return true;
        }
        return switch (name.substring(dot + 1)) {
            case "json", "jsonl", "ndjson", "log", "gz", "gzip" -> true;
            default -> false;
        };
    }
}
