package dev.tokenward.evaluate;

import java.time.Instant;
import java.util.List;

/**
 * One line of a ground-truth file: something that happened in the telemetry, and what should
 * detect it.
 *
 * <pre>
 * {"storyline":"s-0007","kind":"aitm-session-replay","variant":"replay from a residential proxy",
 *  "principals":["priya.raman@tidewateranalytics.com"],"credentials":["idxskkEdUuX38qSngN9NC2hab"],
 *  "bystanders":[],"start":"2026-11-17T16:12:07Z","end":"2026-11-17T16:37:02Z",
 *  "analytics":["credential-roaming"],"accepted":["impossible-travel"]}
 * </pre>
 *
 * @param storyline   its id
 * @param kind        what sort of attack, or for a decoy the benign hard case it is
 * @param variant     which variant of the kind, in words; may be null
 * @param principals  the attacking principal: the identity the attacker acts as
 * @param credentials the credential ids the attacker uses
 * @param bystanders  principals the attack touches without acting as them (accounts sprayed in vain)
 * @param start       its first malicious event
 * @param end         its last event
 * @param analytics   the analytics expected to fire; empty for a decoy, which must raise nothing
 * @param accepted    analytics whose alerts on it are right too, though not expected
 * @param decoy       a benign look-alike: alerts on it are false alerts
 * @param unseen      nothing that tells it apart reached a log (connections made between two socket snapshots, on a
 *                    Mac that logs no socket events, away from the office sensor): nothing can find it from these
 *                    logs; {@code evaluate} lists it apart as well as counting it with the rest
 */
public record Storyline(String storyline, String kind, String variant, List<String> principals, List<String> credentials,
                        List<String> bystanders, Instant start, Instant end, List<String> analytics, List<String> accepted,
                        boolean decoy, boolean unseen) {

    /** A storyline some log holds. */
    public Storyline(String storyline, String kind, String variant, List<String> principals, List<String> credentials,
                     List<String> bystanders, Instant start, Instant end, List<String> analytics, List<String> accepted,
                     boolean decoy) {
        this(storyline, kind, variant, principals, credentials, bystanders, start, end, analytics, accepted, decoy, false);
    }

    /** A storyline without variant, bystanders or accepted analytics. */
    public Storyline(String storyline, String kind, List<String> principals, List<String> credentials, Instant start,
                     Instant end, List<String> analytics, boolean decoy) {
        this(storyline, kind, null, principals, credentials, List.of(), start, end, analytics, List.of(), decoy);
    }

    public Storyline {
        dev.tokenward.event.Checks.require(storyline != null && !storyline.isBlank(), "a storyline needs an id");
        dev.tokenward.event.Checks.require(start != null && end != null && !end.isBefore(start),
                "storyline %s: start and end are required, end not before start", storyline);
        principals = principals == null ? List.of() : List.copyOf(principals);
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        bystanders = bystanders == null ? List.of() : List.copyOf(bystanders);
        analytics = analytics == null ? List.of() : List.copyOf(analytics);
        accepted = accepted == null ? List.of() : List.copyOf(accepted);
    }
}
