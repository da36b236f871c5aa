package dev.tokenward.output;

import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Writes one JSON document per line: alerts, quarantined input, events. A file is created on the
 * first line only, so a run with nothing to quarantine leaves no empty quarantine file behind.
 *
 * @param <T> what it writes
 */
public final class JsonLinesWriter<T> implements Closeable, Flushable {
    private final ObjectWriter json = Json.mapper().writer();
    private final Supplier<Writer> opener;
    private Writer out;
    private long lines;

    private JsonLinesWriter(Supplier<Writer> opener) {
        this.opener = opener;
    }

    public static <T> JsonLinesWriter<T> toFile(Path path) {
        return new JsonLinesWriter<>(() -> {
            try {
                Path parent = path.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                return Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + path, e);
            }
        });
    }

    /** A file replaced at once, even if no line follows: a run's output never shows an earlier run's lines. */
    public static <T> JsonLinesWriter<T> replacing(Path path) throws IOException {
        JsonLinesWriter<T> writer = toFile(path);
        try {
            writer.out = writer.opener.get();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return writer;
    }

    /** Writes to a stream that stays open (standard output). */
    public static <T> JsonLinesWriter<T> toStream(OutputStream stream) {
        Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8)) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
        return new JsonLinesWriter<>(() -> writer);
    }

    public void write(T value) {
        try {
            if (out == null) {
                out = opener.get();
            }
            out.write(json.writeValueAsString(value));
            out.write('\n');
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write output", e);
        }
    }

    public long lines() {
        return lines;
    }

    @Override
    public void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.flush();
            out.close();
        }
    }
}
