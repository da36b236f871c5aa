package dev.tokenward.source;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import java.io.IOException;
import java.io.InputStream;
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
 * <p>A damaged row costs only itself. Rows are found line by line: a row whose quotes do not pair
 * up holds a quoted value that goes on over the next line (RFC 4180 doubles a quote inside a value,
 * so a complete row has an even number of them), unless that next line is a complete row of the
 * header's columns by itself: then the row lost a quote and ends where it is, and the next row starts
 * there. Each row is then parsed by Jackson's CSV parser on its own, so a row it refuses is
 * quarantined with the parser's reason and the reading goes on. A row longer than the record limit
 * is quarantined, never held whole.
 */
final class CsvRows {
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UTC_SUFFIX = " [UTC]";
    private static final byte[] NEWLINE = {'\n'};
    /** The portal's display of a time: {@code 11/17/2026, 4:12:07.304 PM}. */
    private static final DateTimeFormatter PORTAL_TIME = new DateTimeFormatterBuilder().appendPattern("M/d/yyyy, h:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendPattern(" a").toFormatter(Locale.US);

    private final LineReader lines;
    private final int maxRow;
    private final List<String> names = new ArrayList<>();
    private final List<Boolean> utc = new ArrayList<>();
    /** The row being put together from its lines. */
    private byte[] row = new byte[1 << 12];
    private int rowLength;
    /** A line read while looking for a row's end that turned out to begin the next row; null otherwise. */
    private byte[] ahead;
    private long aheadLine;
    private long line;
    private String problem;

    private CsvRows(LineReader lines, int maxRow) {
        this.lines = lines;
        this.maxRow = maxRow;
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
            for (String name : parse(header, reader.lines.length())) {
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
        if (!nextRow()) {
            return null;
        }
        String[] values;
        try {
            values = problem == null ? parse(row, rowLength) : null;
        } catch (IOException | RuntimeException refused) {
            problem = "not a CSV row: " + firstLine(refused.getMessage());
            values = null;
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
        ObjectNode record = JSON.createObjectNode();
        for (int i = 0; i < values.length; i++) {
            if (!values[i].isEmpty()) {
                record.put(names.get(i), utc.get(i) ? utc(values[i]) : values[i]);
            }
        }
        return JSON.writeValueAsBytes(record);
    }

    /** Puts the next row together from its lines; false at the end of the input. */
    private boolean nextRow() throws IOException {
        rowLength = 0;
        boolean overlong;
        if (ahead != null) {
            line = aheadLine;
            overlong = !append(ahead, ahead.length);
            ahead = null;
        } else {
            byte[] first = lines.next();
            if (first == null) {
                return false;
            }
            line = lines.lineNumber();
            overlong = !append(first, lines.length()) | lines.overlong();
        }
        while (quotes(row, 0, rowLength) % 2 != 0) {
            byte[] more = lines.next();
            if (more == null) {
                problem = "a quoted value not closed: the file ends inside it";
                return true;
            }
            int length = lines.length();
            if (!lines.overlong() && quotes(more, 0, length) % 2 == 0 && isRow(more, length)) {
                ahead = Arrays.copyOf(more, length);
                aheadLine = lines.lineNumber();
                problem = "a quoted value not closed before the next row (line " + aheadLine + ")";
                return true;
            }
            overlong |= !append(NEWLINE, 1) | !append(more, length) | lines.overlong();
        }
        if (overlong) {
            problem = "a row longer than the record limit of " + maxRow + " bytes";
        }
        return true;
    }

    /** Whether a line is by itself a complete row of the header's columns. */
    private boolean isRow(byte[] bytes, int length) {
        try {
            return parse(bytes, length).length == names.size();
        } catch (IOException | RuntimeException notARow) {
            return false;
        }
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

    private static int quotes(byte[] bytes, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (bytes[i] == '"') {
                count++;
            }
        }
        return count;
    }

    /** One row's values (none for a blank line); refused when the bytes hold more than one row (a lone carriage return). */
    private static String[] parse(byte[] bytes, int length) throws IOException {
        try (MappingIterator<String[]> values = CSV.readerForArrayOf(String.class).readValues(bytes, 0, length)) {
            String[] first = values.hasNextValue() ? values.nextValue() : new String[0];
            if (values.hasNextValue()) {
                throw new IOException("a line break outside quotes within the line (a lone carriage return)");
            }
            return first;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
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
