package dev.tokenward.cli;

import dev.tokenward.runtime.Detection;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.IOException;
import java.nio.file.Path;

/** Progress on standard error, when standard error is a terminal a person is watching. */
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
            bar.setExtraMessage(String.format(java.util.Locale.ROOT, "%,d events", events));
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

    /** Linux tells through /proc; elsewhere, a console means a terminal. */
    static boolean stderrIsTerminal() {
        try {
            Path target = Path.of("/proc/self/fd/2").toRealPath();
            String name = target.toString();
            return name.startsWith("/dev/pts/") || name.startsWith("/dev/tty");
        } catch (IOException | SecurityException notLinux) {
            return System.console() != null;
        }
    }

}
