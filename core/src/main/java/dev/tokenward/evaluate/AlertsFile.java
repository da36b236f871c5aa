package dev.tokenward.evaluate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.tokenward.output.Json;
import dev.tokenward.signal.Alert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The alerts a detect run wrote, read back for evaluation. */
public final class AlertsFile {
    private static final ObjectReader ALERTS = Json.mapper().readerFor(Alert.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AlertsFile() {
    }

    /** Every alert; every line that is not one is reported, all at once. */
    public static List<Alert> read(Path file) throws IOException, GroundTruth.TruthException {
        List<String> problems = new ArrayList<>();
        List<Alert> alerts = JsonLinesFile.read(file, line -> ALERTS.readValue(line), problems);
        if (!problems.isEmpty()) {
            throw new GroundTruth.TruthException(problems);
        }
        return alerts;
    }
}
