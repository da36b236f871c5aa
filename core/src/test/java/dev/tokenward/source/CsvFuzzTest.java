package dev.tokenward.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@link InputFuzzTest}'s oracle for CSV exports: unified audit records (three written here, and the
 * shared format samples' Microsoft 365 records when present) as the rows of a Purview audit search
 * export, one row damaged where CSV breaks (a quote added or lost, a comma, a line break, a carriage
 * return, bytes cut, repeated or replaced). Every other row must be read exactly as from the
 * undamaged file; the damaged one yields at most one event, and if none, it is in the quarantine.
 * The same fixed seed and salt ({@code -Dtokenward.fuzz.salt}) as there.
 */
class CsvFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = "RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames";
    private static final List<String> RECORDS = records();
    /** Per record, and laid out on one line or spread: how many events its row gives read alone. */
    private static final Map<String, Integer> ALONE = new java.util.concurrent.ConcurrentHashMap<>();

    enum Mutation {
        ADD_QUOTE, LOSE_QUOTE, ADD_COMMA, ADD_LINE_BREAK, ADD_CARRIAGE_RETURN, REPLACE_BYTE, DELETE_RANGE, TRUNCATE, DUPLICATE_RANGE,
        INVALID_UTF8, NUL, LONG_VALUE
    }

    /**
     * One input: which rows, where and how one is damaged, and whether every row's JSON value starts on a
     * line of its own ({@code spread}: rows spanning two lines). Spread, the first row is not damaged:
     * with no row read well yet, a damaged first row's first value can leave rows' shape unknown (CsvRows).
     */
    record Case(int first, int count, int damaged, Mutation mutation, boolean byteOrderMark, boolean spread, long seed) {
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(1, 12),
                Arbitraries.integers().between(0, 11),
                Arbitraries.of(Mutation.class),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false, false),
                Arbitraries.longs()).as(Case::new);
    }

    @Property(seed = InputFuzzTest.BUILD_SEED)
    void aDamagedRowCostsOnlyItself(@ForAll("cases") Case c) {
        long seed = c.seed() + InputFuzzTest.SALT * 0x9E3779B97F4A7C15L;
        int first = (int) Math.floorMod(c.first() + InputFuzzTest.SALT, (long) RECORDS.size());
        List<String> rows = new ArrayList<>();
        int expected = 0;
        for (int i = 0; i < c.count(); i++) {
            String row = row(RECORDS.get((first + i) % RECORDS.size()), c.spread());
            rows.add(row);
            expected += ALONE.computeIfAbsent(row, r -> InputFuzzTest.read(file(List.of(r), false), new ArrayList<>()).events().size());
        }
        int damaged = c.spread() && rows.size() > 1 ? 1 + c.damaged() % (rows.size() - 1) : c.damaged() % rows.size();
        List<String> base = InputFuzzTest.read(file(rows, c.byteOrderMark()), new ArrayList<>()).events();
        assertThat(base).as("%s: the undamaged export gives each row's events", c).hasSize(expected);
        List<String> undamagedRead = InputFuzzTest.read(file(List.of(rows.get(damaged)), false), new ArrayList<>()).events();
        List<String> changed = new ArrayList<>(rows);
        changed.set(damaged, mutate(rows.get(damaged), c.mutation(), new Random(seed)));
        List<Quarantined> quarantined = new ArrayList<>();
        byte[] file = file(changed, c.byteOrderMark());
        InputFuzzTest.Read mutated = assertTimeoutPreemptively(InputFuzzTest.HANG, () -> InputFuzzTest.read(file, quarantined));
        InputFuzzTest.assertOnlyTheDamagedRecordChanged(c, base, undamagedRead, mutated, quarantined);
    }

    /** The export: its header and rows, each ended by CRLF as Purview writes them, with or without a byte-order mark. */
    private static byte[] file(List<String> rows, boolean byteOrderMark) {
        StringBuilder out = new StringBuilder(byteOrderMark ? "\uFEFF" : "").append(HEADER).append("\r\n");
        rows.forEach(row -> out.append(row).append("\r\n"));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String mutate(String row, Mutation mutation, Random random) {
        int n = row.length();
        int at = random.nextInt(n + 1);
        return switch (mutation) {
            case ADD_QUOTE -> row.substring(0, at) + '"' + row.substring(at);
            case LOSE_QUOTE -> {
                List<Integer> quotes = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (row.charAt(i) == '"') {
                        quotes.add(i);
                    }
                }
                int gone = quotes.isEmpty() ? at : quotes.get(random.nextInt(quotes.size()));
                yield row.substring(0, Math.min(n, gone)) + row.substring(Math.min(n, gone + 1));
            }
            case ADD_COMMA -> row.substring(0, at) + ',' + row.substring(at);
            case ADD_LINE_BREAK -> row.substring(0, at) + (random.nextBoolean() ? "\r\n" : "\n") + row.substring(at);
            case ADD_CARRIAGE_RETURN -> row.substring(0, at) + '\r' + row.substring(at);
            case REPLACE_BYTE -> row.substring(0, Math.min(n, at)) + (char) (32 + random.nextInt(95)) + row.substring(Math.min(n, at + 1));
            case DELETE_RANGE -> row.substring(0, at) + row.substring(Math.min(n, at + 1 + random.nextInt(24)));
            case TRUNCATE -> row.substring(0, Math.max(1, at));
            case DUPLICATE_RANGE -> {
                int end = Math.min(n, at + 1 + random.nextInt(40));
                yield row.substring(0, end) + row.substring(at, end) + row.substring(end);
            }
            case INVALID_UTF8 -> row.substring(0, at) + "\u00C3\u00FF" + row.substring(at);
            case NUL -> row.substring(0, at) + '\u0000' + row.substring(at);
            case LONG_VALUE -> row.substring(0, at) + "A".repeat(1 + random.nextInt(200_000)) + row.substring(at);
        };
    }

    @org.junit.jupiter.api.Test
    void theRowsWrittenHereAreReadAsEventsOnOneLineOrSpread() {
        for (boolean spread : List.of(false, true)) {
            List<String> rows = RECORDS.subList(0, 3).stream().map(record -> row(record, spread)).toList();
            assertThat(InputFuzzTest.read(file(rows, true), new ArrayList<>()).events()).as("spread %s", spread)
                    .extracting(event -> event.substring(0, event.indexOf('|')))
                    .containsExactly("2026-11-18T16:41:09Z", "2026-11-18T16:47:52Z", "2026-11-18T17:02:31Z");
        }
    }

    /** Unified audit records: three written here, then the format samples' Microsoft 365 records. */
    private static List<String> records() {
        List<String> records = new ArrayList<>();
        for (String record : List.of(
                "{\"CreationTime\":\"2026-11-18T16:41:09\",\"Id\":\"7b2e9c41-3d58-4f06-a1e7-9c2d4b8f0e31\",\"Operation\":\"UserLoggedIn\","
                        + "\"OrganizationId\":\"3f6a9b12-7c4d-4e85-a0b1-2d9c8e7f6a54\",\"RecordType\":15,\"ResultStatus\":\"Success\","
                        + "\"UserKey\":\"b2d7e4a1-6c39-4f85-9a0e-3c1f8d5b7e92\",\"UserType\":0,\"Version\":1,\"Workload\":\"AzureActiveDirectory\","
                        + "\"ClientIP\":\"73.239.102.57\",\"UserId\":\"priya.raman@tidewateranalytics.com\"}",
                "{\"CreationTime\":\"2026-11-18T16:47:52\",\"Id\":\"9d1f0c52-8e47-4b3a-b6d2-0f5e7a9c1b84\",\"Operation\":\"FileDownloaded\","
                        + "\"OrganizationId\":\"3f6a9b12-7c4d-4e85-a0b1-2d9c8e7f6a54\",\"RecordType\":6,\"UserKey\":\"i:0h.f|membership|10032002a4c1e7b5@live.com\","
                        + "\"UserType\":0,\"Version\":1,\"Workload\":\"SharePoint\",\"ClientIP\":\"73.239.102.57\","
                        + "\"UserId\":\"priya.raman@tidewateranalytics.com\",\"ObjectId\":\"https://tidewateranalytics.sharepoint.com/sites/Finance/Shared Documents/Q4 forecast.xlsx\","
                        + "\"UserAgent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/154.0.0.0 Safari/537.36\"}",
                "{\"CreationTime\":\"2026-11-18T17:02:31\",\"Id\":\"c41e8a27-5b9d-4f03-8e6c-2a7d1f9b0c53\",\"Operation\":\"MailItemsAccessed\","
                        + "\"OrganizationId\":\"3f6a9b12-7c4d-4e85-a0b1-2d9c8e7f6a54\",\"RecordType\":50,\"ResultStatus\":\"Succeeded\","
                        + "\"UserKey\":\"10032002A4C1E7B5\",\"UserType\":0,\"Version\":1,\"Workload\":\"Exchange\",\"ClientIPAddress\":\"73.239.102.57\","
                        + "\"UserId\":\"priya.raman@tidewateranalytics.com\",\"MailboxOwnerUPN\":\"priya.raman@tidewateranalytics.com\","
                        + "\"ClientInfoString\":\"Client=OWA;Action=ViaProxy\"}")) {
            records.add(record);
        }
        Optional<java.nio.file.Path> corpus = FormatSamplesTest.corpus();
        if (corpus.isPresent()) {
            try {
                for (String line : Files.readAllLines(corpus.get())) {
                    JsonNode sample = JSON.readTree(line);
                    JsonNode event = sample.get("event");
                    if (sample.get("log_types").get(0).asText().startsWith("Microsoft365.Audit")
                            && Format.detect(event).orElse(null) == Format.M365) {
                        records.add(JSON.writeValueAsString(event));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Collections.unmodifiableList(records);
    }

    /**
     * A unified audit record as Purview's export writes its row: the record's own columns, then the
     * record, quoted; spread, the record starts on a line of its own (a line break inside the quotes).
     */
    private static String row(String record, boolean spread) {
        try {
            JsonNode audit = JSON.readTree(record);
            return String.join(",", quoted(field(audit, "Id")), quoted(field(audit, "CreationTime") + ".0000000Z"),
                    quoted(field(audit, "RecordType")), quoted(field(audit, "Operation")), quoted(field(audit, "UserId")),
                    spread ? "\"\r\n" + record.replace("\"", "\"\"") + "\"" : quoted(record), "", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A field of the record, its name matched without regard to case (some format samples write names in lower case). */
    private static String field(JsonNode record, String name) {
        for (Map.Entry<String, JsonNode> member : (Iterable<Map.Entry<String, JsonNode>>) record::fields) {
            if (member.getKey().equalsIgnoreCase(name)) {
                return member.getValue().asText();
            }
        }
        return "";
    }

    /** A value as RFC 4180 writes it: quoted, with its quotes doubled, when it holds a comma, a quote or a line break. */
    private static String quoted(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
