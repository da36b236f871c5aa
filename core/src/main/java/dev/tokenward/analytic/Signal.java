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
 * @param excusableBy addresses that, had they been known as the organisation's own network or as
 *                   networks the principal completes MFA from, would have kept the analytic from
 *                   raising this signal (a hop to the office is not roaming; a person's own VPN exit
 *                   is not attack infrastructure): while these are still being learnt, such a signal
 *                   is held back and dropped if one of them turns out to be the organisation's, or if
 *                   the principal completed MFA from every one of them on two days or more
 * @param excusableAsMobile addresses that, had they been known as a mobile carrier's, would have kept
 *                   the analytic from raising this signal (the same device on its own mobile data,
 *                   whose address is placed at the carrier's gateway): held back in the same way,
 *                   and dropped if one of them turns out to be a learnt carrier's
 * @param excusingPerson whose MFA networks excuse the signal in place of the principal's: the person
 *                   a role session is named after; null for the principal itself
 */
public record Signal(String analytic, List<String> attack, Instant time, Severity severity, String principal,
                     String credential, String title, List<Evidence> evidence, Map<String, String> facts, Evidence decisive,
                     List<String> excusableBy, List<String> excusableAsMobile, String excusingPerson) {
    public Signal {
        evidence = List.copyOf(evidence);
        facts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(facts));
        decisive = decisive != null || evidence.isEmpty() ? decisive : evidence.get(evidence.size() - 1);
        excusableBy = excusableBy == null ? List.of() : excusableBy.stream().filter(java.util.Objects::nonNull).toList();
        excusableAsMobile = excusableAsMobile == null ? List.of()
                : excusableAsMobile.stream().filter(java.util.Objects::nonNull).toList();
    }

    public Signal(String analytic, List<String> attack, Instant time, Severity severity, String principal, String credential,
                  String title, List<Evidence> evidence, Map<String, String> facts, Evidence decisive) {
        this(analytic, attack, time, severity, principal, credential, title, evidence, facts, decisive, List.of(), List.of(), null);
    }

    public Signal(String analytic, List<String> attack, Instant time, Severity severity, String principal, String credential,
                  String title, List<Evidence> evidence, Map<String, String> facts) {
        this(analytic, attack, time, severity, principal, credential, title, evidence, facts, null);
    }

    /** This signal, excusable by the given evidence's addresses (see {@link #excusableBy()}). */
    public Signal excusableBy(Evidence... by) {
        return excusableBy(excusingPerson, by);
    }

    /**
     * This signal, excusable by the given evidence's addresses as the organisation's or as networks
     * {@code person} completes MFA from (the person a role session is named after, whose own sign-ins
     * show their desk: the session's principal completes no MFA of its own).
     */
    public Signal excusableBy(String person, Evidence... by) {
        return new Signal(analytic, attack, time, severity, principal, credential, title, evidence, facts, decisive, ips(by),
                excusableAsMobile, person);
    }

    /** This signal, excusable by the given evidence's addresses turning out to be a mobile carrier's (see {@link #excusableAsMobile()}). */
    public Signal excusableAsMobile(Evidence... by) {
        return new Signal(analytic, attack, time, severity, principal, credential, title, evidence, facts, decisive, excusableBy,
                ips(by), excusingPerson);
    }

    /** Whether the signal could be excused by anything still being learnt. */
    public boolean excusable() {
        return !excusableBy.isEmpty() || !excusableAsMobile.isEmpty();
    }

    private static List<String> ips(Evidence... by) {
        return java.util.Arrays.stream(by).map(Evidence::ip).filter(java.util.Objects::nonNull).toList();
    }
}
