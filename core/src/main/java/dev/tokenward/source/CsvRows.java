package dev.tokenward.source;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The rows of a CSV export, each as a JSON record keyed by the header's column names, streamed.
 * Known exports only, recognised by their header:
 * <ul>
 * <li>Microsoft Purview's audit search export ({@code RecordId, CreationDate, RecordType, Operation,
 *     UserId, AuditData, ...}; older exports {@code CreationDate, UserIds, Operations, AuditData}):
 *     the record is in {@code AuditData}, as JSON;</li>
 * <li>Log Analytics and Sentinel query results exported from the Azure portal ({@code TimeGenerated
 *     [UTC]}, ..., {@code Type}): a column's {@code [UTC]} suffix is dropped and its values, which the
 *     portal writes as it displays them ({@code 11/17/2026, 4:12:07.304 PM}), read as UTC.</li>
 * </ul>
 *
 * <p>A damaged row should cost only itself. Rows are put together line by line: a row goes on over
 * the next line while its quotes do not pair up (RFC 4180 doubles a quote inside a value, so a
 * complete row has an even number of them). While a row is open, a line that begins a row ends it:
 * the row lost a quote, it is quarantined, and the next row starts there. A line begins a row when it
 * is by itself a complete row of the header's columns, or when it opens a quoted value of its own (a
 * row spanning lines, as a value written on lines of its own makes) and its first value is shaped as
 * rows' first values are (the characters other than letters and digits: {@code -} for a record id,
 * {@code /, :.} for the portal's time; learnt from the first row, then from each row read well). Each row is then parsed by Jackson's CSV parser on its own, as strict UTF-8, and a row it
 * refuses is quarantined with its reason. A row longer than the record limit is quarantined with as
 * much as fits; after a line cut at the limit, whose quotes are not all known, the row ends there.
 *
 * <p>What this cannot tell apart: a legitimate value spanning lines, one of which is by itself a
 * complete row of the header's columns (free text with as many commas as the header has columns
 * less one), is cut there; in an export whose rows all span lines, damage to the first row's first
 * value leaves the shape unknown until a row reads well.
 */
