package dev.tokenward.bench;

import dev.tokenward.event.Event;
import dev.tokenward.source.Format;
import dev.tokenward.source.InputFile;
import dev.tokenward.source.InputReader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Benchmark inputs made from the bundled samples: the records of one format as JSON lines, or all
 * events parsed, repeated with unique ids and later times until large enough.
 */
final class Corpus {
    private Corpus() {
    }

    /** The samples directory, from the repository root or the bench module. */
    static Path samples() {
        for (Path candidate : List.of(Path.of("samples"), Path.of("..", "samples"))) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("run benchmarks from the repository root: samples/ not found");
    }

    /** Every event of the samples, in file order. */
    static List<Event> sampleEvents() {
        List<Event> events = new ArrayList<>();
        for (Path file : files()) {
            try (InputReader reader = InputReader.open(InputFile.of(file), q -> { })) {
                for (Event e = reader.next(); e != null; e = reader.next()) {
                    events.add(e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return events;
    }

    /** The sample records of one format, as JSON lines, repeated to at least {@code minBytes}. */
    static byte[] jsonLines(Format format, int minBytes) {
        List<String> records = new ArrayList<>();
        for (Path file : files()) {
            byte[] bytes = read(file);
            try (InputReader reader = InputReader.open(InputFile.ofBytes(file.toString(), bytes), q -> { })) {
                if (reader.next() == null || reader.format() != format) {
                    continue;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                var tree = dev.tokenward.output.Json.mapper().readTree(bytes);
                var array = tree.isArray() ? tree : tree.has("Records") ? tree.get("Records") : tree.get("records");
                array.forEach(record -> records.add(record.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(minBytes + (1 << 20));
        while (out.size() < minBytes) {
            for (String record : records) {
                out.writeBytes(record.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    static int lines(byte[] jsonLines) {
        int count = 0;
        for (byte b : jsonLines) {
            if (b == '\n') {
                count++;
            }
        }
        return count;
    }

    private static List<Path> files() {
        try (Stream<Path> tree = Files.walk(samples())) {
            return tree.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".gz"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try (InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
