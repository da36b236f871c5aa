package dev.tokenward.analytic;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an analytic found. The signal pipeline turns signals into alerts.
 *
 * @param analytic   the analytic's id
 * @param attack     ATT&CK references
 * @param time       the triggering event's time
 * @param severity   how bad
 * @param principal  who it concerns
 * @param credential the credential it concerns, or null
 * @param title      one line for the analyst, with the specifics
 * @param evidence   the events it rests on, oldest first; the last one triggered it
 * @param facts      what the analytic established, by name (first-seen facts, distances, counts)
 * @param decisive   the evidence that is the suspect's own (an attacker's use, not the owner's): the last one
 *                   unless the analytic says otherwise
 */
public record Signal(String analytic, List<String> attack, Instant time, Severity severity, String principal,
                     String credential, String title, List<Evidence> evidence, Map<String, String> facts, Evidence decisive) {
    public Signal {
        evidence = List.copyOf(evidence);
        facts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(facts));
        decisive = decisive != null || evidence.isEmpty() ? decisive : evidence.get(evidence.size() - 1);
    }

    public Signal(String analytic, List<String> attack, Instant time, Severity severity, String principal, String credential,
                  String title, List<Evidence> evidence, Map<String, String> facts) {
        this(analytic, attack, time, severity, principal, credential, title, evidence, facts, null);
    }
}
