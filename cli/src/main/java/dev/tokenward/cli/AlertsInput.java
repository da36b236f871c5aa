package dev.tokenward.cli;

import dev.tokenward.evaluate.AlertsFile;
import dev.tokenward.evaluate.GroundTruth;
import dev.tokenward.signal.Alert;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** An alerts file that detect wrote, read for the commands that work from it alone (report, respond). */
final class AlertsInput {
    private AlertsInput() {
    }

    /**
     * The alerts, or empty after saying why the file cannot be used (it is missing, or its lines are
     * not alerts): a usage error. A file that cannot be read is an {@link IOException}.
     */
    static Optional<List<Alert>> read(Path file, PrintStream err) throws IOException {
        try {
            return Optional.of(AlertsFile.read(file));
        } catch (NoSuchFileException e) {
            err.println("tokenward: no such file: " + e.getFile());
        } catch (GroundTruth.TruthException e) {
            err.println("tokenward: " + file + " is not an alerts file written by detect:");
            e.problems().stream().limit(10).forEach(p -> err.println("  " + p));
        }
        return Optional.empty();
    }
}
