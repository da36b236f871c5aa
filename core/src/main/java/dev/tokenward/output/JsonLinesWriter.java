package dev.tokenward.output;

import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one JSON document per line: alerts, quarantined input, events. Every write is checked,
 * standard output's included: a full disk or a closed pipe fails the write with its cause instead
 * of losing lines quietly. Lines to a stream are flushed one by one, so that a reader downstream
 * sees each alert as it is raised.
 *
 * @param <T> what it writes
 */
public final class JsonLinesWriter<T> implements Closeable, Flushable {
    private final ObjectWriter json = Json.mapper().writer();
    private final Writer out;
    private final String name;
    /** Set for a print stream, which keeps its errors to itself until asked. */
    private final PrintStream printStream;
    private final boolean flushEachLine;
    private long lines;

    private JsonLinesWriter(Writer out, String name, PrintStream printStream, boolean flushEachLine) {
        this.out = out;
        this.name = name;
        this.printStream = printStream;
        this.flushEachLine = flushEachLine;
    }

    /** A new file (or one replaced) at {@code path}, opened at once. */
    public static <T> JsonLinesWriter<T> toFile(Path path) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(path), encoder()), 1 << 16);
        return new JsonLinesWriter<>(writer, path.toString(), null, false);
    }

    /** A stream that stays open after the writer closes (standard output), named for messages. */
    public static <T> JsonLinesWriter<T> toStream(OutputStream stream, String name) {
        Writer writer = new OutputStreamWriter(stream, encoder());
        return new JsonLinesWriter<>(writer, name, stream instanceof PrintStream print ? print : null, true);
    }

    /** Writes one line; a failure to write throws, naming where and why. */
    public void write(T value) {
        try {
            out.write(json.writeValueAsString(value));
            out.write('\n');
            lines++;
            if (flushEachLine) {
                flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage().startsWith("cannot write ") ? e.getMessage()
                    : "cannot write " + name + ": " + e.getMessage(), e);
        }
    }

    public long lines() {
        return lines;
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw new IOException("cannot write " + name + ": " + e.getMessage(), e);
        }
        if (printStream != null && printStream.checkError()) {
            throw new IOException("cannot write " + name + ": it was closed or could not take more (a closed pipe or a full disk)");
        }
    }

    /** Flushes, and closes a file; a stream stays open. */
    @Override
    public void close() throws IOException {
        flush();
        if (printStream == null && !flushEachLine) {
            out.close();
        }
    }

    /** UTF-8 that cannot fail on what it is given: text that is not valid Unicode is replaced, never a reason to lose a line. */
    private static CharsetEncoder encoder() {
        return StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }
}
