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
 * Scores alerts against ground truth, strictly first. A <em>strict</em> true alert comes from an
 * analytic the storyline expects or accepts, names the storyline's attacking principal or one of
 * its credentials (not a bystander), and is raised, or rests on evidence, inside the storyline's
 * window widened by the tolerance (an alert raised when the victim comes back, with the attacker's
 * event as evidence, is about the attack). A storyline is detected when an analytic it expects
 * raised a strict true alert. Every other alert is false, and is put down to what caused it: the
 * benign hard case (decoy) whose principal, credential and window it matches, an attack it matched
 * only leniently (wrong analytic, or a bystander), or nothing known.
 *
 * <p>The <em>lenient</em> figures follow the older rule: any alert naming any principal, bystander
 * or credential of an attack inside the window is true, whatever its analytic.
 */
public final class Evaluation {

    /**
     * The scores: strict per analytic and overall, the lenient overall figures, and the false alerts
     * (strict) with their causes.
     */
    public record Report(List<Row> analytics, Row overall, Row lenient, long principalDays, List<String> missed,
                         List<String> falseAlerts, Map<String, Long> falseAlertsByCause, IncidentScore incidents, Row hosts,
                         long hostDays, List<String> unseen) {
    }

    /**
     * What the false alerts are counted against: principal-days, and for the analytics keyed by host
     * (whose alerts name hosts, not people), host-days.
     *
     * @param principalDays  principals × days; 0 when unknown
     * @param hostDays       hosts × days; 0 when unknown
     * @param hostAnalytics  the ids of the analytics keyed by host
     */
    public record Exposure(long principalDays, long hostDays, java.util.Set<String> hostAnalytics) {
        public Exposure {
            hostAnalytics = java.util.Set.copyOf(hostAnalytics);
        }

        boolean host(String analytic) {
            return hostAnalytics.contains(analytic);
        }
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
        return evaluate(truth, alerts, tolerance, new Exposure(principalDays, 0, java.util.Set.of()));
    }

    /**
     * The scores, with the host-keyed analytics' false alerts per 1,000 host-days: their rows, and an
     * "overall, hosts" row for the storylines that expect them; "overall" is then the rest.
     */
    public static Report evaluate(List<Storyline> truth, List<Alert> allAlerts, Duration tolerance, Exposure exposure) {
        long principalDays = exposure.principalDays();
        List<Storyline> hostAttacks = truth.stream().filter(s -> !s.decoy() && !s.analytics().isEmpty()
                && s.analytics().stream().allMatch(exposure::host)).toList();
        List<Alert> hostAlerts = allAlerts.stream().filter(a -> exposure.host(a.analytic())).toList();
        List<Alert> alerts = allAlerts.stream().filter(a -> !exposure.host(a.analytic())).toList();
        List<Storyline> attacks = truth.stream().filter(s -> !s.decoy() && !hostAttacks.contains(s)).toList();
        List<Storyline> decoys = truth.stream().filter(Storyline::decoy).toList();
        Map<String, List<Alert>> byAnalytic = new TreeMap<>();
        for (Alert alert : alerts) {
            byAnalytic.computeIfAbsent(alert.analytic(), a -> new ArrayList<>()).add(alert);
        }
        TreeSet<String> names = new TreeSet<>(byAnalytic.keySet());
        attacks.forEach(s -> names.addAll(s.analytics()));

        List<Row> rows = new ArrayList<>();
        for (Alert alert : hostAlerts) {
            byAnalytic.computeIfAbsent(alert.analytic(), a -> new ArrayList<>()).add(alert);
        }
        names.addAll(byAnalytic.keySet());
        hostAttacks.forEach(s -> names.addAll(s.analytics()));
        for (String analytic : names) {
            List<Alert> raised = byAnalytic.getOrDefault(analytic, List.of());
            boolean host = exposure.host(analytic);
            List<Storyline> scored = host ? hostAttacks : attacks;
            List<Storyline> expected = scored.stream().filter(s -> s.analytics().contains(analytic)).toList();
            rows.add(row(analytic, expected, raised, scored, tolerance, host ? exposure.hostDays() : principalDays, true));
        }
        Row hosts = hostAttacks.isEmpty() && hostAlerts.isEmpty() ? null
                : row("overall, hosts", hostAttacks, hostAlerts, hostAttacks, tolerance, exposure.hostDays(), true);
        Row overall = row("overall", attacks, alerts, attacks, tolerance, principalDays, true);
        Row lenient = row("overall, lenient", attacks, alerts, attacks, tolerance, principalDays, false);
        List<String> missed = new ArrayList<>();
        for (Storyline storyline : java.util.stream.Stream.concat(attacks.stream(), hostAttacks.stream()).toList()) {
            if (allAlerts.stream().noneMatch(a -> storyline.analytics().contains(a.analytic()) && matches(a, storyline, tolerance))) {
                missed.add(storyline.storyline() + " (" + storyline.kind() + (storyline.variant() == null ? "" : ": " + storyline.variant())
                        + ")" + (storyline.unseen() ? ": unseen" : ""));
            }
        }
        List<String> falseAlerts = new ArrayList<>();
        Map<String, Long> byCause = new TreeMap<>();
        for (Alert alert : allAlerts) {
            List<Storyline> scored = exposure.host(alert.analytic()) ? hostAttacks : attacks;
            if (scored.stream().noneMatch(s -> matches(alert, s, tolerance))) {
                String cause = cause(alert, scored, decoys, tolerance);
                byCause.merge(cause, 1L, Long::sum);
                falseAlerts.add(alert.analytic() + " " + alert.time() + " " + alert.principal() + " [" + cause + "]: " + alert.title());
            }
        }
        return new Report(rows, overall, lenient, principalDays, missed, falseAlerts, byCause,
                IncidentScore.of(truth, allAlerts, tolerance, dev.tokenward.signal.Incidents.Settings.DEFAULTS), hosts, exposure.hostDays(),
                truth.stream().filter(s -> !s.decoy() && s.unseen()).map(Storyline::storyline).toList());
    }

