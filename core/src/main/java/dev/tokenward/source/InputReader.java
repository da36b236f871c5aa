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
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.ZipException;

/**
 * Reads one input as a stream of events in constant memory: recognises compression, framing and
 * format from the content, then maps each record as it is read. Wrapped files may follow one
 * another in one stream ({@code cat *.json | tokenward detect -}). Nothing it meets stops it: bad
 * records, lines and files go to the quarantine with their place and a specific reason.
 *
 * <p>Each record is cut out of the input first (a line, or a record of a document found by the
 * {@link RecordSplitter}) and parsed on its own, so that a bad record costs only itself. What a
 * file, record or field may cost is bounded by the {@link InputLimits}.
 */
public final class InputReader implements Closeable {
    /** The formats read, in words: "AWS CloudTrail, Okta System Log, ... or 1Password Events API". */
    private static final String KNOWN_FORMATS = known();
    /** The names of records keyed by name in a wrapping object: LastPass's Event1, Event2, ... */
    private static final java.util.regex.Pattern KEYED_RECORD = java.util.regex.Pattern.compile("(?i)event\\d+");

    static final int SNIFF_LIMIT = 16 << 20;
    private static final int HEAD_BYTES = 4096;
    private static final int MAX_SNIFF_RECORDS = 50;
    private static final int MIN_BUFFER = 4 << 10;
    private static final int MAX_BUFFER = 16 << 10;
    /** JSON logs shrink five to ten times under gzip: a compressed file's content is taken to be this many times its size. */
    private static final int GZIP_RATIO = 8;
    private static final ObjectMapper TREES = new ObjectMapper();
    private static final String UNRECOGNISED = "unrecognised format: ";

    private final InputFile input;
    private final Consumer<Quarantined> quarantine;
    private final InputLimits limits;
    private final JsonFactory json;
    private Counting raw;
    /** The bytes the records are expected to take once decompressed; -1 when not known. */
    private long expected = -1;
    /** Only the first records will be read: buffers stay small. */
    private boolean headOnly;
    private InputStream top;
    private Format format;
    private Format known;
    private Framing framing;
    /** The rows of a CSV export; null for other files. */
    private CsvRows csv;
    /** The text layout of a file of text lines, each read as a record of named fields; null for JSON. */
    private TextLines text;
    private RecordMapper mapper;
    private Record record;
    private LineReader lines;
    private RecordSplitter splitter;
    /** Problems met before the format was recognised: quarantined with it, or the file is rejected whole. */
    private final List<Quarantined> beforeFormat = new ArrayList<>();
    private int sniffed;
    private boolean done;
    /** The events of a record's further rows (osquery's batched results), handed out before the next record is read. */
    private final java.util.ArrayDeque<Event> rows = new java.util.ArrayDeque<>();
    private long records;
    private long rejected;
    private Status status = Status.READING;
    /** The layout the file's records are exported in: the product's own unless recognised otherwise. */
    private Layout layout = Layout.RAW;

    /** What became of a file as a whole. */
    public enum Status {
        READING,
        /** No records at all. */
        EMPTY,
        /** A file that holds no events by design (a CloudTrail digest file, a ground-truth file). */
        SKIPPED,
        /** Quarantined whole: not JSON, or no known format. */
        REJECTED,
        /** A listing of a product's members, read to name its events' ids ({@link Directory}). */
        DIRECTORY
    }

    private InputReader(InputFile input, Consumer<Quarantined> quarantine, InputLimits limits) {
        this.input = input;
        this.quarantine = quarantine;
        this.limits = limits;
        this.json = limits.json();
    }

    /** Opens and recognises {@code input} with the default limits; problems are quarantined, never thrown. */
    public static InputReader open(InputFile input, Consumer<Quarantined> quarantine) {
        return open(input, quarantine, null, InputLimits.DEFAULTS);
    }

    /**
     * The same, for an input whose format an earlier reading recognised (null when none did): its
     * first record is not parsed again to recognise it.
     */
    public static InputReader open(InputFile input, Consumer<Quarantined> quarantine, Format known, InputLimits limits) {
        return open(input, quarantine, known, Layout.RAW, limits);
    }

