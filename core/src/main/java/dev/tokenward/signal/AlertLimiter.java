package dev.tokenward.signal;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Summarises floods: per analytic and (UTC) hour of event time, the first
 * {@link AlertLimits#maxPerHour()} alerts pass as they are; the rest are folded into one summary
 * alert, written when the analytic's next alert falls in a later hour or at the end. Event time
 * only, so the same input gives the same alerts and summaries.
 */
public final class AlertLimiter implements Consumer<Alert> {
    /** Distinct principals and credentials counted exactly up to this many per summary; past it, the count is a lower bound. */
    private static final int COUNTED = 10_000;

    private final AlertLimits limits;
    private final Consumer<Alert> out;
    private final Map<String, Hour> hours = new TreeMap<>();

    public AlertLimiter(AlertLimits limits, Consumer<Alert> out) {
        this.limits = limits;
        this.out = out;
    }

    @Override
    public void accept(Alert alert) {
        long hour = Math.floorDiv(alert.time().getEpochSecond(), 3600);
        Hour current = hours.get(alert.analytic());
        if (current == null || hour > current.hour) {
            if (current != null) {
                current.summarise();
            }
            current = new Hour(hour);
            hours.put(alert.analytic(), current);
        }
        if (++current.written <= limits.maxPerHour()) {
            out.accept(alert);
        } else {
            current.fold(alert);
        }
    }

    /** The end of the input: the floods still open are summarised. */
    public void finish() {
        hours.values().forEach(Hour::summarise);
        hours.clear();
    }

    /** One analytic's alerts in one hour: how many passed, and the summary of the rest. */
    private final class Hour {
        final long hour;
        int written;
        long folded;
        Alert first;
        Alert last;
        Severity worst = Severity.LOW;
        final Set<String> principals = new HashSet<>();
        final Set<String> credentials = new HashSet<>();
        final List<String> listedPrincipals = new ArrayList<>();
        final List<String> listedCredentials = new ArrayList<>();
        boolean atLeast;

        Hour(long hour) {
            this.hour = hour;
        }

        void fold(Alert alert) {
            folded++;
            first = first == null ? alert : first;
            last = alert;
            worst = alert.severity().compareTo(worst) > 0 ? alert.severity() : worst;
            count(alert.principal(), principals, listedPrincipals);
            count(alert.credential(), credentials, listedCredentials);
        }

        private void count(String name, Set<String> distinct, List<String> listed) {
            if (name == null || distinct.contains(name)) {
                return;
            }
            if (distinct.size() >= COUNTED) {
                atLeast = true;
                return;
            }
            distinct.add(name);
            if (listed.size() < limits.listed()) {
                listed.add(name);
            }
        }

        void summarise() {
            if (folded == 0) {
                return;
            }
            Instant from = Instant.ofEpochSecond(hour * 3600);
            String span = from.toString().substring(0, 13) + ":00-" + from.plusSeconds(3600).toString().substring(11, 13) + ":00 UTC";
            String title = String.format(java.util.Locale.ROOT, "%,d more %s alerts in %s, summarised (%s%,d principals, %s%,d credentials): "
                            + "more than %d an hour (alerts.maxPerHour)", folded, first.analytic(), span, atLeast ? "at least " : "",
                    principals.size(), atLeast ? "at least " : "", credentials.size(), limits.maxPerHour());
            List<Evidence> evidence = new ArrayList<>();
            evidence.add(first.evidence().get(first.evidence().size() - 1));
            if (last != first) {
                evidence.add(last.evidence().get(last.evidence().size() - 1));
            }
            Map<String, String> answers = new LinkedHashMap<>();
            answers.put("Alerts summarised", String.format(java.util.Locale.ROOT, "%,d after the first %d of the hour", folded,
                    limits.maxPerHour()));
            answers.put("Principals named", String.join(", ", listedPrincipals) + (principals.size() > listedPrincipals.size() ? " …" : ""));
            answers.put("Credentials named", String.join(", ", listedCredentials)
                    + (credentials.size() > listedCredentials.size() ? " …" : ""));
            answers.put("First summarised", first.title());
            Triage triage = new Triage(2, List.of("Several accounts affected: " + principals.size() + " principals in one hour"), answers,
                    new Triage.Plan(List.of(
                    "Find what raised the flood: one source network, client or tool acting for many principals or credentials is an attack or a misbehaving job",
                    "Read the alerts written before the summary: they are the same analytic's, with the playbook answered for each"),
                    List.of(), List.of()));
            String id = AlertFactory.idOf(List.of(first.analytic(), "flood", Long.toString(hour), Long.toString(folded), first.id(), last.id()));
            out.accept(new Alert(id, last.time(), first.analytic(), first.attack(), first.attackAnalytics(), worst, first.principal(), null,
                    title, evidence, triage, folded, new Alert.Flood(first.time(), last.time(), listedPrincipals, principals.size(),
                    listedCredentials, credentials.size(), atLeast), null, first.producer()));
            folded = 0;
        }
    }
}
