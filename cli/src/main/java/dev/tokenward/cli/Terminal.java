package dev.tokenward.cli;

import dev.tokenward.runtime.Detection;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a person watching the terminal sees: progress on standard error when it is a terminal, and
 * every other line on it made safe to print. File names and messages can carry text from the logs
 * (escape sequences, carriage returns, bidirectional overrides) that would rewrite the screen.
 */
final class Terminal implements Detection.Progress, AutoCloseable {
    private final ProgressBar bar;

    private Terminal(ProgressBar bar) {
        this.bar = bar;
    }

    static Terminal progress(String task, long totalBytes, boolean wanted) {
        return bar(task, totalBytes, " MB", 1_000_000, wanted);
    }

    /** A bar counting steps (days, files) rather than bytes. */
    static Terminal steps(String task, long total, String unit, boolean wanted) {
        return bar(task, total, " " + unit, 1, wanted);
    }

    private static Terminal bar(String task, long total, String unit, long unitSize, boolean wanted) {
        if (!wanted || !stderrIsTerminal() || total <= 0) {
            return new Terminal(null);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(unit, unitSize)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250)
                .build();
        return new Terminal(bar);
    }

    @Override
    public void update(long bytesRead, long bytesTotal, long events) {
        if (bar != null) {
            bar.stepTo(Math.min(bytesRead, bytesTotal));
            bar.setExtraMessage(String.format(Locale.ROOT, "%,d events", events));
        }
    }

    void stepTo(long done) {
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    /** Standard error, with what it prints made {@link #safe}. */
    static PrintStream err() {
        PrintStream raw = System.err;
        return raw instanceof Safe ? raw : new Safe(raw);
    }

    /**
     * The text with the characters a terminal acts on shown as escapes: controls other than new
     * line and tab ({@code \x1b} for ESC), DEL, the C1 controls, the bidirectional overrides and
     * lone surrogates (U+202E is shown as backslash, u, 202e).
     */
    static String safe(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            boolean unsafe = c < 0x20 && c != '\n' && c != '\t' || c >= 0x7f && c <= 0x9f || c == 0x200e || c == 0x200f
                    || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069 || Character.isSurrogate(c) && !pair;
            if (unsafe && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (unsafe) {
                    out.append(c <= 0xff ? String.format(Locale.ROOT, "\\x%02x", (int) c) : String.format(Locale.ROOT, "\\u%04x", (int) c));
                } else {
                    out.append(c);
                    if (pair) {
                        out.append(text.charAt(++i));
                    }
                }
            } else if (pair) {
                i++;
            }
        }
        return out == null ? text : out.toString();
    }

    /** A print stream whose text goes through {@link #safe} on its way out. */
    private static final class Safe extends PrintStream {
        Safe(PrintStream out) {
            super(out, true, java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public void print(String text) {
            super.print(safe(text));
        }

        @Override
        public void print(Object value) {
            print(String.valueOf(value));
        }

        @Override
        public void println(String text) {
            synchronized (this) {
                print(text);
                println();
            }
        }

        @Override
        public void println(Object value) {
            println(String.valueOf(value));
        }
    }

    /** Linux tells through /proc; elsewhere, a console means a terminal. */
    static boolean stderrIsTerminal() {
        return isTerminal(2);
    }

    /** Whether standard output is a terminal (a person reading), not a file or a pipe. */
    static boolean stdoutIsTerminal() {
        return System.out == Main.STDOUT && isTerminal(1);
    }

    private static boolean isTerminal(int descriptor) {
        try {
            Path target = Path.of("/proc/self/fd/" + descriptor).toRealPath();
            String name = target.toString();
            return name.startsWith("/dev/pts/") || name.startsWith("/dev/tty");
        } catch (IOException | SecurityException notLinux) {
            return System.console() != null;
        }
    }

}