    /** The same, for an input an earlier reading recognised as exported in {@code layout}. */
    public static InputReader open(InputFile input, Consumer<Quarantined> quarantine, Format known, Layout layout, InputLimits limits) {
        InputReader reader = new InputReader(input, quarantine, limits);
        reader.known = known;
        reader.layout = known == null || layout == null ? Layout.RAW : layout;
        return reader.started();
    }

    /**
     * The same, for reading only the first record or so (the merge plan looks at every file's first
     * event): buffers stay at their smallest, so a compressed file is inflated only as far as its
     * first records instead of up to 64 KiB of content.
     */
    public static InputReader openHead(InputFile input, Consumer<Quarantined> quarantine, InputLimits limits) {
        InputReader reader = new InputReader(input, quarantine, limits);
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

    /** The layout the records were recognised in: the product's own unless exported otherwise. */
    public Layout layout() {
        return layout;
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
        if (!rows.isEmpty()) {
            return rows.poll();
        }
        while (!done) {
            try {
                Event event = nextRecord();
                if (event != null) {
                    return event;
                }
            } catch (IOException | UncheckedIOException e) {
                fail(lines != null ? lines.lineNumber() : csv != null ? csv.line() : splitter == null ? 0 : splitter.line(),
                        lines != null ? lines.offset() : splitter == null ? -1 : splitter.offset(),
                        readFailure(e) + " after " + records + " records; the rest of the file could not be read", "");
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        done = true;
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
        if (lead != '{' && lead != '[' && objectLine(head) < 0 && head.length == HEAD_BYTES && looksLikeText(head)) {
            head = longerHead(data, head);
        }
        // A CSV export's header decides before a line beginning with a brace does: that can be a
        // row's JSON value on a line of its own, not where the file's JSON starts.
        boolean csvExport = lead != '{' && lead != '[' && CsvRows.isKnownHeader(lineAt(head, first));
        if (!csvExport && lead != '{' && lead != '[' && objectLine(head) > 0) {
            lead = '{';
            first = objectLine(head);
        }
        if (!csvExport && lead != '{' && lead != '[') {
            text = TextLines.of(lineAt(head, first)).orElse(null);
        }
        if (lead != '{' && lead != '[' && text == null && !csvExport) {
            String archive = archiveKind(head);
            reject(0, archive != null ? "not JSON: " + archive + "; unpack it and read what it holds"
                    : "not JSON: the input begins with " + describe(head, first, head.length), Excerpts.printable(head, head.length));
            return;
        }
        framing = csvExport ? Framing.CSV : lead == '[' ? Framing.ARRAY : text != null ? Framing.JSON_LINES : objectFraming(head, first);
        data.reset();
        data.mark(0);
        if (hasByteOrderMark(head)) {
            data.skipNBytes(3);
        }
        int chunk = bufferFor(expected);
        if (framing == Framing.CSV) {
            csv = CsvRows.open(data, limits.maxRecordBytes(), chunk);
        } else if (framing == Framing.JSON_LINES) {
            lines = new LineReader(data, chunk, limits.maxRecordBytes());
        } else {
            splitter = new RecordSplitter(data, framing, limits.maxRecordBytes(), chunk);
        }
        if (known != null) {
            use(known);
        }
    }

    private void use(Format recognised) {
        format = recognised;
        mapper = format.mapper();
        record = new Record(mapper.shape(), limits);
    }

    private BufferedInputStream openData() throws IOException {
        raw = new Counting(input.openRaw());
        long size = input.size();
        BufferedInputStream buffered = new BufferedInputStream(raw, bufferFor(size));
        Compression compression = Compression.of(buffered);
        boolean compressed = compression != Compression.NONE;
        expected = compressed && size >= 0 ? size * GZIP_RATIO : size;
        // Decompressed data gets the smallest buffer: the splitter's and the line reader's reads are
        // larger, so they inflate straight into their own arrays; the buffer serves recognition.
        BufferedInputStream data = compressed
                ? new BufferedInputStream(new Inflated(compression.open(buffered, bufferFor(size)), raw, limits), MIN_BUFFER)
                : buffered;
        top = data;
        return data;
    }

    /**
     * A buffer as large as the data, up to 16 KiB: most CloudTrail deliveries are a few KiB
     * compressed, and a run opens each of thousands of them twice; unknown sizes get the most, and a
     * reader of the head only the least. The merge keeps every file whose events are due open at
     * once (a fleet's per-host osquery and eslogger files span the whole run: 1,170 on a
     * 470-Mac corpus), each with three such buffers, so larger ones cost heap and gain nothing.
     */
    private int bufferFor(long bytes) {
        return headOnly ? MIN_BUFFER : bytes < 0 ? MAX_BUFFER : (int) Math.max(MIN_BUFFER, Math.min(MAX_BUFFER, bytes));
    }

    /** The next record's event; null when the record was not one (quarantined) or the input ended. */
    private Event nextRecord() throws IOException {
        if (csv != null) {
            byte[] row = csv.next();
            if (row == null) {
                endOfInput();
                return null;
            }
            if (csv.problem() != null) {
                problem(csv.line(), -1, csv.problem(), row, row.length);
                return null;
            }
            return row.length == 0 ? null : parsed(row, row.length, csv.line(), -1);
        }
        boolean more = lines != null ? lines.next() != null : splitter.next();
        if (!more) {
            endOfInput();
            return null;
        }
        byte[] bytes = lines != null ? lines.bytes() : splitter.bytes();
        int length = lines != null ? lines.length() : splitter.length();
        long line = lines != null ? lines.lineNumber() : splitter.line();
        long offset = lines != null ? lines.offset() : splitter.offset();
        if (lines != null) {
            if (lines.overlong()) {
                problem(line, offset, "line longer than " + bytesLabel(limits.maxRecordBytes()) + " (input.maxRecordBytes)",
                        bytes, length);
                return null;
            }
            if (firstSignificant(bytes, length) < 0) {
                return null;
            }
            if (text != null) {
                byte[] fields;
                try {
                    fields = text.record(bytes, length);
                } catch (BadRecordException notALine) {
                    problem(line, offset, notALine.getMessage(), bytes, length);
                    return null;
                }
                return parsed(fields, fields.length, line, offset);
            }
        } else if (splitter.problem() != null) {
            problem(line, offset, splitter.problem(), bytes, length);
            return null;
        } else if (splitter.oversized() && !splitter.recover()) {
            long skipped = splitter.skipOversized();
            problem(line, offset, "record larger than " + bytesLabel(limits.maxRecordBytes()) + " (input.maxRecordBytes): "
                    + skipped + " bytes not read", bytes, Math.min(length, Quarantined.EXCERPT_LIMIT));
            return null;
        }
        if (splitter != null) {
            splitter.tookTheRecordsAfterIt();
        }
        while (true) {
            length = lines != null ? lines.length() : splitter.length();
            try {
                return parsed(bytes, length, line, offset);
            } catch (JsonProcessingException malformed) {
                if (splitter != null && splitter.recover()) {
                    continue;
                }
                String reason = splitter != null && splitter.endedInside()
                        ? "truncated: the file ends inside this record, after " + length + " bytes of it" : recordFailure(malformed);
                long passedOver = splitter == null ? 0 : splitter.resync();
                if (passedOver > 0) {
                    reason += "; its brackets were broken, so the " + passedOver + " bytes after it up to the next record were passed over";
                }
                problem(line, offset, reason, bytes, length);
                return null;
            }
        }
    }

    /** Parses one record's bytes: recognises the format with the first one, then maps it. */
    private Event parsed(byte[] bytes, int length, long line, long offset) throws IOException {
        if (format == null && !recognise(bytes, length, line, offset)) {
            return null;
        }
        record.reset(input.name(), line, offset);
        byte[] own = bytes;
        int ownLength = length;
        if (layout != Layout.RAW) {
            try (JsonParser p = json.createParser(bytes, 0, length)) {
                JsonNode tree = TREES.readTree(p);
                if (!endsAfterObject(p)) {
                    problem(line, offset, "unexpected data after the JSON object on this line", bytes, length);
                    return null;
                }
                // a record the format reads as it is stays as it is: the file's first record may have
                // been a fragment of a damaged one that only looked like an export
                if (Layout.of(tree) == layout || tree == null || !format.mapper().recognizes(tree)) {
                    own = TREES.writeValueAsBytes(layout.apply(tree));
                    ownLength = own.length;
                }
            } catch (BadRecordException doesNotFit) {
                problem(line, offset, doesNotFit.getMessage(), bytes, length);
                return null;
            }
        }
        try (JsonParser p = json.createParser(own, 0, ownLength)) {
            JsonToken token = p.nextToken();
            if (token != JsonToken.START_OBJECT) {
                problem(line, offset, "line is not a JSON object: it begins with " + describe(bytes, firstSignificant(bytes, length), length),
                        bytes, length);
                return null;
            }
            mapper.shape().read(p, record);
            if (!endsAfterObject(p)) {
                problem(line, offset, "unexpected data after the JSON object on this line", bytes, length);
                return null;
            }
        } catch (BadRecordException bad) {
            problem(line, offset, bad.getMessage(), bytes, length);
            return null;
        }
        if (splitter != null) {
            splitter.parsed();
        }
        return mapped(line, offset, bytes, length);
    }

    private static boolean endsAfterObject(JsonParser p) throws IOException {
        try {
            return p.nextToken() == null;
        } catch (JsonProcessingException trailing) {
            return false;
        }
    }

    /**
     * Recognises the format from the first record that is a JSON object: true when it was, and the
     * record is to be mapped. A file whose first object is of no known format is rejected whole.
     */
    private boolean recognise(byte[] bytes, int length, long line, long offset) throws IOException {
        JsonNode sample;
        try (JsonParser p = json.createParser(bytes, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                problem(line, offset, "line is not a JSON object: it begins with " + describe(bytes, firstSignificant(bytes, length), length),
                        bytes, length);
                return false;
            }
            sample = TREES.readTree(p);
        }
        Optional<Format> detected = Format.detect(sample);
        Layout exported = detected.isPresent() ? null : Layout.of(sample);
        if (exported != null) {
            try {
                detected = Format.detect(exported.apply(sample));
                layout = detected.isPresent() ? exported : Layout.RAW;
            } catch (BadRecordException doesNotFit) {
                detected = Optional.empty();
            }
        }
        if (detected.isEmpty()) {
            if (sniffed == 0 && (Format.isCloudTrailDigest(sample) || Format.isGroundTruth(sample))) {
                beforeFormat.clear();
                finish(Status.SKIPPED);
                return false;
            }
            if (sniffed == 0 && Directory.recognizes(sample)) {
                beforeFormat.clear();
                finish(Status.DIRECTORY);
                return false;
            }
            problem(line, offset, UNRECOGNISED + (sniffed == 0 ? "the first record" : "a record") + " has fields " + fieldNames(sample)
                    + "; expected " + KNOWN_FORMATS + " records", bytes, length);
            return false;
        }
        use(detected.get());
        for (Quarantined early : beforeFormat) {
            quarantine.accept(new Quarantined(early.file(), early.line(), early.offset(), format.id(), early.reason(), early.excerpt()));
            rejected++;
        }
        beforeFormat.clear();
        return true;
    }

    /** The event of a parsed record, held to the limits: unusable times quarantine it, long user agents are cut. */
    private Event mapped(long line, long offset, byte[] bytes, int length) {
        List<Event> events;
        try {
            events = mapper.mapAll(record, reason -> problem(line, offset, reason, bytes, length));
        } catch (BadRecordException bad) {
            problem(line, offset, bad.getMessage(), bytes, length);
            return null;
        } catch (RuntimeException unexpected) {
            problem(line, offset, "cannot map the record: " + unexpected, bytes, length);
            return null;
        }
        for (Event event : events) {
            if (!limits.accepts(event.time())) {
                problem(line, offset, "event time " + event.time() + " is outside the accepted range, " + limits.range(), bytes, length);
                continue;
            }
            records++;
            rows.add(CappedEvent.of(event, limits));
        }
        return rows.poll();
    }

    /** The input ended: what the file as a whole turned out to be. */
    private void endOfInput() {
        if (format != null || beforeFormat.isEmpty()) {
            finish(format == null ? Status.EMPTY : Status.READING);
            return;
        }
        boolean noObjects = beforeFormat.stream().allMatch(q -> q.reason().startsWith("a record must be a JSON object")
                || q.reason().startsWith("line is not a JSON object"));
        boolean unrecognised = beforeFormat.stream().allMatch(q -> q.reason().startsWith(UNRECOGNISED));
        if (noObjects || unrecognised) {
            Quarantined first = beforeFormat.get(0);
            String reason = unrecognised ? first.reason() : framing == Framing.JSON_LINES
                    ? "none of the " + (sniffed == 1 ? "1 line" : sniffed + " lines") + " is a JSON object"
                    : "the array holds no JSON objects";
            beforeFormat.clear();
            reject(first.line(), reason, first.excerpt());
            return;
        }
        for (Quarantined early : beforeFormat) {
            quarantine.accept(early);
            rejected++;
        }
        beforeFormat.clear();
        finish(Status.REJECTED);
    }

    /** A record, line or piece that is not an event; before the format is known it waits to see whether the file is one. */
    private void problem(long line, long offset, String reason, byte[] bytes, int length) {
        Quarantined entry = new Quarantined(input.name(), line, offset, format == null ? null : format.id(), reason,
                Excerpts.printable(bytes, length));
        if (format != null) {
            quarantine.accept(entry);
            rejected++;
            return;
        }
        beforeFormat.add(entry);
        if (++sniffed >= MAX_SNIFF_RECORDS) {
            Quarantined first = beforeFormat.get(0);
            beforeFormat.clear();
            reject(first.line(), first.reason().startsWith(UNRECOGNISED) ? first.reason()
                    : "none of the first " + MAX_SNIFF_RECORDS + " records is a JSON object of a known format (the first: "
                    + first.reason() + ")", first.excerpt());
        }
    }

    /**
     * Whether the object just opened holds records keyed by name ({@code "Event1": {...}}). The
     * parser reads the first byte of a member's value with its name, so a damaged first record fails
     * that read; its name still says what the object is.
     */
    private static boolean keyedRecordFollows(JsonParser p) throws IOException {
        try {
            return p.nextToken() == JsonToken.FIELD_NAME && KEYED_RECORD.matcher(p.currentName()).matches();
        } catch (com.fasterxml.jackson.core.JsonParseException damagedRecord) {
            return p.currentToken() == JsonToken.FIELD_NAME && KEYED_RECORD.matcher(p.currentName()).matches();
        }
    }

    private static Framing objectFraming(byte[] head, int first) {
        try (JsonParser p = InputLimits.DEFAULTS.json().createParser(head, first, head.length - first)) {
            p.nextToken();
            boolean firstField = true;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName().toLowerCase(Locale.ROOT);
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_ARRAY && Framing.WRAPPERS.contains(name) && (firstField || !name.equals("records"))) {
                    return Framing.WRAPPED;
                }
                if (value == JsonToken.START_OBJECT && Framing.NESTING.contains(name) && p.nextToken() == JsonToken.FIELD_NAME
                        && Framing.WRAPPERS.contains(p.currentName().toLowerCase(Locale.ROOT))
                        && p.nextToken() == JsonToken.START_ARRAY) {
                    return Framing.WRAPPED;
                }
                if (value == JsonToken.START_OBJECT && name.equals("data") && keyedRecordFollows(p)) {
                    return Framing.WRAPPED;
                }
                if (value == JsonToken.START_OBJECT && Framing.PAGING.contains(name)) {
                    p.skipChildren();
                    firstField = false;
                    continue;
                }
                if (value.isStructStart()) {
                    break;
                }
                firstField = false;
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
        if (firstLine.equals("{")) {
            return Framing.CONCATENATED;
        }
        int next = newline + 1;
        while (next < head.length && (head[next] == ' ' || head[next] == '\t' || head[next] == '\r' || head[next] == '\n')) {
            next++;
        }
        return next < head.length && (head[next] == '"' || head[next] == '}') ? Framing.CONCATENATED : Framing.JSON_LINES;
    }

    private void reject(long line, String reason, String excerpt) {
        quarantine.accept(new Quarantined(input.name(), line, -1, format == null ? null : format.id(), reason, excerpt));
        rejected++;
        finish(Status.REJECTED);
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

    /** Why one record could not be parsed. */
    private static String recordFailure(JsonProcessingException e) {
        if (e instanceof JsonEOFException) {
            return "truncated record: it ends inside a JSON value";
        }
        if (e instanceof StreamConstraintsException limit) {
            return "record exceeds a parser limit: " + firstLine(limit.getOriginalMessage())
                    + (limit.getOriginalMessage().contains("Depth") ? " (input.maxDepth)" : "");
        }
        JsonLocation at = e.getLocation();
        return "malformed JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr() + " of the record")
                + ": " + firstLine(e.getOriginalMessage());
    }

    private static String readFailure(Exception e) {
        Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
        if (cause instanceof Inflated.TooLarge tooLarge) {
            return tooLarge.getMessage();
        }
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

    /** A message's first line (Jackson's go on with where in the source they were); empty for none. */
    static String firstLine(String message) {
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

    private static String describe(byte[] bytes, int at, int length) {
        int b = bytes[at] & 0xFF;
        if (b >= 0x20 && b < 0x7f) {
            return "'" + (char) b + "'";
        }
        return "byte 0x" + Integer.toHexString(b) + " (" + Excerpts.hex(Arrays.copyOfRange(bytes, at, length), length - at) + ")";
    }

    /**
     * Containers people hand over instead of their contents: named on the command line they are
     * opened ({@link Archives}); here is one inside another, or on standard input.
     */
    private static String archiveKind(byte[] head) {
        if (Compression.starts(head, 0x50, 0x4b, 0x03, 0x04)) {
            return "a ZIP archive";
        }
        if (Archives.isTar(head)) {
            return "a tar archive";
        }
        if (Compression.starts(head, 0x50, 0x41, 0x52, 0x31)) {
            return "a Parquet file";
        }
        return null;
    }


    /** 8388608 → "8 MiB". */
    static String bytesLabel(long bytes) {
        return bytes % (1 << 30) == 0 ? (bytes >> 30) + " GiB" : bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB"
                : bytes % 1024 == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
    }

    /** The line of the head that starts at {@code from}, as text. */
    private static String lineAt(byte[] head, int from) {
        int end = from;
        while (end < head.length && head[end] != '\n') {
            end++;
        }
        return new String(head, from, end - from, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Where a line of the head that begins with '{' starts, after a first line that is not JSON
     * (a damaged first record of JSON lines); -1 when no line does.
     */
    private static int objectLine(byte[] head) {
        for (int i = 0; i + 1 < head.length; i++) {
            if (head[i] == '\n' && head[i + 1] == '{') {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * The head read on to the end of its first line, when that line is longer than the head: a
     * damaged first record of JSON lines is longer than the head when records are large (Entra
     * sign-ins are several KiB), and the lines after it must still be found. Reads at most one
     * record's limit; the stream was marked far enough back to be reset.
     */
    private byte[] longerHead(BufferedInputStream data, byte[] head) throws IOException {
        int most = Math.min(SNIFF_LIMIT - HEAD_BYTES, limits.maxRecordBytes());
        ByteArrayOutputStream longer = new ByteArrayOutputStream(HEAD_BYTES * 4);
        longer.write(head);
        byte[] more = new byte[HEAD_BYTES];
        int read = 0;
        while (read < most) {
            int n = data.read(more, 0, Math.min(more.length, most - read));
            if (n < 0) {
                break;
            }
            longer.write(more, 0, n);
            read += n;
            int newline = indexOf(more, n, (byte) '\n');
            if (newline >= 0 && newline + 1 < n) {
                break;
            }
        }
        return longer.toByteArray();
    }

    private static int indexOf(byte[] bytes, int length, byte wanted) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether a head is text with at most a few damaged bytes, rather than binary data in which a
     * newline followed by '{' would be chance.
     */
    private static boolean looksLikeText(byte[] head) {
        int control = 0;
        for (byte b : head) {
            if ((b >= 0 && b < 0x09) || (b > 0x0d && b < 0x20)) {
                control++;
            }
        }
        return control <= 4;
    }

    private static boolean hasByteOrderMark(byte[] head) {
        return head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
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
    static final class Counting extends FilterInputStream {
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

    private static String known() {
        List<String> titles = Arrays.stream(Format.values()).map(Format::title).toList();
        return String.join(", ", titles.subList(0, titles.size() - 1)) + " or " + titles.get(titles.size() - 1);
    }
}
