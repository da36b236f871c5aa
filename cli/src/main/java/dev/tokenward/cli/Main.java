package dev.tokenward.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tokenward} command. */
@Command(name = "tokenward",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Detects stolen and replayed sessions, tokens and cloud keys in identity, cloud and SaaS logs.",
        subcommands = {DetectCommand.class, SimulateCommand.class, EvaluateCommand.class, CoverageCommand.class, GeoCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {

    /** Exit status: the run completed and read all of its input. */
    public static final int OK = 0;
    /** Exit status: an error stopped the run (unreadable configuration, unwritable output). */
    public static final int FAILED = 1;
    /** Exit status: the command line was wrong. */
    public static final int USAGE = 2;
    /** Exit status: the run completed, but some input was quarantined. */
    public static final int QUARANTINED = 3;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine line = new CommandLine(new Main());
        line.setExitCodeExceptionMapper(e -> FAILED);
        line.getCommandSpec().usageMessage().footer("",
                "Exit status: 0 done; 3 done, but some input was quarantined; 2 wrong usage; 1 failed.");
        return line;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            java.util.List<String> lines = new java.util.ArrayList<>();
            lines.add("tokenward " + (version == null ? "(development build)" : version));
            lines.add("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
            java.nio.file.Path geo = dev.tokenward.enrich.GeoData.defaultDirectory();
            java.util.Map<String, Object> manifest = GeoCommand.manifest(geo);
            if (manifest.isEmpty()) {
                lines.add("geo data: none in " + geo + " (tokenward geo update)");
            } else {
                manifest.forEach((name, entry) -> {
                    if (entry instanceof java.util.Map<?, ?> installed) {
                        lines.add("geo data: " + name + " " + installed.get("version") + " in " + geo);
                    }
                });
            }
            lines.add(dev.tokenward.enrich.GeoUpdate.ATTRIBUTION);
            return lines.toArray(String[]::new);
        }
    }
}
