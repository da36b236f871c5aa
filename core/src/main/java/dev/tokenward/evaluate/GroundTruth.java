package dev.tokenward.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.output.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A ground-truth file: JSON lines of storylines, and optionally one line
 * {@code {"type":"population","principals":200,"days":14}} that says how many principal-days the
 * telemetry covers. Every problem in the file is reported at once.
 *
 * @param storylines    the storylines
 * @param principalDays principals × days, or 0 when the file does not say
 * @param hostDays      hosts × days (the population line's {@code hosts}), or 0 when the file does not say
 */
public record GroundTruth(List<Storyline> storylines, long principalDays, long hostDays) {
    private static final com.fasterxml.jackson.databind.ObjectReader STORYLINES = Json.mapper().readerFor(Storyline.class)
            .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A truth or alerts file that cannot be used, with every problem found in it. */
    public static final class TruthException extends Exception {
        private static final long serialVersionUID = 1L;

        private final List<String> problems;

        public TruthException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public static GroundTruth read(Path file) throws IOException, TruthException {
        List<String> problems = new ArrayList<>();
        long[] principalDays = {0};
        long[] hostDays = {0};
        List<Storyline> storylines = JsonLinesFile.read(file, line -> {
            JsonNode node = Json.mapper().readTree(line);
            if ("population".equals(node.path("type").asText())) {
                principalDays[0] = node.path("principals").asLong() * node.path("days").asLong();
                hostDays[0] = node.path("hosts").asLong() * node.path("days").asLong();
                return null;
            }
            return STORYLINES.readValue(node);
        }, problems);
        if (!problems.isEmpty()) {
            throw new TruthException(problems);
        }
        return new GroundTruth(List.copyOf(storylines), principalDays[0], hostDays[0]);
    }
}
