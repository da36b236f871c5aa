package dev.tokenward.signal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;

import java.time.Instant;
import java.util.List;

/**
 * The output contract: one JSON line per alert. Keys are stable from the first release.
 *
 * @param id         deterministic: the same input gives the same id
 * @param time       the triggering event's time
 * @param analytic   the analytic's id
 * @param attack     ATT&CK references
 * @param severity   low, medium, high or critical
 * @param principal  who it concerns
 * @param credential the credential it concerns, or null
 * @param title      one line, with the specifics
 * @param evidence   the events it rests on, oldest first
 * @param triage     answered questions, escalation tier, containment
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "time", "analytic", "attack", "severity", "principal", "credential", "title", "evidence", "triage"})
public record Alert(String id, Instant time, String analytic, List<String> attack, Severity severity,
                    String principal, String credential, String title, List<Evidence> evidence, Triage triage) {
}
