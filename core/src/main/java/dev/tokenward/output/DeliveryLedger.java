package dev.tokenward.output;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The alert ids a receiver has acknowledged, one per line, appended as each is acknowledged and
 * flushed to disk: a run interrupted and run again sends only what was not acknowledged. A line cut
 * short by a crash is ignored (ids are hexadecimal of one length, so a fragment cannot match).
 */
public final class DeliveryLedger implements Closeable {
    private final Set<String> acknowledged = new HashSet<>();
    private final BufferedWriter out;

    private DeliveryLedger(BufferedWriter out) {
        this.out = out;
    }

    /** The ledger in {@code file}, created when missing. */
    public static DeliveryLedger open(Path file) throws IOException {
        Set<String> known = new HashSet<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    known.add(line.trim());
                }
            }
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        DeliveryLedger ledger = new DeliveryLedger(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.DSYNC));
        ledger.acknowledged.addAll(known);
        return ledger;
    }

    /** The alerts still to send, in order: those not acknowledged, each id once. */
    public java.util.List<dev.tokenward.signal.Alert> unacknowledged(java.util.List<dev.tokenward.signal.Alert> alerts) {
        Set<String> seen = new HashSet<>();
        return alerts.stream().filter(alert -> !acknowledged(alert.id()) && seen.add(alert.id())).toList();
    }

    public boolean acknowledged(String id) {
        return acknowledged.contains(id);
    }

    public void record(String id) throws IOException {
        if (acknowledged.add(id)) {
            out.write(id);
            out.write('\n');
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
