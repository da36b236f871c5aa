package dev.tokenward.signal;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** An incident's alerts told as one story: who, what, when, how bad, the questions and the plan. */
final class IncidentView {
    private static final int MAX_REASONS = 8;

    private IncidentView() {
    }

    static Incident of(String id, String kind, Instant first, Instant last, List<Alert> alerts, Set<String> indicators,
                       Set<String> alsoAffected, List<String> related, String mergedInto, List<String> merged, boolean campaign) {
        List<Alert> byTime = alerts.stream().sorted(Comparator.comparing(Alert::time).thenComparing(Alert::id)).toList();
        Set<String> principals = new LinkedHashSet<>();
        Set<String> credentials = new LinkedHashSet<>();
        Set<String> escalation = new LinkedHashSet<>();
        Set<String> steps = new LinkedHashSet<>();
        Set<String> stays = new LinkedHashSet<>();
        Set<String> disrupts = new LinkedHashSet<>();
        Set<Triage.Action> actions = new LinkedHashSet<>();
        Set<String> analytics = new TreeSet<>();
        int tier = campaign ? 2 : 1;
        for (Alert alert : byTime) {
            if (alert.principal() != null) {
                principals.add(alert.principal());
            }
            if (alert.credential() != null) {
                credentials.add(alert.credential());
            }
            alert.evidence().stream().map(Evidence::credential).filter(java.util.Objects::nonNull).forEach(credentials::add);
            analytics.add(alert.analytic());
            if (alert.triage() != null) {
                tier = Math.max(tier, alert.triage().tier());
                if (alert.triage().tier() == 2) {
                    escalation.addAll(alert.triage().escalation());
                }
                steps.addAll(alert.triage().containment());
                stays.addAll(alert.triage().staysValid());
                disrupts.addAll(alert.triage().disrupts());
                actions.addAll(alert.triage().actions());
            }
        }
        Set<String> below = new LinkedHashSet<>(alsoAffected);
        below.removeAll(principals);
        if (campaign) {
            escalation.add(0 < below.size() + principals.size() ? "Several accounts affected: " + (principals.size() + below.size())
                    + " accounts share " + String.join(", ", indicators) : "Several accounts affected");
        }
        if (tier == 1) {
            escalation.add("Tier 1: no alert of it meets a Tier 2 condition");
        }
        Severity severity = Incidents.worst(alerts);
        Alert worst = byTime.stream().filter(a -> a.severity() == severity).findFirst().orElse(byTime.get(0));
        String title = campaign ? "Campaign: " + (principals.size() + below.size()) + " accounts hit from " + String.join(", ", indicators)
                + "; " + worst.title() : worst.title();
        List<Incident.Entry> timeline = byTime.stream().map(a -> new Incident.Entry(a.time(), a.id(), a.analytic(), a.severity(),
                a.principal(), a.credential(), a.title())).toList();
        return new Incident(id, kind, title, first, last, severity, tier, escalation.stream().limit(MAX_REASONS).toList(),
                List.copyOf(principals), List.copyOf(below), List.copyOf(credentials), List.copyOf(indicators), related, alerts.size(),
                alerts.stream().map(Alert::id).toList(), List.copyOf(analytics), timeline, Incidents.questions(byTime),
                List.copyOf(steps), List.copyOf(stays), List.copyOf(disrupts), List.copyOf(actions), mergedInto,
                List.copyOf(merged));
    }
}
