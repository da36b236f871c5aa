package dev.tokenward.cli;

import dev.tokenward.config.Config;
import dev.tokenward.config.ConfigException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What every command that reads logs takes: the paths, the configuration and the quarantine file. */
final class InputOptions {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Log files or directories; - for standard input.")
    List<String> paths;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration (YAML): analytic settings, lateness.")
    Path config;

    @Option(names = "--inventory", paramLabel = "FILE", description = "The approved background services (YAML, see "
            + "`tokenward inventory learn`): unscheduled-background-api judges services by it instead of by what it learns "
            + "from the first days.")
    Path inventory;

    @Option(names = "--quarantine", paramLabel = "FILE", defaultValue = "tokenward-quarantine.jsonl",
            description = "Where input that could not be read goes, with its origin and reason (default: ${DEFAULT-VALUE}; "
                    + "created only when needed). It must lie outside the paths read.")
    Path quarantine;

    @Option(names = "--follow-symlinks", description = "Follow symbolic links inside directories wherever they lead "
            + "(default: only to files inside the paths named).")
    boolean followSymlinks;

    /** The configuration, or empty after telling what is wrong with it. */
    Optional<Config> config(PrintStream err) {
        try {
            Config loaded = config == null ? Config.defaults() : Config.load(config);
            if (inventory != null) {
                var entries = dev.tokenward.config.InventoryFile.load(inventory);
                for (var analytic : loaded.analytics()) {
                    if (analytic instanceof dev.tokenward.analytic.host.UnscheduledBackgroundApi background) {
                        loaded = loaded.withAnalytic(background.withInventory(entries));
                    }
                }
            }
            return Optional.of(loaded);
        } catch (ConfigException e) {
            err.println("tokenward: the configuration cannot be used:");
            e.problems().forEach(p -> err.println("  " + p));
            return Optional.empty();
        }
    }

    /** The inputs, or empty after telling which paths do not exist or hold no logs. */
    Optional<Inputs> inputs(PrintStream err, dev.tokenward.source.InputLimits limits) {
        Inputs inputs = Inputs.of(paths, followSymlinks, limits);
        if (!inputs.missing().isEmpty()) {
            err.println("tokenward: no such file or directory: " + String.join(", ", inputs.missing()));
            return Optional.empty();
        }
        if (inputs.files().isEmpty()) {
            err.println("tokenward: no log files found in " + String.join(", ", paths));
            inputs.notRead().forEach(skipped -> err.println("  " + skipped.file() + ": " + skipped.reason()));
            return Optional.empty();
        }
        return Optional.of(inputs);
    }

    /**
     * The outputs settled against the inputs, or empty after telling why one cannot be written;
     * {@code failed} receives the exit status to return.
     */
    Optional<Outputs> outputs(PrintStream err, Inputs inputs, List<Outputs.Wanted> wanted, int[] failed) {
        try {
            return Optional.of(Outputs.plan(inputs.roots(), wanted));
        } catch (Outputs.Refused refused) {
            err.println("tokenward: refusing to write: " + refused.getMessage());
            failed[0] = Main.USAGE;
        } catch (java.io.IOException e) {
            err.println("tokenward: " + e.getMessage());
            failed[0] = Main.FAILED;
        }
        return Optional.empty();
    }

    long totalBytes(Inputs inputs) {
        return inputs.files().stream().mapToLong(f -> Math.max(0, f.size())).sum();
    }
}
