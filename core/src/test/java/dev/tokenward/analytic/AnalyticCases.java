package dev.tokenward.analytic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tokenward.event.Event;
import dev.tokenward.output.Json;
import dev.tokenward.source.Format;
import dev.tokenward.source.InputFile;
import dev.tokenward.source.InputReader;
import dev.tokenward.source.Quarantined;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads every analytic test case under {@code analytics/} of the test resources, collecting every
 * problem (file, path, message) instead of stopping at the first.
 *
 * <p>An event is a raw record of a format ({@code okta: {...}}), a record taken from a file of the
 * test resources with some fields changed ({@code okta: sources/okta/06-sso.json} with
 * {@code set: {path.to.field: value}} and {@code remove: [path]}), or a normalized event
 * ({@code event: {...}}). {@code repeat: {times: N, every: PT1M, time: eventTime, id: eventID}}
 * stands for N copies of a record a minute apart, such as the steady traffic of a busy account.
 */
final class AnalyticCases {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> CASE_FIELDS = Set.of("kind", "description", "settings", "alongside", "networks", "geo",
            "events", "expect");
    private static final Set<String> KINDS = Set.of("positive", "negative", "near-miss");
    private static final Set<String> EXPECT_FIELDS = Set.of("analytic", "principal", "credential", "severity", "title",
            "evidence", "tier", "containment", "answer");

    final List<AnalyticCase> cases = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    private final Path resources;

    private AnalyticCases(Path resources) {
        this.resources = resources;
    }

