package dev.tokenward.evaluate;

import dev.tokenward.signal.Alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Scores alerts against ground truth. An alert matches a storyline when it names one of its
 * principals or credentials and its time, or the time of an event it gives as evidence, falls
 * inside the storyline's window widened by the tolerance (an alert raised when the victim comes
 * back, with the attacker's event as evidence, is about the attack); an alert that matches no (non-decoy) storyline is a false alert. Per analytic and
 * overall: storylines detected and missed, false alerts, precision, recall, false alerts per
 * 1,000 principal-days, and time from a storyline's first malicious event to its first alert.
 */
public final class Evaluation {

    /** The scores. Per analytic, storylines count when the analytic was expected to fire on them. */
    public record Report(List<Row> analytics, Row overall, long principalDays, List<String> missed, List<String> falseAlerts) {
    }

    /**
     * @param name                   analytic id, or "overall"
     * @param storylines             storylines it was expected to detect
     * @param detected               of those, detected
     * @param alerts                 alerts it raised
     * @param trueAlerts             of those, matching a storyline
     * @param falseAlerts            of those, matching none
     * @param precision              true / all alerts (1 when there are none)
     * @param recall                 detected / expected (1 when none were expected)
     * @param falsePer1000PrincipalDays false alerts per 1,000 principal-days
     * @param medianTimeToDetect     median of first alert minus storyline start, over detected storylines
     * @param maxTimeToDetect        the longest of those
     */
    public record Row(String name, int storylines, int detected, int alerts, int trueAlerts, int falseAlerts,
                      double precision, double recall, double falsePer1000PrincipalDays, Duration medianTimeToDetect,
                      Duration maxTimeToDetect) {
    }

    private Evaluation() {
    }

    public static Report evaluate(List<Storyline> truth, List<Alert> alerts, Duration tolerance, long principalDays) {
        List<Storyline> attacks = truth.stream().filter(s -> !s.decoy()).toList();
        Map<String, List<Alert>> byAnalytic = new TreeMap<>();
        for (Alert alert : alerts) {
            byAnalytic.computeIfAbsent(alert.analytic(), a -> new ArrayList<>()).add(alert);
        }
        TreeSet<String> names = new TreeSet<>(byAnalytic.keySet());
        attacks.forEach(s -> names.addAll(s.analytics()));

        List<Row> rows = new ArrayList<>();
        List<String> falseAlerts = new ArrayList<>();
        for (String analytic : names) {
            List<Alert> raised = byAnalytic.getOrDefault(analytic, List.of());
            List<Storyline> expected = attacks.stream().filter(s -> s.analytics().contains(analytic)).toList();
            rows.add(row(analytic, expected, raised, attacks, tolerance, principalDays, falseAlerts));
        }
        List<String> missed = new ArrayList<>();
        Row overall = row("overall", attacks, alerts, attacks, tolerance, principalDays, null);
        for (Storyline storyline : attacks) {
            if (alerts.stream().noneMatch(a -> matches(a, storyline, tolerance))) {
                missed.add(storyline.storyline() + " (" + storyline.kind() + ")");
            }
        }
        return new Report(rows, overall, principalDays, missed, falseAlerts);
    }

    private static Row row(String name, List<Storyline> expected, List<Alert> raised, List<Storyline> attacks,
                           Duration tolerance, long principalDays, List<String> falseAlerts) {
        int trueAlerts = 0;
        for (Alert alert : raised) {
            if (attacks.stream().anyMatch(s -> matches(alert, s, tolerance))) {
                trueAlerts++;
            } else if (falseAlerts != null) {
                falseAlerts.add(alert.analytic() + " " + alert.time() + " " + alert.principal() + ": " + alert.title());
            }
        }
        List<Duration> delays = new ArrayList<>();
        int detected = 0;
        for (Storyline storyline : expected) {
            Instant first = raised.stream().filter(a -> matches(a, storyline, tolerance)).map(Alert::time)
                    .min(Comparator.naturalOrder()).orElse(null);
            if (first != null) {
                detected++;
                Duration delay = Duration.between(storyline.start(), first);
                delays.add(delay.isNegative() ? Duration.ZERO : delay);
            }
        }
        delays.sort(null);
        int falseCount = raised.size() - trueAlerts;
        return new Row(name, expected.size(), detected, raised.size(), trueAlerts, falseCount,
                raised.isEmpty() ? 1.0 : (double) trueAlerts / raised.size(),
                expected.isEmpty() ? 1.0 : (double) detected / expected.size(),
                principalDays <= 0 ? Double.NaN : falseCount * 1000.0 / principalDays,
                delays.isEmpty() ? null : delays.get(delays.size() / 2),
                delays.isEmpty() ? null : delays.get(delays.size() - 1));
    }

    /** Same principal or credential, raised or resting on evidence inside the storyline's window widened by the tolerance. */
    static boolean matches(Alert alert, Storyline storyline, Duration tolerance) {
        boolean who = storyline.principals().contains(alert.principal())
                || alert.credential() != null && storyline.credentials().contains(alert.credential());
        if (!who) {
            return false;
        }
        Instant from = storyline.start().minus(tolerance);
        Instant to = storyline.end().plus(tolerance);
        if (!alert.time().isBefore(from) && !alert.time().isAfter(to)) {
            return true;
        }
        return alert.evidence() != null && alert.evidence().stream()
                .anyMatch(e -> e.time() != null && !e.time().isBefore(from) && !e.time().isAfter(to));
    }

    /** The report as plain data for JSON output, with durations in seconds. */
    public static Map<String, Object> asJson(Report report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("principalDays", report.principalDays());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row row : report.analytics()) {
            rows.add(rowJson(row));
        }
        json.put("analytics", rows);
        json.put("overall", rowJson(report.overall()));
        json.put("missed", report.missed());
        json.put("falseAlerts", report.falseAlerts());
        return json;
    }

    private static Map<String, Object> rowJson(Row row) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", row.name());
        json.put("storylines", row.storylines());
        json.put("detected", row.detected());
        json.put("missed", row.storylines() - row.detected());
        json.put("alerts", row.alerts());
        json.put("falseAlerts", row.falseAlerts());
        json.put("precision", row.precision());
        json.put("recall", row.recall());
        json.put("falseAlertsPer1000PrincipalDays", Double.isNaN(row.falsePer1000PrincipalDays()) ? null : row.falsePer1000PrincipalDays());
        json.put("medianSecondsToDetect", row.medianTimeToDetect() == null ? null : row.medianTimeToDetect().toSeconds());
        json.put("maxSecondsToDetect", row.maxTimeToDetect() == null ? null : row.maxTimeToDetect().toSeconds());
        return json;
    }
}
