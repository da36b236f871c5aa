package dev.tokenward.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.evaluate.GroundTruth;
import dev.tokenward.evaluate.Storyline;
import dev.tokenward.output.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Mac fleet's osquery results and the office sensor's Zeek logs, in their products' shapes, and its truth. */
class MacFleetTest {
    private static final Simulation RUN = new Simulation(60, 6, 21, LocalDate.of(2026, 11, 2));
    private static final Set<String> QUERIES = Set.of(OsqueryLog.SOCKETS, OsqueryLog.LAUNCHD, OsqueryLog.CALENDAR,
            OsqueryLog.SIGNATURES, OsqueryLog.INTERFACES, OsqueryLog.SOCKET_EVENTS);
    private static final Map<String, List<String>> COLUMNS = Map.of(
            OsqueryLog.SOCKETS, List.of("pid", "name", "path", "parent", "uid", "local_address", "local_port", "remote_address",
                    "remote_port", "protocol", "family", "state"),
            OsqueryLog.LAUNCHD, List.of("path", "name", "label", "program", "run_at_load", "keep_alive", "on_demand", "disabled",
                    "username", "groupname", "stdout_path", "stderr_path", "start_interval", "program_arguments", "watch_paths",
                    "queue_directories", "inetd_compatibility", "start_on_mount", "root_directory", "working_directory", "process_type"),
            OsqueryLog.CALENDAR, List.of("path", "key", "subkey", "value"),
            OsqueryLog.SIGNATURES, List.of("path", "hash_resources", "arch", "signed", "identifier", "cdhash", "team_identifier",
                    "authority"),
            OsqueryLog.INTERFACES, List.of("interface", "address", "mask"),
            OsqueryLog.SOCKET_EVENTS, List.of("action", "pid", "path", "fd", "auid", "status", "success", "family", "protocol",
                    "local_address", "remote_address", "local_port", "remote_port", "socket", "time", "uptime", "eid"));

    @TempDir
    static Path shared;
    private static Path out;

    @BeforeAll
    static void simulateOnce() throws IOException {
        out = shared.resolve("sim");
        RUN.run(out, day -> { });
    }