    static AnalyticCases load() {
        AnalyticCases loaded = new AnalyticCases(resources());
        Path root = loaded.resources.resolve("analytics");
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(loaded::read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return loaded;
    }

    static Path resources() {
        try {
            return Path.of(AnalyticCases.class.getResource("/analytics").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Turns a case's event entries into events, through the real record mappers. */
    List<Event> events(AnalyticCase c, List<Quarantined> quarantined) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < c.events().size(); i++) {
            JsonNode entry = c.events().get(i);
            String origin = c.file() + "#events[" + i + "]";
            String name = entry.fieldNames().next();
            if (name.equals("event")) {
                try {
                    events.add(Json.mapper().treeToValue(entry.get("event"), Event.class));
                } catch (IOException e) {
                    throw new IllegalArgumentException(origin + ": not a normalized event: " + e.getMessage(), e);
                }
                continue;
            }
            JsonNode record = record(entry, entry.get(name), origin);
            for (JsonNode copy : repeated(record, entry.get("repeat"))) {
                byte[] line = (copy.toString() + "\n").getBytes(StandardCharsets.UTF_8);
                try (InputReader reader = InputReader.open(InputFile.ofBytes(origin, line), quarantined::add)) {
                    Event event = reader.next();
                    if (event != null) {
                        if (reader.format() != Format.byId(name).orElseThrow()) {
                            throw new IllegalArgumentException(origin + ": the record was read as " + reader.format().id() + ", not "
                                    + name);
                        }
                        events.add(event);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return events;
    }

    /**
     * The record, or with {@code repeat: {times: N, every: PT1M, time: eventTime, id: eventID}} N
     * copies of it: the k-th dated k times {@code every} after it, its id ending in k (four hex digits).
     */
    private static List<JsonNode> repeated(JsonNode record, JsonNode repeat) {
        if (repeat == null) {
            return List.of(record);
        }
        String timePath = repeat.path("time").asText();
        String idPath = repeat.path("id").asText(null);
        Instant first = Instant.parse(at(record, timePath).asText());
        Duration every = Duration.parse(repeat.path("every").asText());
        List<JsonNode> copies = new ArrayList<>();
        for (int k = 0; k < repeat.path("times").asInt(); k++) {
            JsonNode copy = record.deepCopy();
            put(copy, timePath, JsonNodeFactory.instance.textNode(first.plus(every.multipliedBy(k)).toString()));
            if (idPath != null) {
                String id = at(record, idPath).asText();
                put(copy, idPath, JsonNodeFactory.instance.textNode(id.substring(0, id.length() - 4) + String.format("%04x", k)));
            }
            copies.add(copy);
        }
        return copies;
    }

    private static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            node = node == null ? null : child(node, part);
        }
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException("repeat: no text at " + path);
        }
        return node;
    }

    private JsonNode record(JsonNode entry, JsonNode value, String origin) {
        if (value.isObject()) {
            return value;
        }
        ObjectNode record;
        try {
            record = (ObjectNode) Json.mapper().readTree(resources.resolve(value.asText()).toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(origin + ": cannot read record " + value.asText() + ": " + e.getMessage(), e);
        }
        JsonNode set = entry.get("set");
        if (set != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = set.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> change = it.next();
                put(record, change.getKey(), change.getValue());
            }
        }
        JsonNode remove = entry.get("remove");
        if (remove != null) {
            remove.forEach(path -> put(record, path.asText(), null));
        }
        return record;
    }

    /** Sets (or, with null, removes) the value at a dotted path; numeric parts index arrays. */
    private static void put(JsonNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = child(node, parts[i]);
            if (next == null || next.isNull()) {
                next = parts[i + 1].matches("\\d+") ? JsonNodeFactory.instance.arrayNode() : JsonNodeFactory.instance.objectNode();
                set(node, parts[i], next);
            }
            node = next;
        }
        set(node, parts[parts.length - 1], value);
    }

    private static JsonNode child(JsonNode node, String part) {
        return node.isArray() ? node.get(Integer.parseInt(part)) : node.get(part);
    }

    private static void set(JsonNode node, String part, JsonNode value) {
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            int index = Integer.parseInt(part);
            if (value == null) {
                array.remove(index);
            } else if (index < array.size()) {
                array.set(index, value);
            } else {
                array.add(value);
            }
        } else if (value == null) {
            ((ObjectNode) node).remove(part);
        } else {
            ((ObjectNode) node).set(part, value);
        }
    }

    private static boolean validRepeat(JsonNode repeat) {
        int times = repeat.path("times").asInt(0);
        try {
            Duration.parse(repeat.path("every").asText());
        } catch (DateTimeParseException e) {
            return false;
        }
        return times >= 1 && times <= 1000 && repeat.path("time").isTextual();
    }

    private void read(Path file) {
        String name = resources.relativize(file).toString();
        String analytic = file.getParent().getFileName().toString();
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            problems.add(name + ": not valid YAML: " + e.getMessage());
            return;
        }
        int before = problems.size();
        if (root == null || !root.isObject()) {
            problems.add(name + ": a case is a mapping with kind, description, events and expect");
            return;
        }
        root.fieldNames().forEachRemaining(field -> {
            if (!CASE_FIELDS.contains(field)) {
                problems.add(name + ": " + field + ": unknown field (known: " + CASE_FIELDS + ")");
            }
        });
        if (Catalog.byId(analytic).isEmpty()) {
            problems.add(name + ": folder " + analytic + " is not an analytic id");
        }
        String kind = root.path("kind").asText("");
        if (!KINDS.contains(kind)) {
            problems.add(name + ": kind: must be one of " + KINDS);
        }
        JsonNode events = root.get("events");
        List<JsonNode> eventList = new ArrayList<>();
        if (events == null || !events.isArray() || events.isEmpty()) {
            problems.add(name + ": events: a non-empty list is required");
        } else {
            for (int i = 0; i < events.size(); i++) {
                JsonNode entry = events.get(i);
                String first = entry.isObject() && entry.size() > 0 ? entry.fieldNames().next() : "";
                if (!first.equals("event") && Format.byId(first).isEmpty()) {
                    problems.add(name + ": events[" + i + "]: must start with a format (cloudtrail, okta, entra) or event");
                } else if (entry.get(first).isTextual() && !Files.isRegularFile(resources.resolve(entry.get(first).asText()))) {
                    problems.add(name + ": events[" + i + "]: no record file " + entry.get(first).asText());
                } else if (entry.has("repeat") && !validRepeat(entry.get("repeat"))) {
                    problems.add(name + ": events[" + i + "].repeat: needs times (1 to 1000), every (an ISO duration) and time"
                            + " (the path of the record's time), and may name an id");
                }
                eventList.add(entry);
            }
        }
        List<AnalyticCase.Expected> expected = new ArrayList<>();
        JsonNode expect = root.get("expect");
        if (expect == null || !expect.isArray()) {
            problems.add(name + ": expect: a list of alerts is required (empty for none)");
        } else {
            for (int i = 0; i < expect.size(); i++) {
                JsonNode alert = expect.get(i);
                String path = name + ": expect[" + i + "]";
                alert.fieldNames().forEachRemaining(field -> {
                    if (!EXPECT_FIELDS.contains(field)) {
                        problems.add(path + "." + field + ": unknown field (known: " + EXPECT_FIELDS + ")");
                    }
                });
                for (String required : List.of("principal", "severity", "title", "evidence")) {
                    if (!alert.hasNonNull(required)) {
                        problems.add(path + "." + required + ": required");
                    }
                }
                List<JsonNode> evidence = new ArrayList<>();
                alert.path("evidence").forEach(evidence::add);
                expected.add(new AnalyticCase.Expected(alert.path("analytic").asText(analytic),
                        alert.path("principal").asText(null), alert.path("credential").asText(null),
                        alert.path("severity").asText(null), alert.path("title").asText(null), evidence,
                        alert.has("tier") ? alert.get("tier").asInt() : null, alert.path("containment").asText(null),
                        alert.path("answer").asText(null)));
            }
        }
        if (kind.equals("positive") && expected.isEmpty()) {
            problems.add(name + ": a positive case expects at least one alert");
        }
        List<dev.tokenward.enrich.NetworkDefinition> networks = List.of();
        if (root.has("networks")) {
            try {
                networks = List.of(YAML.treeToValue(root.get("networks"), dev.tokenward.enrich.NetworkDefinition[].class));
            } catch (IOException | IllegalArgumentException e) {
                problems.add(name + ": networks: " + e.getMessage().split("\n")[0]);
            }
        }
        List<dev.tokenward.enrich.TestEnrichment.Block> geo = List.of();
        if (root.has("geo")) {
            try {
                geo = List.of(YAML.treeToValue(root.get("geo"), dev.tokenward.enrich.TestEnrichment.Block[].class));
            } catch (IOException | IllegalArgumentException e) {
                problems.add(name + ": geo: " + e.getMessage().split("\n")[0]);
            }
        }
        List<String> alongside = new ArrayList<>();
        for (JsonNode other : root.path("alongside")) {
            if (Catalog.byId(other.asText()).isEmpty()) {
                problems.add(name + ": alongside: no analytic " + other.asText());
            }
            alongside.add(other.asText());
        }
        if (problems.size() == before) {
            cases.add(new AnalyticCase(analytic, name, kind, root.path("description").asText(""),
                    root.get("settings"), List.copyOf(alongside), networks, geo, eventList, expected));
        }
    }
}