    /** What a false alert is put down to: a hard case it fell on, an attack it only half matched, or nothing known. */
    private static String cause(Alert alert, List<Storyline> attacks, List<Storyline> decoys, Duration tolerance) {
        for (Storyline decoy : decoys) {
            if (matchesLeniently(alert, decoy, tolerance)) {
                return decoy.kind() + (decoy.variant() == null ? "" : ": " + decoy.variant());
            }
        }
        for (Storyline attack : attacks) {
            if (matchesLeniently(alert, attack, tolerance)) {
                return "near " + attack.kind() + " (" + (attack.analytics().contains(alert.analytic()) || attack.accepted().contains(alert.analytic())
                        ? "a bystander" : "an analytic it does not expect") + ")";
            }
        }
        return "no storyline";
    }

    private static Row row(String name, List<Storyline> expected, List<Alert> raised, List<Storyline> attacks,
                           Duration tolerance, long principalDays, boolean strict) {
        int trueAlerts = 0;
        for (Alert alert : raised) {
            if (attacks.stream().anyMatch(s -> strict ? matches(alert, s, tolerance) : matchesLeniently(alert, s, tolerance))) {
                trueAlerts++;
            }
        }
        List<Duration> delays = new ArrayList<>();
        int detected = 0;
        for (Storyline storyline : expected) {
            Instant first = raised.stream()
                    .filter(a -> strict ? storyline.analytics().contains(a.analytic()) && matches(a, storyline, tolerance)
                            : matchesLeniently(a, storyline, tolerance))
                    .map(Alert::time).min(Comparator.naturalOrder()).orElse(null);
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

    /**
     * Strictly: from an analytic the storyline expects or accepts, naming its attacking principal or
     * one of its credentials, inside the window (or resting on evidence inside it).
     */
    static boolean matches(Alert alert, Storyline storyline, Duration tolerance) {
        boolean analytic = storyline.analytics().contains(alert.analytic()) || storyline.accepted().contains(alert.analytic());
        boolean who = names(storyline.principals(), alert.principal())
                || alert.credential() != null && storyline.credentials().contains(alert.credential());
        return analytic && who && inWindow(alert, storyline, tolerance);
    }

    /** Leniently: any analytic, naming any principal, bystander or credential of the storyline, inside the window. */
    static boolean matchesLeniently(Alert alert, Storyline storyline, Duration tolerance) {
        boolean who = names(storyline.principals(), alert.principal()) || names(storyline.bystanders(), alert.principal())
                || alert.credential() != null && storyline.credentials().contains(alert.credential());
        return who && inWindow(alert, storyline, tolerance);
    }

    /** Whether the list names the principal, ignoring case: host names (TWA-MBP-0142, twa-mbp-0142) and e-mail addresses have none. */
    private static boolean names(List<String> principals, String principal) {
        return principal != null && principals.stream().anyMatch(principal::equalsIgnoreCase);
    }

    private static boolean inWindow(Alert alert, Storyline storyline, Duration tolerance) {
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
        json.put("lenient", rowJson(report.lenient()));
        if (report.hosts() != null) {
            json.put("hostDays", report.hostDays());
            json.put("hosts", rowJson(report.hosts()));
        }
        json.put("missed", report.missed());
        json.put("unseen", report.unseen());
        json.put("falseAlerts", report.falseAlerts());
        json.put("falseAlertsByCause", report.falseAlertsByCause());
        json.put("incidents", report.incidents());
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
