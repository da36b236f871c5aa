package dev.tokenward.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenward.event.Event;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads one input as a stream of events in constant memory: recognises compression, framing and
 * format from the content, then maps each record as it is read. Wrapped files may follow one
 * another in one stream ({@code cat *.json | tokenward detect -}). Nothing it meets stops it: bad
 * records, lines and files go to the quarantine with their place and a specific reason.
 */
public final class InputReader implements Closeable {
    static final int SNIFF_LIMIT = 16 << 20;
    private static final int HEAD_BYTES = 4096;
    private static final int MAX_SNIFF_LINES = 50;
    private static final int MIN_BUFFER = 4 << 10;
    private static final int MAX_BUFFER = 64 << 10;
    /** JSON logs shrink five to ten times under gzip: a compressed file's content is taken to be this many times its size. */
    private static final int GZIP_RATIO = 8;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxStringLength(LineReader.MAX_LINE).build())
            .build();
    private static final ObjectMapper TREES = new ObjectMapper(JSON);

    private final InputFile input;
    private final Consumer<Quarantined> quarantine;
    private Counting raw;
    /** The bytes the records are expected to take once decompressed; -1 when not known. */
    private long expected = -1;
    /** Only the first records will be read: buffers stay small. */
    private boolean headOnly;
    private InputStream top;
    private Format format;
    private Format known;
    private Framing framing;
    private RecordMapper mapper;
    private Record record;
    private JsonParser parser;
    private TailBuffer tail;
    private LineReader lines;
    private boolean done;
    private long records;
    private long rejected;
    private Status status = Status.READING;

    /** What became of a file as a whole. */
    public enum Status {
        READING,
        /** No records at all. */
        EMPTY,
        /** A file that holds no events by design (a CloudTrail digest file, a ground-truth file). */
        SKIPPED,
        /** Quarantined whole: not JSON, or no known format. */
        REJECTED
    }

    private InputReader(InputFile input, Consumer<Quarantined> quarantine) {
        this.input = input;
        this.quarantine = quarantine;
    }

    /** Opens and recognises {@code input}; problems are quarantined, never thrown. */
    public static InputReader open(InputFile input, Consumer<Quarantined> quarantine) {
        return open(input, quarantine, null);
    }

    /**
     * The same, for an input whose format an earlier reading recognised (and whose framing it
     * found): its first record is not parsed again to recognise it.
     */
    public static InputReader open(InputFile input, Consumer<Quarantined> quarantine, Format known) {
        InputReader reader = new InputReader(input, quarantine);
        reader.known = known;
        return reader.started();
    }

    /**
     * The same, for reading only the first record or so (the merge plan looks at every file's first
     * event): buffers stay at their smallest, so a compressed file is inflated only as far as its
     * first records instead of up to 64 KiB of content.
     */
    public static InputReader openHead(InputFile input, Consumer<Quarantined> quarantine) {
        InputReader reader = new InputReader(input, quarantine);
        reader.headOnly = true;
        return reader.started();
    }

    /** Recognises the input; problems are quarantined, never thrown. */
    private InputReader started() {
        try {
            start();
        } catch (IOException | UncheckedIOException e) {
            fail(0, -1, readFailure(e) + " before the first record could be read", "");
            status = Status.REJECTED;
        }
        return this;
    }

    public InputFile input() {
        return input;
    }

    /** The recognised format, or null. */
    public Format format() {
        return format;
    }

    public Framing framing() {
        return framing;
    }

    public Status status() {
        return status;
    }

    /** Raw (compressed) bytes consumed so far. */
    public long bytesRead() {
        return raw == null ? 0 : raw.count;
    }

    public long records() {
        return records;
    }

    public long rejected() {
        return rejected;
    }

    /** The next event, or null at the end of the input. */
    public Event next() {
        while (!done) {
            try {
                Event event = framing == Framing.JSON_LINES ? nextFromLines() : nextFromDocument();
                if (event != null) {
                    return event;
                }
            } catch (IOException | UncheckedIOException e) {
                JsonLocation at = parser == null ? null : parser.currentLocation();
                fail(at == null ? lines.lineNumber() : at.getLineNr(), at == null ? lines.offset() : at.getByteOffset(),
                        readFailure(e) + " after " + records + " records; the rest of the file could not be read",
                        tail == null ? "" : tail.excerpt(Math.max(0, at == null ? 0 : at.getByteOffset() - 64), 256));
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        done = true;
        if (parser != null) {
            parser.close();
        }
        if (top != null) {
            top.close();
        }
        if (raw != null) {
            raw.close();
        }
    }

    private void start() throws IOException {
        BufferedInputStream data = openData();
        data.mark(SNIFF_LIMIT);
        byte[] head = data.readNBytes(HEAD_BYTES);
        int first = firstSignificant(head);
        long skipped = 0;
        while (first < 0 && head.length == HEAD_BYTES && skipped < SNIFF_LIMIT) {
            skipped += head.length;
            head = data.readNBytes(HEAD_BYTES);
            first = firstSignificant(head);
        }
        if (first < 0) {
            finish(Status.EMPTY);
            return;
        }
        if (skipped > 0) {
            reject(0, "no JSON within the first " + (skipped >> 10) + " KiB: only white space", "");
            return;
        }
        byte lead = head[first];
        if (lead != '{' && lead != '[') {
            String archive = archiveKind(head);
            reject(0, archive != null ? "not JSON: " + archive + "; unpack it and read what it holds"
                    : "not JSON: the input begins with " + describe(head, first, head.length), Excerpts.printable(head, head.length));
            return;
        }
        framing = lead == '[' ? Framing.ARRAY : objectFraming(head, first);
        data.reset();
        if (known != null) {
            format = known;
            mapper = format.mapper();
            record = new Record(mapper.shape());
            data.mark(0);
            begin(data);
            return;
        }
        data.mark(SNIFF_LIMIT);
        JsonNode sample = firstRecord(data);
        if (done) {
            return;
        }
        if (sample == null) {
            if (framing == Framing.JSON_LINES || framing == Framing.ARRAY) {
                reject(0, framing == Framing.ARRAY ? "the array holds no JSON objects"
                        : "none of the first " + MAX_SNIFF_LINES + " lines is a JSON object", Excerpts.printable(head, head.length));
            } else {
                finish(Status.EMPTY);
            }
            return;
        }
        Optional<Format> detected = Format.detect(sample);
        if (detected.isEmpty()) {
            if (Format.isCloudTrailDigest(sample) || Format.isGroundTruth(sample)) {
                finish(Status.SKIPPED);
                return;
            }
            reject(0, "unrecognised format: the first record has fields " + fieldNames(sample)
                    + "; expected AWS CloudTrail, Okta System Log or Microsoft Entra ID records",
                    Excerpts.printable(sample.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), Quarantined.EXCERPT_LIMIT));
            return;
        }
        format = detected.get();
        mapper = format.mapper();
        record = new Record(mapper.shape());
        try {
            data.reset();
            data.mark(0);
        } catch (IOException markLost) {
            if (!input.reopenable()) {
                reject(0, "the first record is larger than " + (SNIFF_LIMIT >> 20) + " MiB, too large to recognise on a stream", "");
                return;
            }
            closeStreams();
            data = openData();
        }
        begin(data);
    }

    private BufferedInputStream openData() throws IOException {
        raw = new Counting(input.openRaw());
        long size = input.size();
        BufferedInputStream buffered = new BufferedInputStream(raw, bufferFor(size));
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        expected = gzip && size >= 0 ? size * GZIP_RATIO : size;
        // Decompressed data gets the smallest buffer: the parser's and the line reader's reads are
        // larger, so they inflate straight into their own arrays; the buffer serves recognition.
        BufferedInputStream data = gzip
                ? new BufferedInputStream(new GZIPInputStream(buffered, bufferFor(size)), MIN_BUFFER) : buffered;
        top = data;
        return data;
    }

    /**
     * A buffer as large as the data, up to 64 KiB: most CloudTrail deliveries are a few KiB
     * compressed, and a run opens each of thousands of them twice; unknown sizes get the most, and a
     * reader of the head only the least.
     */
    private int bufferFor(long bytes) {
        return headOnly ? MIN_BUFFER : bytes < 0 ? MAX_BUFFER : (int) Math.max(MIN_BUFFER, Math.min(MAX_BUFFER, bytes));
    }

    private void closeStreams() throws IOException {
        if (top != null) {
            top.close();
        }
        raw.close();
    }

    private void begin(BufferedInputStream data) throws IOException {
        if (framing == Framing.JSON_LINES) {
            lines = new LineReader(data, bufferFor(expected));
            return;
        }
        tail = new TailBuffer(data, bufferFor(expected));
        parser = JSON.createParser(tail);
        enterRecords(parser);
    }

    /** Positions a document parser just before its first record. */
    private void enterRecords(JsonParser p) throws IOException {
        switch (framing) {
            case ARRAY -> p.nextToken();
            case WRAPPED -> {
                p.nextToken();
                p.nextToken();
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    throw new JsonProcessingException("the records field does not hold an array", p.currentLocation()) {
                        private static final long serialVersionUID = 1L;
                    };
                }
            }
            default -> {
            }
        }
    }

    private JsonNode firstRecord(BufferedInputStream data) throws IOException {
        if (framing == Framing.JSON_LINES) {
            LineReader sniff = new LineReader(data, bufferFor(expected));
            for (int n = 0; n < MAX_SNIFF_LINES; n++) {
                byte[] line = sniff.next();
                if (line == null) {
                    return null;
                }
                if (sniff.length() == 0 || firstSignificant(line, sniff.length()) < 0) {
                    continue;
                }
                try (JsonParser p = JSON.createParser(line, 0, sniff.length())) {
                    if (p.nextToken() == JsonToken.START_OBJECT) {
                        return TREES.readTree(p);
                    }
                } catch (JsonProcessingException notJson) {
                    // a bad first line is quarantined when the file is read; keep looking
                }
            }
            return null;
        }
        try (JsonParser p = JSON.createParser(new FilterInputStream(data) {
            @Override
            public void close() {
                // the stream is reset and read again
            }
        })) {
            enterRecords(p);
            JsonToken token = p.nextToken();
            while (token != null && token != JsonToken.START_OBJECT && token != JsonToken.END_ARRAY) {
                p.skipChildren();
                token = p.nextToken();
            }
            return token == JsonToken.START_OBJECT ? TREES.readTree(p) : null;
        } catch (JsonEOFException truncated) {
            reject(0, "truncated: the file ends inside a JSON value before the first record could be read", "");
            return null;
        } catch (JsonProcessingException malformed) {
            JsonLocation at = malformed.getLocation();
            reject(at == null ? 0 : at.getLineNr(), "malformed JSON before the first record: " + firstLine(malformed.getOriginalMessage()), "");
            return null;
        }
    }

    private Event nextFromLines() throws IOException {
        byte[] line = lines.next();
        if (line == null) {
            finish(Status.READING);
            return null;
        }
        int length = lines.length();
        if (lines.overlong()) {
            reject(lines.lineNumber(), lines.offset(), "line longer than " + (LineReader.MAX_LINE >> 20) + " MiB", Excerpts.printable(line, length));
            return null;
        }
        int first = firstSignificant(line, length);
        if (first < 0) {
            return null;
        }
        record.reset(input.name(), lines.lineNumber(), lines.offset());
        try (JsonParser p = JSON.createParser(line, 0, length)) {
            JsonToken token = p.nextToken();
            if (token != JsonToken.START_OBJECT) {
                reject(lines.lineNumber(), lines.offset(), "line is not a JSON object: it begins with " + describe(line, first, length),
                        Excerpts.printable(line, length));
                return null;
            }
            mapper.shape().read(p, record.values());
            if (p.nextToken() != null) {
                reject(lines.lineNumber(), lines.offset(), "unexpected data after the JSON object on this line", Excerpts.printable(line, length));
                return null;
            }
        } catch (JsonEOFException truncated) {
            reject(lines.lineNumber(), lines.offset(), "truncated record: the line ends inside a JSON value", Excerpts.printable(line, length));
            return null;
        } catch (JsonProcessingException malformed) {
            reject(lines.lineNumber(), lines.offset(), readFailure(malformed).replaceFirst(" at line \\d+,", " at"),
                    Excerpts.printable(line, length));
            return null;
        }
        return mapped(() -> Excerpts.printable(line, length), lines.lineNumber(), lines.offset());
    }

    private Event nextFromDocument() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            if (framing != Framing.CONCATENATED) {
                fail(parser.currentLocation().getLineNr(), parser.currentLocation().getByteOffset(),
                        "truncated: the file ends inside the records array after " + records + " records", "");
            }
            finish(Status.READING);
            return null;
        }
        if (token == JsonToken.END_ARRAY && framing != Framing.CONCATENATED) {
            finishDocument();
            return null;
        }
        JsonLocation at = parser.currentTokenLocation();
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            reject(at.getLineNr(), at.getByteOffset(), "a record must be a JSON object, found " + describe(token),
                    tail.excerpt(at.getByteOffset(), Quarantined.EXCERPT_LIMIT));
            return null;
        }
        record.reset(input.name(), at.getLineNr(), at.getByteOffset());
        mapper.shape().read(parser, record.values());
        long offset = at.getByteOffset();
        return mapped(() -> tail.excerpt(offset, Quarantined.EXCERPT_LIMIT), at.getLineNr(), offset);
    }

    private void finishDocument() throws IOException {
        if (framing == Framing.WRAPPED) {
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                parser.nextToken();
                parser.skipChildren();
            }
            if (token != JsonToken.END_OBJECT) {
                throw new EOFException("the file ends before the wrapping object is closed");
            }
        }
        JsonToken next = parser.nextToken();
        if (next == null) {
            finish(Status.READING);
            return;
        }
        JsonLocation at = parser.currentTokenLocation();
        if (framing == Framing.WRAPPED && next == JsonToken.START_OBJECT && parser.nextToken() == JsonToken.FIELD_NAME
                && parser.currentName().equalsIgnoreCase("records") && parser.nextToken() == JsonToken.START_ARRAY) {
            return;
        }
        if (framing == Framing.ARRAY && next == JsonToken.START_ARRAY) {
            return;
        }
        fail(at.getLineNr(), at.getByteOffset(), "unexpected data after the end of the records", tail.excerpt(at.getByteOffset(), 128));
    }

    private Event mapped(java.util.function.Supplier<String> excerpt, long line, long offset) {
        try {
            Event event = mapper.map(record);
            records++;
            return event;
        } catch (BadRecordException bad) {
            reject(line, offset, bad.getMessage(), excerpt.get());
            return null;
        } catch (RuntimeException unexpected) {
            reject(line, offset, "cannot map the record: " + unexpected, excerpt.get());
            return null;
        }
    }

    private static Framing objectFraming(byte[] head, int first) {
        try (JsonParser p = JSON.createParser(head, first, head.length - first)) {
            p.nextToken();
            if (p.nextToken() == JsonToken.FIELD_NAME && p.currentName().equalsIgnoreCase("records")
                    && p.nextToken() == JsonToken.START_ARRAY) {
                return Framing.WRAPPED;
            }
        } catch (IOException endOfHead) {
            // the head ends mid-record: decided by its first line below
        }
        int newline = -1;
        for (int i = first; i < head.length; i++) {
            if (head[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) {
            return Framing.JSON_LINES;
        }
        String firstLine = new String(head, first, newline - first, java.nio.charset.StandardCharsets.UTF_8).trim();
        return firstLine.equals("{") ? Framing.CONCATENATED : Framing.JSON_LINES;
    }

    private void reject(long line, String reason, String excerpt) {
        quarantine.accept(new Quarantined(input.name(), line, -1, format == null ? null : format.id(), reason, excerpt));
        rejected++;
        finish(Status.REJECTED);
    }

    private void reject(long line, long offset, String reason, String excerpt) {
        quarantine.accept(new Quarantined(input.name(), line, offset, format.id(), reason, excerpt));
        rejected++;
    }

    private void fail(long line, long offset, String reason, String excerpt) {
        quarantine.accept(new Quarantined(input.name(), line, offset, format == null ? null : format.id(), reason, excerpt));
        rejected++;
        finish(status);
    }

    private void finish(Status end) {
        status = end;
        done = true;
    }

    private static String readFailure(Exception e) {
        Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
        if (cause instanceof JsonEOFException) {
            return "truncated: the file ends inside a JSON value";
        }
        if (cause instanceof StreamConstraintsException limit) {
            return "record exceeds a parser limit: " + firstLine(limit.getOriginalMessage());
        }
        if (cause instanceof JsonProcessingException malformed) {
            JsonLocation at = malformed.getLocation();
            return "malformed JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + ": " + firstLine(malformed.getOriginalMessage());
        }
        if (cause instanceof EOFException) {
            return "truncated: the compressed stream ends early";
        }
        if (cause instanceof ZipException zip) {
            return "corrupt gzip data: " + zip.getMessage();
        }
        return "cannot read: " + cause.getMessage();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String fieldNames(JsonNode sample) {
        StringBuilder names = new StringBuilder();
        var it = sample.fieldNames();
        for (int n = 0; it.hasNext() && n < 12; n++) {
            names.append(n == 0 ? "" : ", ").append(it.next());
        }
        return names.length() == 0 ? "(none)" : names.toString();
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString().toLowerCase(Locale.ROOT);
        };
    }

    private static String describe(byte[] bytes, int at, int length) {
        int b = bytes[at] & 0xFF;
        if (b >= 0x20 && b < 0x7f) {
            return "'" + (char) b + "'";
        }
        return "byte 0x" + Integer.toHexString(b) + " (" + Excerpts.hex(Arrays.copyOfRange(bytes, at, length), length - at) + ")";
    }

    /** Containers people hand over instead of their contents. */
    private static String archiveKind(byte[] head) {
        if (startsWith(head, 0x50, 0x4b, 0x03, 0x04)) {
            return "a ZIP archive";
        }
        if (startsWith(head, 0x28, 0xb5, 0x2f, 0xfd)) {
            return "zstd-compressed data";
        }
        if (startsWith(head, 0x42, 0x5a, 0x68)) {
            return "bzip2-compressed data";
        }
        if (startsWith(head, 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) {
            return "xz-compressed data";
        }
        if (startsWith(head, 0x50, 0x41, 0x52, 0x31)) {
            return "a Parquet file";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int... magic) {
        if (bytes.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((bytes[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static int firstSignificant(byte[] bytes) {
        return firstSignificant(bytes, bytes.length);
    }

    private static int firstSignificant(byte[] bytes, int length) {
        int i = 0;
        if (length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        for (; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Counts the raw bytes consumed, for progress. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
