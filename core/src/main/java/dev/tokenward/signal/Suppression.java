package dev.tokenward.signal;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A known benign pattern that should not alert: scoped to one analytic and one entity (a principal,
 * a glob of principals, or a credential), with the reason someone gave and a date after which it
 * no longer applies. Expiry is judged against the alert's event time, so a rerun of the same logs
 * suppresses the same alerts. Every suppressed alert is counted against its suppression in the
 * run's summary.
 *
 * <pre>
 * suppressions:
 *   - analytic: impossible-travel
 *     principal: james.okafor@tidewateranalytics.com    # or a glob: "svc-*@tidewateranalytics.com"
 *     reason: "Relocating to the Helsinki office; SEC-4412"
 *     expires: 2026-12-31                              # a date (end of that day, UTC) or an ISO-8601 instant
 *   - analytic: credential-roaming
 *     credential: AKIAJM7FWNEW2PETUC2K
 *     reason: "Key shared by the build farm until the migration; SEC-4390"
 *     expires: 2027-01-15T00:00:00Z
 * </pre>
 *
 * @param analytic   the analytic whose alerts it suppresses
 * @param principal  the principal, or a glob of principals ({@code *} any run of characters); null when by credential
 * @param credential the credential id; null when by principal
 * @param reason     why, in words: shown in every summary
 * @param expires    alerts at or after this time are not suppressed
 */
public record Suppression(String analytic, String principal, String credential, String reason, Instant expires)
        implements Predicate<Alert> {
    private static final Set<String> KEYS = Set.of("analytic", "principal", "credential", "reason", "expires");

    @Override
    public boolean test(Alert alert) {
        if (!analytic.equals(alert.analytic()) || !alert.time().isBefore(expires)) {
            return false;
        }
        if (credential != null && !credential.equals(alert.credential())) {
            return false;
        }
        return principal == null || alert.principal() != null && dev.tokenward.event.Globs.pattern(principal).matcher(alert.principal()).matches();
    }

    /** "impossible-travel for james.okafor@… until 2026-12-31T23:59:59Z: reason". */
    public String describe() {
        return analytic + " for " + (principal != null ? principal : "") + (principal != null && credential != null ? ", " : "")
                + (credential != null ? credential : "") + " until " + expires + ": " + reason;
    }

    /**
     * The {@code suppressions:} list of a configuration, every problem collected with its place.
     *
     * @param origin   the configuration file's name, for messages
     * @param node     the list, or null
     * @param analytic whether an analytic id exists
     */
    public static List<Suppression> parse(String origin, JsonNode node, Predicate<String> analytic, List<String> problems) {
        List<Suppression> parsed = new ArrayList<>();
        if (node == null || node.isNull()) {
            return parsed;
        }
        if (!node.isArray()) {
            problems.add(origin + ": suppressions: must be a list");
            return parsed;
        }
        for (int i = 0; i < node.size(); i++) {
            String at = origin + ": suppressions[" + i + "]";
            JsonNode entry = node.get(i);
            if (!entry.isObject()) {
                problems.add(at + ": must be a mapping with analytic, principal or credential, reason and expires");
                continue;
            }
            int before = problems.size();
            for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!KEYS.contains(name)) {
                    problems.add(at + "." + name + ": unknown setting (known: analytic, principal, credential, reason, expires)");
                }
            }
            String id = text(entry, "analytic");
            String principal = text(entry, "principal");
            String credential = text(entry, "credential");
            String reason = text(entry, "reason");
            if (id == null) {
                problems.add(at + ".analytic: required: a suppression is scoped to one analytic");
            } else if (!analytic.test(id)) {
                problems.add(at + ".analytic: no such analytic: " + id);
            }
            if (principal == null && credential == null) {
                problems.add(at + ": name the principal or the credential it is for: a suppression is scoped to an entity");
            }
            if (reason == null) {
                problems.add(at + ".reason: required: say why the pattern is benign (it is shown in every summary)");
            }
            Instant expires = expires(at, text(entry, "expires"), problems);
            if (problems.size() == before) {
                parsed.add(new Suppression(id, principal, credential, reason, expires));
            }
        }
        return parsed;
    }

    private static Instant expires(String at, String text, List<String> problems) {
        if (text == null) {
            problems.add(at + ".expires: required: a date (2026-12-31) or an instant after which it no longer applies");
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(text).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                problems.add(at + ".expires: not a date or an ISO-8601 instant: " + text);
                return null;
            }
        }
    }

    private static String text(JsonNode entry, String name) {
        JsonNode value = entry.get(name);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText().trim();
    }
}
