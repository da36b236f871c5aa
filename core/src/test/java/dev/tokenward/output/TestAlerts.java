package dev.tokenward.output;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.event.Origin;
import dev.tokenward.signal.Alert;
import dev.tokenward.signal.Triage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Alerts for the sinks' tests: a replayed Okta session, the n-th of a run, with its own id, time and address. */
final class TestAlerts {
    private TestAlerts() {
    }

    static Alert replayedSession(int n) {
        Instant time = Instant.parse("2026-11-19T14:0" + n + ":00Z");
        Evidence evidence = new Evidence("okta", new Origin("okta/system-log.json", n, -1, "evt" + n), time, "user.session.access_admin_app",
                "185.220.101.4" + n, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        Triage triage = new Triage(2, List.of("Tier 2"), List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(),
                List.of("revoke the session"), List.of(), List.of(), List.of());
        return new Alert(String.format("%032x", 0xa1e7 + n), time, "credential-roaming", List.of("T1550.001", "AN0722"), Severity.HIGH,
                "priya.raman@tidewateranalytics.com", "idxskkEdUuX38qSngN9NC2hab", "Okta session used from a new network", List.of(evidence),
                triage);
    }
}