    @Test
    void everyOsqueryLineIsADifferentialEventABatchOrASnapshotOfItsHost() throws IOException {
        Map<String, Integer> shapes = new TreeMap<>();
        List<Path> hosts = folders(out.resolve("logs/osquery"));
        assertThat(hosts).isNotEmpty();
        for (Path host : hosts) {
            for (Path file : files(host)) {
                assertThat(file.getFileName().toString()).isIn("osqueryd.results.log", "osqueryd.snapshots.log");
                for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    JsonNode line = Json.mapper().readTree(text);
                    assertThat(line.path("name").asText()).as(text).isIn(QUERIES);
                    assertThat(line.path("hostIdentifier").asText()).isEqualTo(host.getFileName().toString());
                    assertThat(line.path("calendarTime").asText()).matches("[A-Z][a-z]{2} [A-Z][a-z]{2} [ 1-3]\\d \\d\\d:\\d\\d:\\d\\d 2026 UTC");
                    assertThat(line.path("unixTime").isIntegralNumber()).isTrue();
                    assertThat(line.path("epoch").asInt(-1)).isZero();
                    assertThat(line.path("counter").isInt()).isTrue();
                    assertThat(line.path("numerics").isBoolean() && !line.path("numerics").asBoolean()).isTrue();
                    assertThat(line.path("decorations").fieldNames()).toIterable()
                            .containsExactly("host_uuid", "username", "hardware_serial");
                    String shape = shape(line);
                    shapes.merge(shape, 1, Integer::sum);
                    assertThat(file.getFileName().toString()).isEqualTo(shape.equals("snapshot") ? "osqueryd.snapshots.log"
                            : "osqueryd.results.log");
                    for (JsonNode row : rows(line)) {
                        assertThat(row.fieldNames()).toIterable().as(text).containsExactlyElementsOf(COLUMNS.get(line.path("name").asText()));
                        row.elements().forEachRemaining(value -> assertThat(value.isTextual()).as(text).isTrue());
                    }
                }
            }
        }
        assertThat(shapes).containsOnlyKeys("event", "batch", "snapshot");
    }

    @Test
    void socketEventsReportEachConnectOnceAtOrAfterItsTimeOnSomeHostsOnly() throws IOException {
        int collecting = 0;
        List<Path> hosts = folders(out.resolve("logs/osquery"));
        for (Path host : hosts) {
            Set<String> seen = new HashSet<>();
            for (String text : Files.readAllLines(host.resolve("osqueryd.results.log"), StandardCharsets.UTF_8)) {
                JsonNode line = Json.mapper().readTree(text);
                if (!line.path("name").asText().equals(OsqueryLog.SOCKET_EVENTS)) {
                    continue;
                }
                for (JsonNode row : rows(line)) {
                    assertThat(row.path("action").asText()).isEqualTo("connect");
                    assertThat(row.path("time").asLong()).as(text).isLessThanOrEqualTo(line.path("unixTime").asLong());
                    assertThat(seen.add(row.path("eid").asText())).as("eid reported twice: " + text).isTrue();
                }
            }
            collecting += seen.isEmpty() ? 0 : 1;
        }
        assertThat(collecting).isPositive().isLessThan(hosts.size());
    }

    @Test
    void aConnectionIsSeenOnlyWhileOpenAtAQueryRunAndIsRemovedWhenGone() throws IOException {
        long added = 0;
        long removed = 0;
        for (Path host : folders(out.resolve("logs/osquery"))) {
            for (String text : Files.readAllLines(host.resolve("osqueryd.results.log"), StandardCharsets.UTF_8)) {
                JsonNode line = Json.mapper().readTree(text);
                if (!line.path("name").asText().equals(OsqueryLog.SOCKETS)) {
                    continue;
                }
                added += line.has("diffResults") ? line.path("diffResults").path("added").size() : line.path("action").asText().equals("added") ? 1 : 0;
                removed += line.has("diffResults") ? line.path("diffResults").path("removed").size()
                        : line.path("action").asText().equals("removed") ? 1 : 0;
            }
        }
        assertThat(added).isGreaterThan(500);
        assertThat((double) removed / added).isBetween(0.8, 1.0);
    }

    @Test
    void everyZeekLineHasItsTimeAndItsOriginatorInAnHourlyRotation() throws IOException {
        Set<String> logs = new java.util.TreeSet<>();
        for (Path day : folders(out.resolve("logs/zeek"))) {
            assertThat(day.getFileName().toString()).matches("2026-11-\\d\\d");
            for (Path file : files(day)) {
                String name = file.getFileName().toString();
                assertThat(name).matches("(conn|ssl|dns|dhcp|http)\\.(\\d\\d):00:00-\\d\\d:00:00\\.log");
                String log = name.substring(0, name.indexOf('.'));
                logs.add(log);
                for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    JsonNode line = Json.mapper().readTree(text);
                    assertThat(line.path("ts").isNumber()).as(text).isTrue();
                    assertThat(text).as(text).matches("\\{\"ts\":1\\d{9}\\.\\d{6},.*");
                    if (log.equals("dhcp")) {
                        assertThat(line.path("uids").isArray() && line.has("mac") && line.has("assigned_addr")).as(text).isTrue();
                    } else {
                        assertThat(line.path("id.orig_h").asText()).as(text).matches("(10\\.40\\.\\d+\\.\\d+|0\\.0\\.0\\.0)");
                        assertThat(line.path("uid").asText()).matches("C[0-9A-Za-z]{17}");
                    }
                }
            }
        }
        assertThat(logs).containsExactlyInAnyOrder("conn", "ssl", "dns", "dhcp", "http");
    }

    @Test
    void esloggerRunsOnSomeHostsAndItsExecsAndLaunchItemsAreReadAsProcessesAndJobs() throws Exception {
        List<Path> logging = folders(out.resolve("logs/eslogger"));
        assertThat(logging).isNotEmpty().hasSizeLessThan(folders(out.resolve("logs/osquery")).size());
        Set<String> facts = new HashSet<>();
        for (Path host : logging) {
            Path file = host.resolve("es-events.jsonl");
            List<dev.tokenward.source.Quarantined> quarantined = new ArrayList<>();
            try (dev.tokenward.source.InputReader reader = dev.tokenward.source.InputReader.open(
                    dev.tokenward.source.InputFile.ofBytes(file.toString(), Files.readAllBytes(file)), quarantined::add)) {
                for (dev.tokenward.event.Event event = reader.next(); event != null; event = reader.next()) {
                    assertThat(reader.format().id()).isEqualTo("eslogger");
                    assertThat(event.endpoint().host()).isEqualTo(host.getFileName().toString().toLowerCase(java.util.Locale.ROOT));
                    facts.add(event.endpoint().fact().name());
                    if (event.endpoint().fact() == dev.tokenward.event.Endpoint.Fact.PROCESS) {
                        assertThat(event.endpoint().process().parentPid()).as(event.toString()).isEqualTo(1L);
                    } else {
                        assertThat(event.endpoint().job().label()).isNotBlank();
                        assertThat(event.endpoint().job().plist()).contains("/Launch");
                    }
                }
            }
            assertThat(quarantined).isEmpty();
            assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).allSatisfy(text -> assertThat(
                    Json.mapper().readTree(text).path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z"));
        }
        assertThat(facts).containsExactlyInAnyOrder("PROCESS", "JOB");
    }

    @Test
    void eachAttackIsInTheTruthWithItsHostAndEachDecoyIsADecoy() throws Exception {
        List<Storyline> storylines = GroundTruth.read(out.resolve("truth.jsonl")).storylines();
        Set<String> hosts = folders(out.resolve("logs/osquery")).stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        List<Storyline> attacks = storylines.stream().filter(s -> s.storyline().startsWith("m-")).toList();
        assertThat(attacks.stream().map(Storyline::kind).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(MacAttacks.Kind.values()).map(k -> k.id).toList());
        assertThat(attacks).anyMatch(s -> "installed-before-logs".equals(s.variant())
                && s.start().isBefore(RUN.start().plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
        assertThat(attacks.stream().map(s -> s.principals().get(0)).distinct()).hasSize(attacks.size());
        for (Storyline attack : attacks) {
            assertThat(attack.principals()).as(attack.storyline()).hasSize(1).allMatch(hosts::contains);
            assertThat(attack.analytics()).containsExactly(MacAttacks.ANALYTIC);
            assertThat(attack.accepted()).isEmpty();
            assertThat(attack.credentials()).isEmpty();
            assertThat(attack.decoy()).isFalse();
            assertThat(attack.variant()).isNotBlank();
        }
        List<Storyline> decoys = storylines.stream().filter(s -> s.storyline().startsWith("md-")).toList();
        assertThat(decoys).extracting(Storyline::kind).contains("sanctioned-agent-rollout", "updater-schedule-change");
        assertThat(decoys).allSatisfy(d -> {
            assertThat(d.decoy()).isTrue();
            assertThat(d.analytics()).isEmpty();
            assertThat(hosts).containsAll(d.principals());
        });
        JsonNode population = Json.mapper().readTree(Files.readAllLines(out.resolve("truth.jsonl")).get(0));
        assertThat(population.path("hosts").asInt()).isEqualTo(hosts.size());
    }

    @Test
    void theSameSeedWritesTheSameFleetBytes(@TempDir Path again) throws Exception {
        RUN.run(again, day -> { });
        assertThat(digest(again)).isEqualTo(digest(out));
    }

    private static String shape(JsonNode line) {
        if (line.has("columns")) {
            assertThat(line.path("action").asText()).isIn("added", "removed");
            assertThat(line.has("diffResults") || line.has("snapshot")).isFalse();
            return "event";
        }
        if (line.has("diffResults")) {
            assertThat(line.has("action")).isFalse();
            assertThat(line.path("diffResults").path("added").isArray() && line.path("diffResults").path("removed").isArray()).isTrue();
            return "batch";
        }
        assertThat(line.path("snapshot").isArray()).isTrue();
        assertThat(line.path("action").asText()).isEqualTo("snapshot");
        return "snapshot";
    }

    private static List<JsonNode> rows(JsonNode line) {
        List<JsonNode> rows = new ArrayList<>();
        if (line.has("columns")) {
            rows.add(line.path("columns"));
        }
        line.path("diffResults").path("added").forEach(rows::add);
        line.path("diffResults").path("removed").forEach(rows::add);
        line.path("snapshot").forEach(rows::add);
        return rows;
    }

    private static List<Path> folders(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String digest(Path root) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<Path> all = new ArrayList<>();
        for (String part : List.of("logs/osquery", "logs/zeek")) {
            try (Stream<Path> files = Files.walk(root.resolve(part))) {
                all.addAll(files.filter(Files::isRegularFile).sorted().toList());
            }
        }
        all.add(root.resolve("truth.jsonl"));
        for (Path file : all) {
            sha.update(root.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
            try {
                sha.update(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
