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
}
