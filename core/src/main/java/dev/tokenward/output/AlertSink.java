package dev.tokenward.output;

import dev.tokenward.signal.Alert;

import java.io.IOException;
import java.util.List;

/** Somewhere alerts are delivered at least once, never again once acknowledged (the ledger says which were). */
public interface AlertSink {

    /** What a delivery did: sent and acknowledged, skipped as acknowledged before, refused or given up on (id: why). */
    record Report(int delivered, int skipped, List<String> failed) {
        public Report {
            failed = List.copyOf(failed);
        }
    }

    Report deliver(List<Alert> alerts, DeliveryLedger ledger) throws IOException;

    /** {@code path} under a service's base URL, whether or not the base ends with a slash. */
    static java.net.URI under(java.net.URI base, String path) {
        String root = base.toString();
        return java.net.URI.create(root.endsWith("/") ? root + path : root + "/" + path);
    }

    /** The alerts in consecutive batches of at most {@code size}. */
    static List<List<Alert>> batches(List<Alert> alerts, int size) {
        List<List<Alert>> batches = new java.util.ArrayList<>();
        for (int from = 0; from < alerts.size(); from += size) {
            batches.add(alerts.subList(from, Math.min(alerts.size(), from + size)));
        }
        return batches;
    }
}
