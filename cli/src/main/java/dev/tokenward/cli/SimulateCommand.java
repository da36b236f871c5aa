package dev.tokenward.cli;

import dev.tokenward.simulate.Simulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code tokenward simulate}: a labelled tenant's telemetry and its ground truth. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generates an organisation's Okta, Entra ID, CloudTrail and 1Password logs, and its Macs' osquery results and the office's Zeek logs, in the products' own formats, "
                + "with attack storylines and benign look-alikes injected, and the ground truth for `tokenward evaluate`.",
                "Writes OUT/logs/ and OUT/truth.jsonl. The same options give the same bytes on every machine: the simulator "
                        + "reads no geo data, and writes the identity providers' own geolocation, errors included."})
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--principals", paramLabel = "N", defaultValue = "50",
            description = "People and workloads; about one in fifteen (at least 4) is a workload (default: ${DEFAULT-VALUE}).")
    int principals;

    @Option(names = "--days", paramLabel = "D", defaultValue = "3", description = "Days of telemetry (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start", paramLabel = "YYYY-MM-DD", description = "First day, UTC (default: " + "2026-11-02" + ").")
    String start;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write logs/ and truth.jsonl.")
    Path out;

    @Option(names = "--force", description = "Replace earlier output in DIR (its logs/ and truth.jsonl).")
    boolean force;

    @Option(names = "--no-progress", description = "Do not show a progress bar.")
    boolean noProgress;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintStream err = Terminal.err();
        try {
            return simulate(err);
        } catch (IOException e) {
            err.println("tokenward: cannot write the simulation to " + out + ": " + Outputs.reason(e) + " (" + e.getMessage() + ")");
            return Main.FAILED;
        } catch (java.io.UncheckedIOException e) {
            err.println("tokenward: cannot write the simulation to " + out + ": " + Outputs.reason(e.getCause()) + " ("
                    + e.getMessage() + ")");
            return Main.FAILED;
        }
    }

    private int simulate(PrintStream err) throws IOException {
        LocalDate first;
        Simulation simulation;
        try {
            first = start == null ? Simulation.DEFAULT_START : LocalDate.parse(start);
            simulation = new Simulation(principals, days, seed, first);
        } catch (DateTimeParseException e) {
            err.println("tokenward: --start: not a date (YYYY-MM-DD): " + start);
            return Main.USAGE;
        } catch (IllegalArgumentException e) {
            err.println("tokenward: " + e.getMessage());
            return Main.USAGE;
        }
        if (!prepare(err)) {
            return Main.USAGE;
        }
        long began = System.nanoTime();
        try (Terminal bar = Terminal.steps("simulate", days, "days", !noProgress && !quiet)) {
            Simulation.Result result = simulation.run(out, bar::stepTo);
            bar.close();
            if (!quiet) {
                double seconds = (System.nanoTime() - began) / 1e9;
                long extra = result.principalDays() / days - simulation.principals();
                err.printf(Locale.ROOT, "tokenward: %,d principals%s × %d days (%,d principal-days): %,d records in %,d files "
                                + "(%.1f MB) under %s, in %.1f s%n", simulation.principals(),
                        extra > 0 ? " and " + extra + " Google Cloud service accounts" : "", days, result.principalDays(),
                        result.records(), result.files(), result.bytes() / 1e6, out.resolve("logs"), seconds);
                result.recordsBySource().forEach((source, count) -> err.printf(Locale.ROOT, "  %-10s %,12d records%n", source, count));
                err.printf(Locale.ROOT, "  %d attack storylines and %d decoys in %s%n", result.storylines(), result.decoys(),
                        out.resolve("truth.jsonl"));
            }
        }
        return Main.OK;
    }

    /** Refuses to mix new output with old, unless told to replace it. */
    private boolean prepare(PrintStream err) throws IOException {
        Path logs = out.resolve("logs");
        Path truth = out.resolve("truth.jsonl");
        boolean earlier = Files.exists(truth) || Files.isDirectory(logs) && !isEmpty(logs);
        if (Files.exists(out) && !Files.isDirectory(out)) {
            err.println("tokenward: --out " + out + " is a file, not a directory");
            return false;
        }
        if (earlier && !force) {
            err.println("tokenward: " + out + " already holds a simulation (logs/ or truth.jsonl); choose another --out or add --force");
            return false;
        }
        if (earlier) {
            Files.deleteIfExists(truth);
            if (Files.isDirectory(logs)) {
                try (Stream<Path> walk = Files.walk(logs)) {
                    for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
        }
        return true;
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }
}