final class CsvRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();
    private static final String UTC_SUFFIX = " [UTC]";
    private static final byte[] NEWLINE = {'\n'};
    /** After an unusually long row, the row's buffer goes back to its usual size. */
    private static final int SHRINK_ABOVE = 1 << 20;
    /** How much of a first value its shape is taken from. */
    private static final int SHAPE_CHARS = 64;
    /** The portal's display of a time: {@code 11/17/2026, 4:12:07.304 PM}. */
    private static final DateTimeFormatter PORTAL_TIME = new DateTimeFormatterBuilder().appendPattern("M/d/yyyy, h:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendPattern(" a").toFormatter(Locale.US);

    private final LineReader lines;
    private final int maxRow;
    /** Jackson's CSV parser for one row's values, with the record limit as its longest value. */
    private final ObjectReader rowValues;
    private final List<String> names = new ArrayList<>();
    private final List<Boolean> utc = new ArrayList<>();
    /** The row being put together from its lines. */
    private byte[] row = new byte[1 << 12];
    private int rowLength;
    /** A line read while looking for a row's end that turned out to begin the next row; null otherwise. */
    private byte[] ahead;
    private long aheadLine;
    /** The shape of rows' first values ({@link #shape}): the first row's, then that of the last row read well. */
    private String rowStart;
    private long line;
    private String problem;

    private CsvRows(LineReader lines, int maxRow) {
        this.lines = lines;
        this.maxRow = maxRow;
        CsvFactory factory = CsvFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxRow).build())
                .build();
        this.rowValues = CsvMapper.builder(factory).enable(CsvParser.Feature.WRAP_AS_ARRAY).build().readerForArrayOf(String.class);
    }

    /** Whether a file's first line is the header of a known CSV export. */
    static boolean isKnownHeader(String line) {
        List<String> columns = columns(line);
        return columns.contains("AuditData") && columns.contains("CreationDate")
                || columns.contains("TimeGenerated") && columns.contains("Type");
    }

    /** Reads the header; the rows follow. A row is kept up to {@code maxRowBytes}. */
    static CsvRows open(InputStream in, int maxRowBytes, int chunkSize) throws IOException {
        CsvRows reader = new CsvRows(new LineReader(in, chunkSize, maxRowBytes), maxRowBytes);
        byte[] header = reader.lines.next();
        if (header != null) {
            if (reader.lines.overlong()) {
                throw new IOException("a CSV header longer than the record limit of " + maxRowBytes + " bytes");
            }
            for (String name : reader.values(header, reader.lines.length())) {
                reader.utc.add(name.strip().endsWith(UTC_SUFFIX));
                reader.names.add(column(name));
            }
        }
        return reader;
    }

    /**
     * The next row as JSON bytes, or null at the end; an empty array for a blank line. When
     * {@link #problem()} says why the row was not one, the bytes are the row as it was read.
     */
    byte[] next() throws IOException {
        problem = null;
        if (row.length > SHRINK_ABOVE) {
            row = new byte[1 << 12];
        }
        if (!nextRow()) {
            return null;
        }
        String[] values = null;
        if (problem == null) {
            try {
                values = values(row, rowLength);
            } catch (IOException refused) {
                problem = "not a CSV row: " + InputReader.firstLine(refused.getMessage());
            }
        }
        if (values == null) {
            return Arrays.copyOf(row, rowLength);
        }
        if (values.length == 0 || values.length == 1 && values[0].isBlank()) {
            return new byte[0];
        }
        if (values.length != names.size()) {
            problem = "a row of " + values.length + " columns, where the header has " + names.size();
            return Arrays.copyOf(row, rowLength);
        }
        rowStart = shape(values[0]);
        ObjectNode record = JSON.createObjectNode();
        for (int i = 0; i < values.length; i++) {
            if (!values[i].isEmpty()) {
                record.put(names.get(i), utc.get(i) ? utc(values[i]) : values[i]);
            }
        }
        return JSON.writeValueAsBytes(record);
    }

    /** Puts the next row together from its lines, setting {@link #problem} when it lost a quote or is too long; false at the end. */
    private boolean nextRow() throws IOException {
        rowLength = 0;
        boolean open;
        boolean tooLong;
        boolean lineCut;
        if (ahead != null) {
            line = aheadLine;
            open = quotes(ahead, ahead.length) % 2 != 0;
            tooLong = !append(ahead, ahead.length);
            lineCut = false;
            ahead = null;
        } else {
            byte[] first = lines.next();
            if (first == null) {
                return false;
            }
            line = lines.lineNumber();
            open = quotes(first, lines.length()) % 2 != 0;
            lineCut = lines.overlong();
            if (rowStart == null) {
                rowStart = firstShape(first, lines.length(), open);
            }
            tooLong = !append(first, lines.length()) | lineCut;
        }
        while (open && !lineCut) {
            byte[] more = lines.next();
            if (more == null) {
                problem = "a quoted value not closed: the file ends inside it";
                break;
            }
            int length = lines.length();
            boolean opens = quotes(more, length) % 2 != 0;
            lineCut = lines.overlong();
            if (!lineCut && beginsRow(more, length, opens)) {
                ahead = Arrays.copyOf(more, length);
                aheadLine = lines.lineNumber();
                problem = "a quoted value not closed before the next row (line " + aheadLine + ")";
                break;
            }
            tooLong |= !append(NEWLINE, 1) | !append(more, length) | lineCut;
            open ^= opens;
        }
        if (tooLong) {
            String limit = "longer than the record limit of " + maxRow + " bytes";
            problem = problem == null ? "a row " + limit : problem + ", the row " + limit;
        }
        return true;
    }

    /**
     * Whether a line read while a row is open begins the next row: it is a complete row of the
     * header's columns, or it opens a quoted value of its own (a row that spans lines) and its first
     * value is shaped as rows' first values are.
     */
    private boolean beginsRow(byte[] bytes, int length, boolean opens) {
        if (!opens) {
            try {
                return values(bytes, length).length == names.size();
            } catch (IOException notARow) {
                return false;
            }
        }
        return rowStart != null && rowStart.equals(firstShape(bytes, length, true));
    }

    /** The shape of a line's first value, its open quoted value closed first; null when it is not one. */
    private String firstShape(byte[] bytes, int length, boolean opens) {
        byte[] closed = bytes;
        if (opens) {
            closed = Arrays.copyOf(bytes, length + 1);
            closed[length++] = '"';
        }
        try {
            String[] values = values(closed, length);
            return values.length == 0 ? null : shape(values[0]);
        } catch (IOException notARow) {
            return null;
        }
    }

    /**
     * A first value's shape: the characters other than letters and digits it holds, each once, in the
     * order they first appear in its first characters ({@code -} for a record id, {@code /, :.} for the
     * portal's time). Loose enough for ids of different lengths, strict enough to tell free text apart.
     */
    static String shape(String value) {
        StringBuilder shape = new StringBuilder();
        for (int i = 0; i < Math.min(value.length(), SHAPE_CHARS); i++) {
            char c = value.charAt(i);
            if (!Character.isLetterOrDigit(c) && shape.indexOf(String.valueOf(c)) < 0) {
                shape.append(c);
            }
        }
        return shape.toString();
    }

    /** Adds bytes to the row, up to the limit; false when some did not fit. */
    private boolean append(byte[] bytes, int length) {
        int room = maxRow - rowLength;
        int taken = Math.min(room, length);
        if (rowLength + taken > row.length) {
            row = Arrays.copyOf(row, Math.min(maxRow, Math.max(rowLength + taken, row.length * 2)));
        }
        System.arraycopy(bytes, 0, row, rowLength, taken);
        rowLength += taken;
        return taken == length;
    }

    private static int quotes(byte[] bytes, int length) {
        int count = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '"') {
                count++;
            }
        }
        return count;
    }

    /**
     * One row's values (none for a blank line), read as strict UTF-8; refused when the bytes are not
     * UTF-8 or hold more than one row (a lone carriage return), with the reason.
     */
    private String[] values(byte[] bytes, int length) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException invalid) {
            throw new IOException("invalid UTF-8");
        }
        try (MappingIterator<String[]> values = rowValues.readValues(text)) {
            String[] first = values.hasNextValue() ? values.nextValue() : new String[0];
            if (values.hasNextValue()) {
                throw new IOException("a line break outside quotes within the line (a lone carriage return)");
            }
            return first;
        }
    }

    String problem() {
        return problem;
    }

    /** The line the last row began on. */
    long line() {
        return line;
    }

    /** A portal time as an ISO instant; anything else as it is. */
    private static String utc(String value) {
        try {
            return LocalDateTime.parse(value.strip(), PORTAL_TIME).toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException notThePortals) {
            return value;
        }
    }

    /** A header's column name, without the portal's {@code [UTC]} suffix. */
    private static String column(String name) {
        String trimmed = name.strip();
        return trimmed.endsWith(UTC_SUFFIX) ? trimmed.substring(0, trimmed.length() - UTC_SUFFIX.length()) : trimmed;
    }

    private static List<String> columns(String line) {
        try {
            MappingIterator<String[]> first = CSV.readerForArrayOf(String.class).readValues(line.strip());
            String[] header = first.hasNextValue() ? first.nextValue() : new String[0];
            List<String> columns = new ArrayList<>();
            for (String name : header) {
                columns.add(column(name));
            }
            return columns;
        } catch (IOException | RuntimeException notCsv) {
            return List.of();
        }
    }
}
