package dev.tokenward.evaluate;

import java.time.Instant;
import java.util.List;

/**
 * One line of a ground-truth file: something that happened in the telemetry, and what should
 * detect it.
 *
 * <pre>
 * {"storyline":"s-0007","kind":"aitm-session-replay","principals":["priya.raman@tidewateranalytics.com"],
 *  "credentials":["idxskkEdUuX38qSngN9NC2hab"],"start":"2026-11-17T16:12:07Z","end":"2026-11-17T16:37:02Z",
 *  "analytics":["credential-roaming"]}
 * </pre>
 *
 * @param storyline   its id
 * @param kind        what sort of attack (or decoy)
 * @param principals  who it concerns
 * @param credentials the credential ids it uses
 * @param start       its first malicious event
 * @param end         its last event
 * @param analytics   the analytics expected to fire; empty for a decoy, which must raise nothing
 * @param decoy       a benign look-alike: alerts on it are false alerts
 */
public record Storyline(String storyline, String kind, List<String> principals, List<String> credentials, Instant start,
                        Instant end, List<String> analytics, boolean decoy) {
    public Storyline {
        dev.tokenward.event.Checks.require(storyline != null && !storyline.isBlank(), "a storyline needs an id");
        dev.tokenward.event.Checks.require(start != null && end != null && !end.isBefore(start),
                "storyline %s: start and end are required, end not before start", storyline);
        principals = principals == null ? List.of() : List.copyOf(principals);
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        analytics = analytics == null ? List.of() : List.copyOf(analytics);
    }
}
