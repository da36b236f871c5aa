package dev.tokenward.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a JSON document of records into the bytes of each record, without decoding them, so that
 * each record is parsed on its own and a bad one costs only itself: a CloudTrail or Azure
 * {@code {"Records":[...]}} delivery, an array (Okta {@code /api/v1/logs}), objects one after
 * another, and any of these concatenated.
 *
 * <p>It follows strings and brackets only. What JSON forbids inside a record — invalid UTF-8, raw
 * control characters, bad escapes, nesting deeper than the parser allows — stays inside that
 * record: the parser refuses the record, and the next one starts where the splitter says.
 *
 * <p>A record whose quotes or brackets are broken can run on into the records after it. It is cut
 * at the next record start inside it: the records of one input begin with the same field (a
 * CloudTrail record with {@code {"eventVersion"}, an Okta event with {@code {"actor"}), and a
 * brace followed by a quoted name cannot occur inside a valid string, so that pattern marks where
 * the next record begins whatever the splitter believed about the bytes before it. Objects one after
 * another also begin at the start of a line.
 */
final class RecordSplitter {
    private static final int TYPED_LEVELS = 64;
    private static final int EXCERPT = Quarantined.EXCERPT_LIMIT;
    private static final int MAX_NAME = 256;

    /**
     * Where the splitter stands: at the top, among a wrapping object's members, among the elements
     * of a records array, or among the members of a records object keyed by name (LastPass's
     * {@code "data": {"Event1": {...}, "Event2": {...}}}).
     */
    private enum Level { TOP, MEMBERS, ELEMENTS, KEYED, END }

    private final InputStream in;
    private final Framing framing;
    private final int maxRecord;
    private final byte[] chunk;
    /** The bytes being read: the chunk, or bytes given back after a cut record. */
    private byte[] buf;
    private int pos;
    private int limit;
    /** Offset in the stream of {@code buf[0]}. */
    private long base;
    private long line = 1;
    private boolean eof;
    private Level level = Level.TOP;
    /** Inside a records object keyed by name rather than a records array. */
    private boolean keyed;
    /**
     * The form of a keyed records object's names, learnt from the first name that ends in digits:
     * the name without them ({@code Event} of {@code Event1}), compared as written (case and all);
     * null until then. Such a name, a colon and a brace mark where a keyed record begins, as a
     * record's first field does in an array.
     */
    private byte[] keyForm;
    /** A records object keyed by name has closed: objects after it, for the rest of the input, are read as records (see {@link #member()}). */
    private boolean afterKeyed;
    /** How many wrapping objects deep the records array lies (Duo's {@code {"response": {"authlogs": [...]}}}). */
    private int nested;
    private static final int MAX_NESTED = 2;
    private boolean endedInside;
    /** The piece ended at a bracket that does not close what it should: the record's structure is broken. */
    private boolean brokenBracket;
    /**
     * The piece closed only at the end of the input, or where no record can end (a wrapping
     * object's member or closing brace follows a record of an array): it may have taken the
     * wrapper's closing brackets, and the records after it with them.
     */
    private boolean swallowedTheRest;
    /**
     * The white space after the last record scanned, passed over to see what follows it, and its
     * line breaks: a cut gives it back with the rest (as that many breaks and spaces), so that
     * offsets and lines after the cut stay right.
     */
    private long trailingSpace;
    private long trailingLines;
    /** More white space than this after a cut record is not given back (its offsets after it then run ahead by it). */
    private static final int MAX_SPACE_GIVEN_BACK = 1 << 20;

    private byte[] piece = new byte[1 << 12];
    private int length;
    private long pieceOffset;
    private long pieceLine;
    private boolean complete;
    private boolean oversized;
    private String problem;
    /** Scanning state where an oversized record was cut, to find its real end. */
    private int depth;
    private long types;
    private boolean inString;
    private boolean escaped;
    /** The first field name of this input's records, as the bytes between its quotes, once a record has parsed. */
    private byte[] signature;
    /** Until then, the first field name of the first record, broken or not: records of one input begin alike. */
    private byte[] provisional;
    private boolean scannedFirst;

    RecordSplitter(InputStream in, Framing framing, int maxRecord, int chunkSize) {
        this.in = in;
        this.framing = framing;
        this.maxRecord = maxRecord;
        this.chunk = new byte[chunkSize];
        this.buf = chunk;
    }

    /** The current piece's bytes are {@code [0, length())} of this array. */
    byte[] bytes() {
        return piece;
    }

    int length() {
        return length;
    }

    long offset() {
        return pieceOffset;
    }

    long line() {
        return pieceLine;
    }

    /** Why the current piece is not a record to parse (a string in the records array, data after them), or null. */
    String problem() {
        return problem;
    }

    /** Whether the piece is a record cut at {@code maxRecord} bytes: {@link #skipOversized()} finds its end. */
    boolean oversized() {
        return oversized;
    }

    /** Whether the piece ended at its own closing bracket. */
    boolean complete() {
        return complete;
    }

    /** Whether the input ended inside the piece. */
    boolean endedInside() {
        return endedInside;
    }

    /** Advances to the next piece: a record, or something that is not one (see {@link #problem()}); false at the end. */
    boolean next() throws IOException {
        problem = null;
        length = 0;
        complete = false;
        oversized = false;
        if (endedInside) {
            level = Level.END;
        }
        while (true) {
            int b = peekSignificant();
            switch (level) {
                case END -> {
                    return false;
                }
                case TOP -> {
                    if (b < 0) {
                        return false;
                    }
                    Level opens = framing == Framing.WRAPPED && b == '{' ? Level.MEMBERS
                            : framing == Framing.ARRAY && b == '[' ? Level.ELEMENTS : null;
                    if (opens != null) {
                        pos++;
                        level = opens;
                    } else if (framing == Framing.CONCATENATED && b == '{') {
                        scanRecord();
                        return true;
                    } else {
                        return junk(framing == Framing.CONCATENATED ? "unexpected data between records"
                                : "unexpected data after the end of the records");
                    }
                }
                case MEMBERS -> {
                    if (b == '}' && nested > 0) {
                        pos++;
                        nested--;
                    } else if (b == '}') {
                        pos++;
                        level = Level.TOP;
                    } else if (b == ',') {
                        pos++;
                    } else if (b == '"') {
                        if (member()) {
                            return true;
                        }
                    } else if (b == '{') {
                        level = Level.ELEMENTS;
                    } else if (b < 0) {
                        return endsInside("the file ends before the wrapping object is closed");
                    } else {
                        return junk("unexpected data in the wrapping object");
                    }
                }
                case ELEMENTS -> {
                    if (b == ']') {
                        pos++;
                        level = framing == Framing.WRAPPED ? Level.MEMBERS : Level.TOP;
                    } else if (b == ',') {
                        pos++;
                    } else if (b == '{') {
                        scanRecord();
                        return true;
                    } else if (b < 0) {
                        return endsInside("truncated: the file ends inside the records array");
                    } else {
                        return junk("a record must be a JSON object, found " + describe(b));
                    }
                }
                case KEYED -> {
                    if (b == '}') {
                        pos++;
                        keyed = false;
                        afterKeyed = true;
                        level = Level.MEMBERS;
                    } else if (b == ',') {
                        pos++;
                    } else if (b == '"') {
                        if (keyedMember()) {
                            return true;
                        }
                    } else if (b == '{') {
                        scanRecord();
                        return true;
                    } else if (b < 0) {
                        return endsInside("truncated: the file ends inside the records object");
                    } else {
                        return junk("unexpected data in the records object: " + describe(b));
                    }
                }
                default -> throw new IllegalStateException(level.name());
            }
        }
    }

    /** A member of a keyed records object: its name, then the record. True when it made a piece. */
    private boolean keyedMember() throws IOException {
        String key = readName();
        if (keyForm == null) {
            keyForm = keyForm(key);
        }
        int colon = peekSignificant();
        if (colon != ':') {
            return colon < 0 ? endsInside("truncated: the file ends inside the records object")
                    : junkFromName("unexpected data in the records object: " + describe(colon));
        }
        pos++;
        int value = peekSignificant();
        if (value == '{') {
            scanRecord();
            return true;
        }
        return value < 0 ? endsInside("truncated: the file ends inside the records object")
                : junk("a record must be a JSON object, found " + describe(value));
    }

    /**
     * After the current record failed to parse: when a record start lies inside it, the piece is
     * shortened to the bytes before it and splitting resumes there. Whether it did.
     */
    boolean recover() {
        return cutAt(nextStart(startName()));
    }

    /** Shortens the piece to the bytes before {@code at} and gives the rest back to be split again; false when {@code at} is -1. */
    private boolean cutAt(int at) {
        if (at < 0) {
            return false;
        }
        if (trailingSpace > 0 && trailingSpace <= MAX_SPACE_GIVEN_BACK) {
            byte[] again = new byte[length - at + (int) trailingSpace];
            System.arraycopy(piece, at, again, 0, length - at);
            Arrays.fill(again, length - at, again.length, (byte) ' ');
            Arrays.fill(again, length - at, length - at + (int) trailingLines, (byte) '\n');
            giveBack(again, 0, again.length);
        } else {
            giveBack(piece, at, length);
        }
        trailingSpace = 0;
        trailingLines = 0;
        line = pieceLine;
        for (int i = 0; i < at; i++) {
            if (piece[i] == '\n') {
                line++;
            }
        }
        length = at;
        complete = false;
        oversized = false;
        endedInside = false;
        return true;
    }

    /**
     * Where in the piece, after its first byte, the next record begins: a line's first brace for
     * objects one after another; a brace opening the field records begin with; failing that, a
     * brace where the piece's own fields stand (one level deep) after ',' or '}', which no valid
     * record has; and when no record start is known at all, the first object opening after ',' or
     * '}' wherever the quotes left it. Among records keyed by name, only a name of the keys' form
     * opening an object: there a record follows a name as a nested object does, so the other cues
     * would cut records at their own nested objects. -1 when none is there.
     */
    private int nextStart(byte[] name) {
        if (keyed && keyForm != null) {
            return keyedRecordAt();
        }
        if (framing == Framing.CONCATENATED) {
            for (int at = 1; at < length; at++) {
                if (piece[at] == '{' && piece[at - 1] == '\n') {
                    return at;
                }
            }
        }
        if (name != null) {
            for (int at = 1; at < length; at++) {
                if (piece[at] == '{' && startsRecord(piece, at, length, name)) {
                    return at;
                }
            }
        }
        int depth = 0;
        boolean str = false;
        int before = -1;
        int object = -1;
        for (int at = 0; at < length; at++) {
            byte c = piece[at];
            if (name == null && object < 0 && c == '{' && at > 0 && afterRecord(piece, at) && opensObject(piece, at, length)) {
                object = at;
            }
            if (str) {
                if (c == '\\') {
                    at++;
                } else if (c == '"') {
                    str = false;
                }
                continue;
            }
            if (c == '{' && at > 0 && depth == 1 && (before == ',' || before == '}')) {
                return at;
            }
            if (c == '"') {
                str = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                before = c;
            }
        }
        return object;
    }

    /**
     * Before the piece is parsed: when it took records after it, shortens it to the bytes before
     * them, as {@link #recover()} does, so that what follows is read as the records it is; whether
     * it did. It took them when it closed only at the end of the input or where no record ends (an
     * opening bracket too many in it is closed by the wrapper's own) and a record start lies inside
     * it (in an array, one opened after ',' or '['); or, among records keyed by name, when a name of
     * the keys' form holds an object inside it (a record that lost its closing brace takes the next
     * record as a field, and the two still parse).
     */
    boolean tookTheRecordsAfterIt() {
        if (keyedRecordAt() > 0) {
            return recover();
        }
        if (!swallowedTheRest) {
            return false;
        }
        return level == Level.ELEMENTS ? cutAt(elementStart(startName())) : recover();
    }

    /**
     * Where in the piece a record of the array it took begins: the field records begin with,
     * opened just after ',' or '['. A nested object beginning with the same field (1Password's
     * {@code "user": {"uuid": ...}}) follows a name's colon instead. -1 when none is there.
     */
    private int elementStart(byte[] name) {
        if (name == null) {
            return -1;
        }
        for (int at = 1; at < length; at++) {
            if (piece[at] == '{' && startsRecord(piece, at, length, name)) {
                int before = byteBefore(piece, at);
                if (before == ',' || before == '[') {
                    return at;
                }
            }
        }
        return -1;
    }

    /** Among records keyed by name, where in the piece after its first byte a name of the keys' form begins a record; else -1. */
    private int keyedRecordAt() {
        if (keyed && keyForm != null) {
            for (int at = 1; at < length; at++) {
                if (piece[at] == '"' && keyAt(piece, at, length, keyForm)) {
                    return at;
                }
            }
        }
        return -1;
    }

    /**
     * After a record that failed to parse and held no record start ({@link #recover()} found none):
     * when its brackets were broken, the bytes after it are no structure to follow either (a quote
     * inserted into a string turns the next record inside out), so reading resumes at the next
     * record start in the input. The bytes passed over; 0 when the record's brackets were sound or
     * no record start is known.
     */
    long resync() throws IOException {
        byte[] name = startName();
        if (!brokenBracket || name == null) {
            return 0;
        }
        brokenBracket = false;
        long start = base + pos;
        byte[] matched = new byte[MAX_NAME + 16];
        int matching = 0;
        while (true) {
            if (!fill()) {
                level = Level.END;
                return base + pos - start;
            }
            byte b = buf[pos++];
            if (b == '\n') {
                line++;
            }
            if (b == '{') {
                matched[0] = b;
                matching = 1;
            } else if (matching > 0) {
                matching = advanceMatch(matched, matching, b, name);
                if (matching < 0) {
                    restartAt(matched, -matching);
                    return base + pos - start;
                }
            }
        }
    }

    /**
     * Puts back a record start that was read past (the first {@code length} bytes of {@code matched}),
     * uncounting its line breaks, so that scanning starts again at it.
     */
    private void restartAt(byte[] matched, int length) {
        for (int i = 0; i < length; i++) {
            if (matched[i] == '\n') {
                line--;
            }
        }
        giveBack(matched, 0, length);
        resetScan();
    }

    /**
     * For an oversized record: reads on, without keeping its bytes, to its end (or to the next
     * record start, should its brackets be broken). The bytes passed over, including those kept.
     */
    long skipOversized() throws IOException {
        byte[] name = startName();
        long start = pieceOffset;
        byte[] matched = new byte[MAX_NAME + 16];
        int matching = 0;
        while (true) {
            if (!fill()) {
                endedInside = true;
                return base + pos - start;
            }
            byte b = buf[pos++];
            if (name != null) {
                if (b == '{') {
                    matched[0] = b;
                    matching = 1;
                } else if (matching > 0) {
                    matching = advanceMatch(matched, matching, b, name);
                    if (matching < 0) {
                        restartAt(matched, -matching);
                        return base - start;
                    }
                }
            }
            if (step(b)) {
                resetScan();
                return base + pos - start;
            }
        }
    }

    /** Called when the current piece parsed as a record: its first field name becomes the record start to look for. */
    void parsed() {
        if (signature == null) {
            signature = firstName(piece, length);
        }
    }

    /** The field records begin with: known from a parsed record, else from the first record, else guessed from the piece. */
    private byte[] startName() {
        return signature != null ? signature : provisional != null ? provisional : likelyStart(piece, length);
    }

    /**
     * One byte of the matcher for {@code {ws* "name"}}: the bytes matched so far are in
     * {@code matched[0, matching)}. Returns the new count, 0 when the match failed, or minus the
     * length of a whole match.
     */
    private static int advanceMatch(byte[] matched, int matching, byte b, byte[] name) {
        int quote = -1;
        for (int i = 1; i < matching; i++) {
            if (matched[i] == '"') {
                quote = i;
                break;
            }
        }
        if (quote < 0) {
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                if (matching >= matched.length - name.length - 2) {
                    return 0;
                }
                matched[matching] = b;
                return matching + 1;
            }
            if (b == '"') {
                matched[matching] = b;
                return matching + 1;
            }
            return 0;
        }
        int index = matching - quote - 1;
        if (index < name.length) {
            if (b != name[index]) {
                return 0;
            }
            matched[matching] = b;
            return matching + 1;
        }
        if (b != '"') {
            return 0;
        }
        matched[matching] = b;
        return -(matching + 1);
    }

    /**
     * Scans the record at {@code buf[pos]} (its '{') to its closing brace, keeping its bytes; cut
     * at {@code maxRecord}, at a closing bracket of the wrong kind, or at the end of the input.
     */
    private void scanRecord() throws IOException {
        scanPiece();
        trailingSpace = 0;
        trailingLines = 0;
        if (complete && framing != Framing.CONCATENATED) {
            long end = base + pos;
            long endLine = line;
            boolean atTheEnd = peekSignificant() < 0;
            trailingSpace = base + pos - end;
            trailingLines = line - endLine;
            swallowedTheRest = atTheEnd || level == Level.ELEMENTS && memberFollows();
        } else {
            swallowedTheRest = false;
        }
        if (!scannedFirst) {
            scannedFirst = true;
            provisional = opensObject(piece, 0, length) ? firstName(piece, length) : null;
        }
    }

    private void scanPiece() throws IOException {
        startPiece();
        resetScan();
        int d = 0;
        long t = 0;
        boolean str = false;
        boolean esc = false;
        while (true) {
            if (pos == limit) {
                if (!fill()) {
                    endedInside = true;
                    save(d, t, str, esc);
                    return;
                }
            }
            int from = pos;
            int end = Math.min(limit, pos + (maxRecord - length));
            if (end == pos) {
                oversized = true;
                save(d, t, str, esc);
                return;
            }
            byte[] b = buf;
            int i = from;
            boolean closed = false;
            boolean wrongBracket = false;
            long newlines = 0;
            while (i < end) {
                byte c = b[i++];
                if (str) {
                    if (esc) {
                        esc = false;
                    } else if (c == '"') {
                        str = false;
                    } else if (c == '\\') {
                        esc = true;
                    } else if (c == '\n') {
                        newlines++;
                    }
                    continue;
                }
                if (c == '"') {
                    str = true;
                } else if (c == '{' || c == '[') {
                    if (d < TYPED_LEVELS) {
                        t = c == '[' ? t | (1L << d) : t & ~(1L << d);
                    }
                    d++;
                } else if (c == '}' || c == ']') {
                    d--;
                    if (d < TYPED_LEVELS && ((t >>> d) & 1L) != (c == ']' ? 1L : 0L)) {
                        i--;
                        wrongBracket = true;
                        break;
                    }
                    if (d == 0) {
                        closed = true;
                        break;
                    }
                } else if (c == '\n') {
                    newlines++;
                }
            }
            keep(b, from, i);
            pos = i;
            line += newlines;
            if (closed) {
                complete = true;
                return;
            }
            if (wrongBracket) {
                brokenBracket = true;
                return;
            }
        }
    }

    /** Takes one byte of a record being skipped; true when it closed the record. */
    private boolean step(byte c) {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '"') {
                inString = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '\n') {
                line++;
            }
            return false;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            depth--;
            return depth <= 0;
        } else if (c == '\n') {
            line++;
        }
        return false;
    }

    private void save(int d, long t, boolean str, boolean esc) {
        depth = d;
        types = t;
        inString = str;
        escaped = esc;
    }

    private void resetScan() {
        save(0, 0, false, false);
    }

    /**
     * A member of a wrapping object: its name, then the records array or a value passed over. True
     * when it made a piece. A value that begins as this input's records do is read as one, not
     * passed over, and so is any object after a records object keyed by name, for the rest of the
     * input (those pages' paging fields are plain values): a broken record's closing brace can close
     * the records object early, and the records after it then stand where members do.
     */
    private boolean member() throws IOException {
        String name = readName();
        int colon = peekSignificant();
        if (colon != ':') {
            return colon < 0 ? endsInside("the file ends inside the wrapping object") : junkFromName("unexpected data in the wrapping object");
        }
        pos++;
        int value = peekSignificant();
        if (Framing.NESTING.contains(name.toLowerCase(java.util.Locale.ROOT)) && value == '{' && nested < MAX_NESTED) {
            pos++;
            nested++;
            return false;
        }
        if (Framing.WRAPPERS.contains(name.toLowerCase(java.util.Locale.ROOT)) && (value == '[' || value == '{')) {
            pos++;
            keyed = value == '{';
            level = keyed ? Level.KEYED : Level.ELEMENTS;
            return false;
        }
        if (value < 0) {
            return endsInside("the file ends inside the wrapping object");
        }
        if (value == '{' && (afterKeyed || signature != null && startsHere(signature))) {
            scanRecord();
            return true;
        }
        if (name.equalsIgnoreCase("records")) {
            String found = describe(value);
            startPiece();
            scanValue(true);
            problem = "the records field does not hold an array but " + found;
            return true;
        }
        scanValue(false);
        return false;
    }

    /**
     * A field name at {@code buf[pos]} (its opening quote), read through its closing quote; its
     * first {@link #MAX_NAME} bytes are returned, and its bytes start a piece, which
     * {@link #junkFromName} continues should the name turn out to be no member's. A name stops
     * short at a record start: no valid string holds one, so the quote that opened the name was a
     * broken record's, and the record after it must not be read as part of a name.
     */
    private String readName() throws IOException {
        startPiece();
        piece[length++] = buf[pos++];
        byte[] name = new byte[MAX_NAME];
        int n = 0;
        boolean esc = false;
        byte[] start = signature != null ? signature : provisional;
        while (fill()) {
            if (!esc && start != null && buf[pos] == '{' && startsHere(start)) {
                break;
            }
            byte c = buf[pos++];
            if (length < EXCERPT) {
                piece[length++] = c;
            }
            if (esc) {
                esc = false;
            } else if (c == '\\') {
                esc = true;
            } else if (c == '"') {
                break;
            }
            if (c == '\n') {
                line++;
            }
            if (n < name.length) {
                name[n++] = c;
            }
        }
        return new String(name, 0, n, StandardCharsets.UTF_8);
    }

    /** Passes over one value of any kind (keeping the start of it when {@code store}), to just after it. */
    private void scanValue(boolean store) throws IOException {
        int first = peek();
        if (first == '{' || first == '[' || first == '"') {
            resetScan();
            while (fill()) {
                byte c = buf[pos++];
                if (store && length < EXCERPT) {
                    piece[length++] = c;
                }
                boolean wasString = inString;
                if (step(c) || first == '"' && wasString && !inString) {
                    resetScan();
                    return;
                }
            }
            endedInside = true;
            return;
        }
        boolean taken = false;
        while (fill()) {
            byte c = buf[pos];
            if (taken && (c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
                return;
            }
            taken = true;
            pos++;
            if (store && length < EXCERPT) {
                piece[length++] = c;
            }
        }
    }

    /**
     * Passes over what is not a record (a value in the records array, data after the wrapping
     * object, the remains of a record whose brackets broke) up to where a record can begin: a brace
     * after ',', '[' or '}' no deeper than where the junk began (nested objects follow a ':' or sit
     * deeper), or, wherever it stands, a brace opening the field this input's records begin with
     * (before that field is known, any object after ',' or '}'), or a line's first brace for objects
     * one after another; among records keyed by name also a name of the keys' form opening an object
     * (and a brace after ':', as a keyed record follows its name). It is one piece, so the remains of a broken
     * record cost one quarantine entry, not one per value; splitting goes on among the records.
     */
    private boolean junk(String reason) throws IOException {
        startPiece();
        return junkFromName(reason);
    }

    /** {@link #junk}, with the piece begun by {@link #readName} (or by {@link #startPiece}) and its bytes counted as passed over. */
    private boolean junkFromName(String reason) throws IOException {
        long skipped = base + pos - pieceOffset;
        boolean str = false;
        boolean esc = false;
        int before = -1;
        int previous = -1;
        int depth = 0;
        while (fill()) {
            byte c = buf[pos];
            byte[] name = signature != null ? signature : provisional;
            if (skipped > 0 && keyed && keyForm != null && c == '"' && keyHere()) {
                break;
            }
            if (skipped > 0 && c == '{' && (!str && depth <= 0 && (before == ',' || before == '[' || before == '}' || keyed && before == ':')
                    || (name != null ? startsHere(name) : (before == ',' || before == '}') && objectHere())
                    || framing == Framing.CONCATENATED && previous == '\n')) {
                break;
            }
            previous = c;
            pos++;
            skipped++;
            if (length < EXCERPT) {
                piece[length++] = c;
            }
            if (str) {
                if (esc) {
                    esc = false;
                } else if (c == '\\') {
                    esc = true;
                } else if (c == '"') {
                    str = false;
                }
            } else if (c == '"') {
                str = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
            if (c == '\n') {
                line++;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                before = c;
            }
        }
        while (length > 1 && (piece[length - 1] == ',' || piece[length - 1] == ' ' || piece[length - 1] == '\n'
                || piece[length - 1] == '\r' || piece[length - 1] == '\t')) {
            length--;
        }
        problem = skipped > EXCERPT ? reason + " (" + skipped + " bytes)" : reason;
        level = eof && pos >= limit ? Level.END : framing == Framing.CONCATENATED ? Level.TOP : keyed ? Level.KEYED : Level.ELEMENTS;
        return true;
    }

    /**
     * Whether the brace at {@code buf[pos]} opens an object: a quoted name and a colon follow it. No
     * valid string holds that (its quotes would be escaped), so it says an object begins here
     * whatever was believed about the quotes before it.
     */
    private boolean objectHere() throws IOException {
        ensure(MAX_NAME + 24);
        return opensObject(buf, pos, limit);
    }

    /** Whether the last byte before {@code at} other than white space is ',' or '}', whatever the quotes. */
    private static boolean afterRecord(byte[] bytes, int at) {
        int before = byteBefore(bytes, at);
        return before == ',' || before == '}';
    }

    /** The last byte before {@code at} other than white space (0-255), or -1 when there is none. */
    private static int byteBefore(byte[] bytes, int at) {
        int i = at - 1;
        while (i >= 0 && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) {
            i--;
        }
        return i < 0 ? -1 : bytes[i] & 0xFF;
    }

    private static boolean opensObject(byte[] bytes, int at, int end) {
        byte[] name = firstName(Arrays.copyOfRange(bytes, at, Math.min(end, at + MAX_NAME + 24)), Math.min(end - at, MAX_NAME + 24));
        if (name == null) {
            return false;
        }
        int i = at + 1;
        while (i < end && bytes[i] != '"') {
            i++;
        }
        i = afterSpace(bytes, i + name.length + 2, end);
        return i < end && bytes[i] == ':';
    }

    /** The name without its trailing digits, when it has some and something before them; else null. */
    private static byte[] keyForm(String key) {
        int end = key.length();
        while (end > 0 && Character.isDigit(key.charAt(end - 1))) {
            end--;
        }
        return end == key.length() || end == 0 ? null : key.substring(0, end).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether what follows a record of an array is a wrapping object's: a closing brace, or a comma
     * and a quoted name. After a record of an array come only a comma and a record, or the array's end.
     */
    private boolean memberFollows() throws IOException {
        ensure(64);
        int i = pos;
        if (i < limit && buf[i] == '}') {
            return true;
        }
        if (i >= limit || buf[i] != ',') {
            return false;
        }
        i = afterSpace(buf, i + 1, limit);
        return i < limit && buf[i] == '"';
    }

    /** Whether the quote at {@code buf[pos]} begins a keyed record: a name of the key form, a colon and a brace. */
    private boolean keyHere() throws IOException {
        ensure(keyForm.length + 48);
        return keyAt(buf, pos, limit, keyForm);
    }

    /** Whether {@code bytes[at]} begins a keyed record: a quoted name of the form and digits, a colon and an opening brace. */
    private static boolean keyAt(byte[] bytes, int at, int end, byte[] form) {
        int i = at + 1;
        if (i + form.length > end || !Arrays.equals(bytes, i, i + form.length, form, 0, form.length)) {
            return false;
        }
        i += form.length;
        int digits = i;
        while (i < end && i - digits < 19 && bytes[i] >= '0' && bytes[i] <= '9') {
            i++;
        }
        if (i == digits || i >= end || bytes[i] != '"') {
            return false;
        }
        i = afterSpace(bytes, i + 1, end);
        if (i >= end || bytes[i] != ':') {
            return false;
        }
        i = afterSpace(bytes, i + 1, end);
        return i < end && bytes[i] == '{';
    }

    /** The first index from {@code i} (before {@code end}) that is not JSON white space. */
    private static int afterSpace(byte[] bytes, int i, int end) {
        while (i < end && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) {
            i++;
        }
        return i;
    }

    /** Whether the brace at {@code buf[pos]} opens the field {@code name}, as this input's records begin. */
    private boolean startsHere(byte[] name) throws IOException {
        ensure(name.length + 24);
        return startsRecord(buf, pos, limit, name);
    }

    /** Makes at least {@code n} bytes from {@code pos} available in {@code buf}, unless the input ends first. */
    private void ensure(int n) throws IOException {
        if (limit - pos >= n || eof) {
            return;
        }
        byte[] more = new byte[Math.max(n, chunk.length)];
        int have = limit - pos;
        System.arraycopy(buf, pos, more, 0, have);
        base += pos;
        buf = more;
        pos = 0;
        limit = have;
        while (limit < n) {
            int read = in.read(buf, limit, buf.length - limit);
            if (read < 0) {
                eof = true;
                break;
            }
            limit += read;
        }
    }

    private boolean endsInside(String why) {
        startPiece();
        problem = why;
        level = Level.END;
        return true;
    }

    private void startPiece() {
        brokenBracket = false;
        if (piece.length > (1 << 20)) {
            piece = new byte[1 << 12];
        }
        length = 0;
        pieceOffset = base + pos;
        pieceLine = line;
    }

    private void keep(byte[] from, int start, int end) {
        int count = end - start;
        if (count <= 0) {
            return;
        }
        if (length + count > piece.length) {
            piece = Arrays.copyOf(piece, (int) Math.min(maxRecord, Math.max(length + count, piece.length * 2L)));
        }
        System.arraycopy(from, start, piece, length, count);
        length += count;
    }

    /** Reads {@code bytes[from, to)} again before what is left of the input. */
    private void giveBack(byte[] bytes, int from, int to) {
        int rest = limit - pos;
        byte[] again = new byte[to - from + rest];
        System.arraycopy(bytes, from, again, 0, to - from);
        System.arraycopy(buf, pos, again, to - from, rest);
        base = base + pos - (to - from);
        buf = again;
        pos = 0;
        limit = again.length;
    }

    private int peek() throws IOException {
        return fill() ? buf[pos] & 0xFF : -1;
    }

    /** The next byte that is not white space (counting lines), not taken; -1 at the end. */
    private int peekSignificant() throws IOException {
        while (fill()) {
            byte c = buf[pos];
            if (c == '\n') {
                line++;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                return c & 0xFF;
            }
            pos++;
        }
        return -1;
    }

    private boolean fill() throws IOException {
        if (pos < limit) {
            return true;
        }
        if (eof) {
            return false;
        }
        base += limit;
        buf = chunk;
        pos = 0;
        limit = 0;
        int n;
        do {
            n = in.read(chunk, 0, chunk.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit = n;
        return true;
    }

    /** Whether {@code bytes[at]} begins {@code {ws* "name"}}. */
    private static boolean startsRecord(byte[] bytes, int at, int end, byte[] name) {
        int i = afterSpace(bytes, at + 1, end);
        if (i + name.length + 2 > end || bytes[i] != '"' || bytes[i + name.length + 1] != '"') {
            return false;
        }
        return Arrays.equals(bytes, i + 1, i + 1 + name.length, name, 0, name.length);
    }

    /**
     * Before any record of the input has parsed: the field that most often opens an object standing
     * where a record would (after '[', ',' or '}', not after ':'), or failing that the first field of
     * the piece itself. Records follow records; nested objects follow field names.
     */
    private static byte[] likelyStart(byte[] bytes, int length) {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        String best = null;
        for (int at = 1; at < length; at++) {
            if (bytes[at] != '{') {
                continue;
            }
            int before = byteBefore(bytes, at);
            if (before != ',' && before != '[' && before != '}') {
                continue;
            }
            byte[] name = firstName(Arrays.copyOfRange(bytes, at, Math.min(length, at + MAX_NAME + 16)), Math.min(length - at, MAX_NAME + 16));
            if (name != null) {
                String key = new String(name, StandardCharsets.ISO_8859_1);
                int count = counts.merge(key, 1, Integer::sum);
                if (best == null || count > counts.get(best)) {
                    best = key;
                }
            }
        }
        return best != null ? best.getBytes(StandardCharsets.ISO_8859_1) : firstName(bytes, length);
    }

    /** The first field name of the object in {@code bytes}, or null when it does not begin with one. */
    private static byte[] firstName(byte[] bytes, int length) {
        int i = 0;
        while (i < length && bytes[i] != '{') {
            i++;
        }
        i = afterSpace(bytes, i + 1, length);
        if (i >= length || bytes[i] != '"') {
            return null;
        }
        int start = ++i;
        while (i < length && nameByte(bytes[i]) && i - start <= MAX_NAME) {
            i++;
        }
        if (i >= length || bytes[i] != '"' || i == start) {
            return null;
        }
        return Arrays.copyOfRange(bytes, start, i);
    }

    /** A byte a field name that opens records can hold: the names logs use are words, ids and paths. */
    private static boolean nameByte(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '-' || b == '.' || b == '@'
                || b == '$' || b == ':';
    }

    private static String describe(int b) {
        return switch (b) {
            case '[' -> "an array";
            case '"' -> "a string";
            case 't', 'f' -> "a boolean";
            case 'n' -> "null";
            default -> b == '-' || (b >= '0' && b <= '9') ? "a number"
                    : b > 0x20 && b < 0x7f ? "'" + (char) b + "'" : "the byte 0x" + Integer.toHexString(b);
        };
    }
}
