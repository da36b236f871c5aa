package dev.tokenward.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tokenward} command. */
@Command(name = "tokenward",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Detects stolen and replayed sessions, tokens and cloud keys in identity, cloud and SaaS logs.",
        subcommands = {DetectCommand.class, ReportCommand.class, RespondCommand.class, SimulateCommand.class, EvaluateCommand.class, CoverageCommand.class, GeoCommand.class, InventoryCommand.class,
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

    /** The process's own standard output, as the JVM set it up. */
    static final java.io.PrintStream STDOUT = System.out;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * Standard output for what a command produces (alerts, reports): the process's descriptor
     * itself, so that a closed pipe or a full disk fails the write with its cause; the stream that
     * replaced it, where one did (a caller capturing output).
     */
    static java.io.OutputStream stdout() {
        return System.out == STDOUT ? new java.io.FileOutputStream(java.io.FileDescriptor.out) : System.out;
    }

    static CommandLine commandLine() {
        CommandLine line = new CommandLine(new Main());
        line.setExitCodeExceptionMapper(e -> FAILED);
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        line.setExecutionStrategy(parsed -> {
            int status = run.execute(parsed);
            if (System.out.checkError()) {
                Terminal.err().println("tokenward: cannot write to standard output (a closed pipe or a full disk); its output is incomplete");
                return status == OK || status == QUARANTINED ? FAILED : status;
            }
            return status;
        });
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
