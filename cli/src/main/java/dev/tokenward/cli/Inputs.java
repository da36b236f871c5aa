package dev.tokenward.cli;

import dev.tokenward.source.InputFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Turns command-line paths into inputs. A file named on the command line is always read; inside a
 * directory, files whose names say they are logs are read (.json, .jsonl, .ndjson, .log, .gz, or no
 * extension) and the rest (README files, checksums, hidden files) are passed over and counted.
 */
final class Inputs {
    private final List<InputFile> files = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();
    private long passedOver;

    static Inputs of(List<String> paths) {
        Inputs inputs = new Inputs();
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

    private void walk(Path directory) {
        try (Stream<Path> tree = Files.walk(directory)) {
            tree.filter(Files::isRegularFile).sorted().forEach(file -> {
                if (looksLikeLog(directory.relativize(file))) {
                    files.add(InputFile.of(file));
                } else {
                    passedOver++;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
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
