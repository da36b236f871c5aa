package dev.tokenward.signal;

import dev.tokenward.analytic.Severity;

import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which alerts a person asked to see: a lowest severity, a reporting window (separate from the
 * history the analytics learn from: they still read everything) and principals. Nothing given
 * passes everything.
 *
 * @param minSeverity the lowest severity shown, or null
 * @param from        alerts at or after this time, or null
 * @param to          alerts before this time, or null
 * @param principals  alerts naming one of these principals (or listing them in a flood), empty for all
 */
public record AlertFilter(Severity minSeverity, Instant from, Instant to, Set<String> principals) implements Predicate<Alert> {
    public static final AlertFilter ALL = new AlertFilter(null, null, null, Set.of());

    public AlertFilter {
        principals = principals == null ? Set.of() : Set.copyOf(principals);
        dev.tokenward.event.Checks.require(from == null || to == null || from.isBefore(to), "--from must be before --to");
    }

    @Override
    public boolean test(Alert alert) {
        if (minSeverity != null && alert.severity().compareTo(minSeverity) < 0) {
            return false;
        }
        if (from != null && alert.time().isBefore(from) || to != null && !alert.time().isBefore(to)) {
            return false;
        }
        return principals.isEmpty() || principals.contains(alert.principal())
                || alert.flood() != null && alert.flood().principals().stream().anyMatch(principals::contains);
    }

    /** Whether an incident holds an alert that passes, given the alerts that passed. */
    public static boolean shown(Incident incident, Set<String> passed) {
        return incident.alerts().stream().anyMatch(passed::contains);
    }

    /** Whether nothing was asked for, so that every alert passes. */
    public boolean passesAll() {
        return minSeverity == null && from == null && to == null && principals.isEmpty();
    }
}
