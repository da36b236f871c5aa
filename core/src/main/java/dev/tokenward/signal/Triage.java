package dev.tokenward.signal;

import java.util.List;
import java.util.Map;

/**
 * What an analyst needs next: the questions of the T1550.001 playbook that the evidence already
 * answers, who should handle it, and how to contain it.
 *
 * @param tier        1 for the first-line queue, 2 for escalation
 * @param answers     playbook questions answered from the evidence
 * @param containment steps to contain it, most urgent first
 */
public record Triage(int tier, Map<String, String> answers, List<String> containment) {
    public Triage {
        answers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(answers));
        containment = List.copyOf(containment);
    }
}
