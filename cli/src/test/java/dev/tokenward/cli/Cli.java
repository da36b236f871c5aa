package dev.tokenward.cli;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the command line in-process and captures what it prints. */
record Cli(int exit, String out, String err) {

    static Cli run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Cli result = run(out, args);
        return new Cli(result.exit(), out.toString(StandardCharsets.UTF_8), result.err());
    }

    /** The same with standard output going to {@code stdout} (its text is not captured). */
    static Cli run(OutputStream stdout, String... args) {
        CommandLine line = Main.commandLine();
        StringWriter usage = new StringWriter();
        line.setErr(new PrintWriter(usage));
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = line.execute(args);
            return new Cli(exit, "", usage + err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }
}
