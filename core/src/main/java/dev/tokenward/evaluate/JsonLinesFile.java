package dev.tokenward.evaluate;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a small JSON-lines file of Tokenward's own (truth, alerts), collecting every bad line as a problem. */
final class JsonLinesFile {

    /** Reads one line into a value, or null for a line that only informs the reader. */
    @FunctionalInterface
    interface LineParser<T> {
        T parse(String line) throws IOException;
    }

    private JsonLinesFile() {
    }

    static <T> List<T> read(Path file, LineParser<T> parser, List<String> problems) throws IOException {
        List<T> values = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    T value = parser.parse(line);
                    if (value != null) {
                        values.add(value);
                    }
                } catch (IOException | IllegalArgumentException e) {
                    problems.add(file + ":" + number + ": " + String.valueOf(e.getMessage()).split("\n")[0]);
                }
            }
        }
        return values;
    }
}
