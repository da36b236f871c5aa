package dev.tokenward.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenward.event.Event;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Fuzzing the readers with an oracle: a file of real-shaped records (the samples, and the shared
 * format samples when present) is laid out in one of the framings Tokenward reads, one record is
 * damaged by a seeded mutation, and the file is read. Every other record must be read exactly as
 * from the undamaged file; the damaged one yields at most one event, and if it yields none it is in
 * the quarantine; nothing throws, and no input hangs: a read of at most twelve records that is not
 * over in ten seconds (it takes milliseconds) is taken for a loop, with room for a busy machine.
 *
 * <p>A build tries the same inputs every time (a fixed seed), so that a failing build can be rerun
 * and no commit fails for inputs it did not touch; {@code jqwik.tries.default}
 * (src/test/resources/junit-platform.properties) sets how many. A long run tries others: the salt
 * {@code tokenward.fuzz.salt} moves which records are taken and where and how they are damaged,
 * {@code ./mvnw -B -pl core test -Dtest=InputFuzzTest -Djqwik.tries.default=100000 -Dtokenward.fuzz.salt=$RANDOM};
 * a failure names its case and salt.
 */
class InputFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLES = Path.of("..", "samples");
    private static final Path FORMAT_SAMPLES = Path.of("..", "..", "shared", "datasets", "format-samples", "events.jsonl");
    /** Small enough that long-value mutations reach the record-size path. */
    private static final InputLimits LIMITS = new InputLimits(null, null, null, null, 64 << 10, null, null, null);
    private static final List<List<String>> GROUPS = groups();
    /** Longer than any read of a few records takes, however busy the machine: a read still going is a loop. */
    static final Duration HANG = Duration.ofSeconds(10);
    /** 0 in a build; a long run sets another to try other inputs than a build's. */
    static final long SALT = Long.getLong("tokenward.fuzz.salt", 0L);
    /** The build's seed: any fixed value; a long run changes the inputs through {@link #SALT}. */
    static final String BUILD_SEED = "20261205";

    enum Layout {
        JSON_LINES, ARRAY, WRAPPED, WRAPPED_PRETTY, CONCATENATED_PRETTY,
        /** A records array inside a wrapping object's wrapping object, followed by paging, as Duo's log API pages. */
        NESTED,
        /** A records object keyed by name after other members, as LastPass's reporting API pages. */
        KEYED
    }

    enum Mutation {
        REPLACE_BYTE, INSERT_BYTES, INSERT_STRUCTURE, DELETE_RANGE, TRUNCATE, DUPLICATE_RANGE, DEEP_NESTING, INVALID_UTF8, NUL,
        LONE_SURROGATE, EXTREME_TIME, LONG_VALUE, WRONG_TYPE
    }

    /** One input: which records, laid out how, and what is done to which of them. */
    record Case(int group, int first, int count, Layout layout, boolean gzip, int damaged, Mutation mutation, long seed) {
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(
                Arbitraries.integers().between(0, GROUPS.size() - 1),
                Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(1, 12),
                Arbitraries.of(Layout.class),
                Arbitraries.of(true, false, false, false),
                Arbitraries.integers().between(0, 11),
                Arbitraries.of(Mutation.class),
                Arbitraries.longs()).as(Case::new);
    }

    @Property(seed = BUILD_SEED)
    void aDamagedRecordCostsOnlyItself(@ForAll("cases") Case generated) {
        Case c = salted(generated);
        List<String> group = GROUPS.get(c.group());
        int first = c.first() % group.size();
        List<String> records = new ArrayList<>(group.subList(first, Math.min(group.size(), first + c.count())).stream()
                .map(r -> c.layout() == Layout.WRAPPED_PRETTY || c.layout() == Layout.CONCATENATED_PRETTY ? pretty(r) : r).toList());
        int damaged = c.damaged() % records.size();
        List<String> base = read(layout(records, c.layout(), c.gzip()), new ArrayList<>()).events();

        List<String> changed = new ArrayList<>(records);
        changed.set(damaged, mutate(records.get(damaged), c.mutation(), c.seed(), c.seed() * 0x9E3779B97F4A7C15L));
        List<Quarantined> quarantined = new ArrayList<>();
        byte[] file = layout(changed, c.layout(), c.gzip());
        Read mutated = assertTimeoutPreemptively(HANG, () -> read(file, quarantined));

        List<String> undamagedRead = read(layout(List.of(records.get(damaged)), c.layout(), false), new ArrayList<>()).events();
        assertOnlyTheDamagedRecordChanged(c, base, undamagedRead, mutated, quarantined);
    }

    /**
     * The oracle: every event of the undamaged input ({@code base}) but those of the damaged record
     * read alone ({@code undamagedRead}) is read from the damaged input; the damaged record gives at
     * most one event, and if none (where it gave one undamaged) it is in the quarantine; the
     * quarantine entries are counted.
     */
    static void assertOnlyTheDamagedRecordChanged(Object c, List<String> base, List<String> undamagedRead, Read mutated,
            List<Quarantined> quarantined) {
        Map<String, Integer> remaining = counts(mutated.events());
        List<String> expectedOthers = new ArrayList<>(base);
        undamagedRead.forEach(expectedOthers::remove);
        for (String event : expectedOthers) {
            assertThat(remaining.getOrDefault(event, 0)).as("%s, salt %d: an undamaged record was lost: %s%nquarantine: %s", c, SALT, event, quarantined)
                    .isPositive();
            remaining.merge(event, -1, Integer::sum);
        }
        int fromDamaged = remaining.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(fromDamaged).as("%s, salt %d: events made from the damaged record; quarantine: %s", c, SALT, quarantined).isBetween(0, 1);
        if (fromDamaged == 0 && !undamagedRead.isEmpty()) {
            assertThat(quarantined).as("%s, salt %d: the damaged record neither read nor quarantined", c, SALT).isNotEmpty();
        }
        assertThat(mutated.rejected()).as("quarantine entries counted").isEqualTo(quarantined.size());
    }

    /** The case with the salt added to where it starts in its group and to its mutation's seed (unchanged without a salt). */
    private static Case salted(Case c) {
        if (SALT == 0) {
            return c;
        }
        return new Case(c.group(), (int) Math.floorMod(c.first() + SALT, 1001L), c.count(), c.layout(), c.gzip(), c.damaged(),
                c.mutation(), c.seed() + SALT * 0x9E3779B97F4A7C15L);
    }

    /** What a reading gave: each event as its facts, and how many entries it quarantined. */
    record Read(List<String> events, long rejected) {
    }

    static Read read(byte[] file, List<Quarantined> quarantined) {
        List<String> events = new ArrayList<>();
        long rejected;
        try (InputReader reader = InputReader.open(InputFile.ofBytes("fuzz.json", file), quarantined::add, null, LIMITS)) {
            for (Event e = reader.next(); e != null; e = reader.next()) {
                events.add(facts(e));
            }
            rejected = reader.rejected();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Read(events, rejected);
    }

    /** An event's facts, without where in the file it was (a damaged record before it moves the rest). */
    private static String facts(Event e) {
        return String.join("|", e.time().toString(), e.source(), e.kind().name(), e.outcome().name(),
                String.valueOf(e.principal()), String.valueOf(e.credential()), String.valueOf(e.action()),
                e.origin() == null ? "-" : String.valueOf(e.origin().recordId()), String.valueOf(e.client().ip()),
                String.valueOf(e.client().userAgent()), String.valueOf(e.unmapped()), String.valueOf(e.invalid()));
    }

    static Map<String, Integer> counts(List<String> events) {
        Map<String, Integer> counts = new HashMap<>();
        events.forEach(e -> counts.merge(e, 1, Integer::sum));
        return counts;
    }

    /** The records (pretty-printed already for the pretty layouts) laid out in a file. */
    static byte[] layout(List<String> records, Layout layout, boolean gzip) {
        StringBuilder out = new StringBuilder();
        switch (layout) {
            case JSON_LINES -> records.forEach(r -> out.append(r).append('\n'));
            case ARRAY -> out.append('[').append(String.join(",", records)).append(']');
            case WRAPPED -> out.append("{\"Records\":[").append(String.join(",", records)).append("]}");
            case WRAPPED_PRETTY -> out.append("{\n  \"Records\": [\n    ").append(String.join(",\n    ", records)).append("\n  ]\n}\n");
            case CONCATENATED_PRETTY -> records.forEach(r -> out.append(r).append('\n'));
            case KEYED -> {
                out.append("{\"status\":\"OK\",\"next\":null,\"data\":{");
                for (int i = 0; i < records.size(); i++) {
                    out.append(i == 0 ? "" : ",").append("\"Event").append(i + 1).append("\":").append(records.get(i));
                }
                out.append("}}");
            }
            case NESTED -> out.append("{\"response\":{\"authlogs\":[").append(String.join(",", records))
                    .append("],\"metadata\":{\"next_offset\":null,\"total_objects\":").append(records.size()).append("}},\"stat\":\"OK\"}");
            default -> throw new IllegalStateException(layout.name());
        }
        byte[] bytes = out.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (!gzip) {
            return bytes;
        }
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(compressed)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    /** A record with its first-level fields on lines of their own, as pretty-printed exports have them. */
    private static String pretty(String record) {
        if (!record.startsWith("{\"")) {
            return record;
        }
        return "{\n      " + record.substring(1, record.length() - 1).replace(",\"", ",\n      \"") + "\n    }";
    }

    /**
     * The record (as ISO-8859-1 text: one char a byte, so invalid UTF-8 can be made) changed by one
     * mutation at a place chosen from {@code where}, with material chosen from {@code what}.
     */
    static String mutate(String record, Mutation mutation, long where, long what) {
        int n = record.length();
        int at = (int) Math.floorMod(where, (long) n);
        java.util.Random random = new java.util.Random(what);
        return switch (mutation) {
            case REPLACE_BYTE -> record.substring(0, at) + (char) random.nextInt(256) + record.substring(Math.min(n, at + 1));
            case INSERT_BYTES -> {
                StringBuilder bytes = new StringBuilder();
                for (int i = 0, count = 1 + random.nextInt(8); i < count; i++) {
                    bytes.append((char) random.nextInt(256));
                }
                yield record.substring(0, at) + bytes + record.substring(at);
            }
            case INSERT_STRUCTURE -> {
                String[] pieces = {"{", "}", "[", "]", "\"", "\\", ",", ":", "},{", "\"}", "{\"", "\\\"", "]}", "[{"};
                yield record.substring(0, at) + pieces[random.nextInt(pieces.length)] + record.substring(at);
            }
            case DELETE_RANGE -> record.substring(0, at) + record.substring(Math.min(n, at + 1 + random.nextInt(16)));
            case TRUNCATE -> record.substring(0, Math.max(1, at));
            case DUPLICATE_RANGE -> {
                int end = Math.min(n, at + 1 + random.nextInt(64));
                yield record.substring(0, end) + record.substring(at, end) + record.substring(end);
            }
            case DEEP_NESTING -> {
                int depth = 50 + random.nextInt(2000);
                yield insertValue(record, at, "[".repeat(depth) + "]".repeat(depth));
            }
            case INVALID_UTF8 -> record.substring(0, at) + new String(new byte[] {(byte) 0xC3, (byte) 0xFF, (byte) 0x80},
                    StandardCharsets.ISO_8859_1) + record.substring(at);
            case NUL -> record.substring(0, at) + '\u0000' + record.substring(at);
            case LONE_SURROGATE -> insertValue(record, at, "\"\\ud800x\"");
            case EXTREME_TIME -> record.replaceFirst("\"(\\d{4})-\\d\\d-\\d\\dT[0-9:.]+Z\"", random.nextBoolean()
                    ? "\"-999999999-01-01T00:00:00Z\"" : "\"+999999999-12-31T23:59:59Z\"");
            case LONG_VALUE -> insertValue(record, at, "\"" + "A".repeat(1 + random.nextInt(200_000)) + "\"");
            case WRONG_TYPE -> record.replaceFirst("\"(eventTime|published|time|eventName|eventType|category)\":\"[^\"]*\"",
                    "\"$1\":" + (random.nextBoolean() ? "{\"value\":1}" : "[1,2]"));
        };
    }

    /** Replaces the value of the field nearest after {@code at} with {@code value}, or appends a field holding it. */
    private static String insertValue(String record, int at, String value) {
        int colon = record.indexOf("\":", at);
        if (colon < 0) {
            colon = record.indexOf("\":");
        }
        if (colon < 0) {
            return record;
        }
        return record.substring(0, colon + 2) + value + "," + record.substring(colon + 2).replaceFirst("^\\s*", "\"fuzz\":");
    }

    /** Groups of records of one format: each sample file, and the format samples of each format (those recognised as it). */
    private static List<List<String>> groups() {
        List<List<String>> groups = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                List<String> records = records(file);
                if (!records.isEmpty()) {
                    groups.add(records);
                }
            }
            if (Files.exists(FORMAT_SAMPLES)) {
                Map<String, List<String>> byFormat = new HashMap<>();
                for (String line : Files.readAllLines(FORMAT_SAMPLES)) {
                    JsonNode sample = JSON.readTree(line);
                    Format expected = switch (sample.get("log_types").get(0).asText()) {
                        case "AWS.CloudTrail" -> Format.CLOUDTRAIL;
                        case "Okta.SystemLog" -> Format.OKTA;
                        case "Azure.Audit" -> Format.ENTRA;
                        case "OnePassword.ItemUsage", "OnePassword.SignInAttempt", "OnePassword.AuditEvent" -> Format.ONEPASSWORD;
                        case "GCP.AuditLog" -> Format.GCP;
                        default -> null;
                    };
                    JsonNode event = sample.get("event");
                    if (expected != null && Format.detect(event).orElse(null) == expected) {
                        byFormat.computeIfAbsent(expected.id(), t -> new ArrayList<>()).add(latin1(JSON.writeValueAsString(
                                inProductOrder(event, expected))));
                    }
                }
                byFormat.keySet().stream().sorted().forEach(type -> groups.add(byFormat.get(type)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableList(groups);
    }

    /**
     * The record with the field its product writes first moved to the front: a product writes its
     * fields in one order, and the format samples, written for rule tests, do not.
     */
    private static JsonNode inProductOrder(JsonNode event, Format format) {
        String first = switch (format) {
            case CLOUDTRAIL -> "eventVersion";
            case OKTA -> "actor";
            case ENTRA -> "time";
            case ONEPASSWORD -> "uuid";
            case BITWARDEN -> "object";
            case LASTPASS -> "Time";
            case KEYVAULT -> "time";
            case GCP -> "insertId";
            case AZURE -> "time";
            case WORKSPACE -> "kind";
            case AUTH0 -> "date";
            case DUO -> "access_device";
            case M365 -> "CreationTime";
            case OSQUERY -> "name";
            case ZEEK -> "ts";
            case ESLOGGER -> "schema_version";
            case ONELOGIN -> "id";
            case PROXY -> "Action";
            case OCSF -> "metadata";
        };
        com.fasterxml.jackson.databind.node.ObjectNode ordered = JSON.createObjectNode();
        ordered.set(first, event.has(first) ? event.get(first) : JSON.getNodeFactory().textNode("absent"));
        event.fields().forEachRemaining(field -> {
            if (!field.getKey().equals(first)) {
                ordered.set(field.getKey(), field.getValue());
            }
        });
        return ordered;
    }

    /** A sample file's records, each as compact JSON. */
    private static List<String> records(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length > 2 && (bytes[0] & 0xFF) == 0x1f && (bytes[1] & 0xFF) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            }
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        List<String> records = new ArrayList<>();
        if (!text.startsWith("{") && !text.startsWith("[")) {
            return records;
        }
        try {
            JsonNode whole = JSON.readTree(text);
            JsonNode list = whole.isArray() ? whole : null;
            for (String wrapper : List.of("Records", "records", "items", "data")) {
                if (list == null && whole.has(wrapper) && whole.get(wrapper).isArray()) {
                    list = whole.get(wrapper);
                }
            }
            if (list != null) {
                list.forEach(r -> records.add(latin1(r.toString())));
                return records;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException jsonLines) {
            // JSON lines: one record a line, below
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("{")) {
                records.add(latin1(JSON.readTree(line).toString()));
            }
        }
        return records.stream().filter(r -> !r.contains("\"storyline\"") && !r.contains("digestStartTime")).toList();
    }

    /** UTF-8 bytes as ISO-8859-1 text, so that mutations work on bytes and layout writes them back unchanged. */
    private static String latin1(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
