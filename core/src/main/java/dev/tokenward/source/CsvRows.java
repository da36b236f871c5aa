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
import java.util.List;
import java.util.Locale;

/**
 * The rows of a CSV export, each as a JSON record keyed by the header's column names, streamed
 * (a quoted value may span lines). Known exports only, recognised by their header:
 * <ul>
 * <li>Microsoft Purview's audit search export ({@code RecordId, CreationDate, RecordType, Operation,
 *     UserId, AuditData, ...}; older exports {@code CreationDate, UserIds, Operations, AuditData}):
 *     the record is in {@code AuditData}, as JSON;</li>
 * <li>Log Analytics and Sentinel query results exported from the Azure portal ({@code TimeGenerated
 *     [UTC]}, ..., {@code Type}): a column's {@code [UTC]} suffix is dropped and its values, which the
 *     portal writes as it displays them ({@code 11/17/2026, 4:12:07.304 PM}), read as UTC.</li>
 * </ul>
 */
final class CsvRows {
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UTC_SUFFIX = " [UTC]";
    /** The portal's display of a time: {@code 11/17/2026, 4:12:07.304 PM}. */
    private static final DateTimeFormatter PORTAL_TIME = new DateTimeFormatterBuilder().appendPattern("M/d/yyyy, h:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendPattern(" a").toFormatter(Locale.US);

    private final MappingIterator<String[]> rows;
    private final List<String> names = new ArrayList<>();
    private final List<Boolean> utc = new ArrayList<>();
    private long line;
    private String problem;

    private CsvRows(MappingIterator<String[]> rows) {
        this.rows = rows;
    }

    /** Whether a file's first line is the header of a known CSV export. */
    static boolean isKnownHeader(String line) {
        List<String> columns = columns(line);
        return columns.contains("AuditData") && columns.contains("CreationDate")
                || columns.contains("TimeGenerated") && columns.contains("Type");
    }

    /**
     * Reads the header; the rows follow. A value longer than {@code maxValueChars} (a quote never
     * closed swallows the rest of the file) ends the reading with an error, never the memory.
     */
    static CsvRows open(InputStream in, int maxValueChars) throws IOException {
        com.fasterxml.jackson.dataformat.csv.CsvFactory factory = com.fasterxml.jackson.dataformat.csv.CsvFactory.builder()
                .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxStringLength(maxValueChars).build())
                .build();
        CsvMapper bounded = CsvMapper.builder(factory).enable(CsvParser.Feature.WRAP_AS_ARRAY).build();
        CsvRows reader = new CsvRows(bounded.readerForArrayOf(String.class).readValues(in));
        if (reader.rows.hasNextValue()) {
            for (String name : reader.rows.nextValue()) {
                reader.utc.add(name.strip().endsWith(UTC_SUFFIX));
                reader.names.add(column(name));
            }
        }
        return reader;
    }

    /** The next row as JSON bytes, or null at the end; {@link #problem()} says when the row was not one. */
    byte[] next() throws IOException {
        problem = null;
        if (!rows.hasNextValue()) {
            return null;
        }
        line = rows.getCurrentLocation().getLineNr();
        String[] values = rows.nextValue();
        if (values.length == 1 && values[0].isBlank()) {
            return new byte[0];
        }
        if (values.length != names.size()) {
            problem = "a row of " + values.length + " columns, where the header has " + names.size();
            return String.join(",", values).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        ObjectNode record = JSON.createObjectNode();
        for (int i = 0; i < values.length; i++) {
            if (!values[i].isEmpty()) {
                record.put(names.get(i), utc.get(i) ? utc(values[i]) : values[i]);
            }
        }
        return JSON.writeValueAsBytes(record);
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
