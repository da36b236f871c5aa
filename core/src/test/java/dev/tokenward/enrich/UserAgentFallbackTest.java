package dev.tokenward.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.event.ClientClass;
import dev.tokenward.event.Event;
import dev.tokenward.output.Json;
import dev.tokenward.simulate.Simulation;
import dev.tokenward.source.InputFile;
import dev.tokenward.source.InputReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With too little heap for the full user-agent parser, the rules and a heuristic stand in: on the
 * user agents of the samples, a simulated tenant and the shared format samples they must give the
 * same client classes, and the run says it was degraded.
 */
class UserAgentFallbackTest {
    private static final Path SAMPLES = Path.of("..", "samples");
    private static final Path FORMAT_SAMPLES = Path.of("..", "..", "shared", "datasets", "format-samples", "events.jsonl");

    @TempDir
    Path work;

    @Test
    void theFallbackGivesTheSameClientClassesAsTheFullParser() throws IOException {
        TreeSet<String> agents = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                agents.addAll(userAgents(file));
            }
        }
        new Simulation(30, 2, 5, LocalDate.of(2026, 11, 2)).run(work, day -> { });
        try (Stream<Path> files = Files.walk(work.resolve("logs"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                agents.addAll(userAgents(file));
            }
        }
        if (Files.exists(FORMAT_SAMPLES)) {
            try (BufferedReader lines = Files.newBufferedReader(FORMAT_SAMPLES, StandardCharsets.UTF_8)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    collect(Json.mapper().readTree(line).get("event"), agents);
                }
            }
        }
        assertThat(agents).hasSizeGreaterThan(50);

        ClientClassifier full = ClientClassifier.withYauaa(8L << 30);
        ClientClassifier fallback = ClientClassifier.withYauaa(96L << 20);
        Map<String, String> differ = new TreeMap<>();
        for (String agent : agents) {
            ClientClass expected = full.classify(agent).clientClass();
            ClientClass got = fallback.classify(agent).clientClass();
            if (expected != got) {
                differ.put(agent, "parser " + expected + ", fallback " + got);
            }
        }
        assertThat(differ).isEmpty();
        assertThat(full.degradation()).isEmpty();
        assertThat(fallback.degradation()).hasValueSatisfying(why -> assertThat(why)
                .containsPattern("^\\d+ user agents classified by rules and a heuristic instead of the full parser: the heap \\(96 MB\\) "
                        + "is smaller than the parser and the analytics need \\(400 MB; raise it with -Xmx"));
    }

    @Test
    void agentsTheRulesAndCanonicalFormsKnowNeverNeedTheParser() {
        ClientClassifier small = ClientClassifier.withYauaa(96L << 20);
        small.classify("aws-cli/2.22.4 md/awscrt#0.23.4 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.7");
        small.classify("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
        assertThat(small.degradation()).isEmpty();
    }

    private static java.util.List<String> userAgents(Path file) throws IOException {
        java.util.List<String> found = new java.util.ArrayList<>();
        try (InputReader reader = InputReader.open(InputFile.of(file), skipped -> { })) {
            for (Event event = reader.next(); event != null; event = reader.next()) {
                if (event.client().userAgent() != null) {
                    found.add(event.client().userAgent());
                }
            }
        }
        return found;
    }

    /** Every user-agent field of a record of any format. */
    private static void collect(JsonNode node, TreeSet<String> agents) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String name = field.getKey().toLowerCase(java.util.Locale.ROOT);
                if ((name.equals("useragent") || name.equals("rawuseragent") || name.equals("user_agent")) && field.getValue().isTextual()) {
                    agents.add(field.getValue().asText());
                } else {
                    collect(field.getValue(), agents);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, agents));
        }
    }
}
