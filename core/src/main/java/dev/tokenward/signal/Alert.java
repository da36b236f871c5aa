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
 * @param attack     ATT&CK technique ids ({@code T1550.001})
 * @param attackAnalytics the ATT&CK detection analytics it implements ({@code AN0722})
 * @param severity   low, medium, high or critical
 * @param principal  who it concerns
 * @param credential the credential it concerns, or null
 * @param title      one line, with the specifics
 * @param evidence   the events it rests on, oldest first
 * @param triage     answered questions, escalation tier, containment
 * @param count      for a summarised flood, how many alerts it stands for; absent otherwise
 * @param flood      for a summarised flood, its span and the principals and credentials it named; absent otherwise
 * @param incident   the incident it was grouped into when it was raised (see {@link Incidents}); an incident merged
 *                   later into another says so in the incidents file
 * @param producer   the Tokenward version and the geolocation data that made it; absent in alerts made without them
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "time", "analytic", "attack", "attackAnalytics", "severity", "principal", "credential", "title", "incident",
    "evidence", "triage", "producer", "count", "flood"})
public record Alert(String id, Instant time, String analytic, List<String> attack, List<String> attackAnalytics, Severity severity,
                    String principal, String credential, String title, List<Evidence> evidence, Triage triage,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Long count,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Flood flood,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String incident,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Producer producer) {

    /** An alert whose ATT&CK references ({@code references}: techniques and analytics mixed) are sorted into their fields. */
    public Alert(String id, Instant time, String analytic, List<String> references, Severity severity, String principal,
                 String credential, String title, List<Evidence> evidence, Triage triage) {
        this(id, time, analytic, references, severity, principal, credential, title, evidence, triage, null, null);
    }

    /** The same, for a summary of a flood. */
    public Alert(String id, Instant time, String analytic, List<String> references, Severity severity, String principal,
                 String credential, String title, List<Evidence> evidence, Triage triage, Long count, Flood flood) {
        this(id, time, analytic, techniques(references), analytics(references), severity, principal, credential, title, evidence, triage,
                count, flood, null, null);
    }

    /** The same alert, in an incident. */
    public Alert inIncident(String id) {
        return new Alert(this.id, time, analytic, attack, attackAnalytics, severity, principal, credential, title, evidence, triage, count,
                flood, id, producer);
    }

    /** The same alert, saying what made it. */
    public Alert madeBy(Producer producer) {
        return new Alert(id, time, analytic, attack, attackAnalytics, severity, principal, credential, title, evidence, triage, count,
                flood, incident, producer);
    }

    /** The ATT&CK technique ids among references ({@code T1550.001}). */
    public static List<String> techniques(List<String> references) {
        return references == null ? List.of() : references.stream().filter(r -> r.startsWith("T")).toList();
    }

    /** The ATT&CK detection analytic ids among references ({@code AN0722}). */
    public static List<String> analytics(List<String> references) {
        return references == null ? List.of() : references.stream().filter(r -> r.startsWith("AN")).toList();
    }

    /**
     * What made an alert.
     *
     * @param tool    {@code tokenward} and its version
     * @param geoData the geolocation and network-owner data enrichment used, each with its version; empty when none
     */
    public record Producer(String tool, List<String> geoData) {
        public Producer {
            geoData = List.copyOf(geoData);
        }
    }

    /**
     * What a summary of a flood of one analytic's alerts covered.
     *
     * @param from              the first alert summarised
     * @param to                the last
     * @param principals        the first principals named, in order (capped)
     * @param principalCount    how many distinct principals were named
     * @param credentials       the first credentials named, in order (capped)
     * @param credentialCount   how many distinct credentials were named
     * @param countsAreAtLeast  true when there were too many to count exactly: the counts are lower bounds
     */
    public record Flood(Instant from, Instant to, List<String> principals, long principalCount, List<String> credentials,
                        long credentialCount, boolean countsAreAtLeast) {
        public Flood {
            principals = List.copyOf(principals);
            credentials = List.copyOf(credentials);
        }
    }
}
