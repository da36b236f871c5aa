package dev.tokenward.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.tokenward.event.Event;
import dev.tokenward.output.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files: each raw record file under {@code sources/<format>/} of the test resources, read by
 * the real reader, must give exactly the normalized events in the {@code .expected.json} beside it.
 * To write the expected files after a deliberate mapping change, run with
 * {@code -Dtokenward.golden.update=true} and review the diff.
 */
class GoldenSourcesTest {
    private static final boolean UPDATE = Boolean.getBoolean("tokenward.golden.update");
    private static final ObjectWriter PRETTY = Json.mapper().writerWithDefaultPrettyPrinter();

    static Stream<Path> raw() throws IOException, URISyntaxException {
        Path root = Path.of(GoldenSourcesTest.class.getResource("/sources").toURI());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> tree = Files.walk(root)) {
            tree.filter(p -> (p.toString().endsWith(".json") || p.toString().endsWith(".log") || p.toString().endsWith(".csv")) && !p.toString().endsWith(".expected.json"))
                    .sorted().forEach(files::add);
        }
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("raw")
    void readsToTheExpectedEvents(Path file) throws IOException {
        String format = file.getParent().getFileName().toString();
        String name = format + "/" + file.getFileName();
        List<Quarantined> quarantined = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        try (InputReader reader = InputReader.open(InputFile.ofBytes(name, Files.readAllBytes(file)), quarantined::add)) {
            for (Event e = reader.next(); e != null; e = reader.next()) {
                events.add(e);
            }
            assertThat(reader.format()).as("detected format").isEqualTo(Format.byId(format).orElseThrow());
        }
        assertThat(quarantined).as("quarantined records").isEmpty();
        assertThat(events).as("events").isNotEmpty();

        String actual = PRETTY.writeValueAsString(events) + "\n";
        Path expectedFile = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.(json|log|csv)$", ".expected.json"));
        if (UPDATE) {
            expectedFile = sourceTree(expectedFile);
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(expectedFile)).as("expected file " + expectedFile.getFileName() + " exists").isTrue();
        JsonNode expected = Json.mapper().readTree(expectedFile.toFile());
        assertThat(actual).as(name).isEqualTo(PRETTY.writeValueAsString(expected) + "\n");
    }

    /** The copy under src/test/resources, so that updates survive the build. */
    private static Path sourceTree(Path compiled) {
        String path = compiled.toString().replace("/target/test-classes/", "/src/test/resources/");
        try {
            Files.createDirectories(Path.of(path).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Path.of(path);
    }
}
