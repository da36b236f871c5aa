package dev.tokenward.cli;

import dev.tokenward.analytic.Severity;
import dev.tokenward.signal.Alert;
import dev.tokenward.signal.Incident;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code detect} prints for a person at a terminal: the alerts as a table, then the counts by
 * severity, the incidents with their tier, and the principals with most alerts. Colours unless
 * {@code NO_COLOR} is set (https://no-color.org). Every string from the logs goes through
 * {@link Terminal#safe}.
 */
final class HumanView {
    private static final int TITLE_WIDTH = 96;
    private static final int TOP = 5;
    private final PrintStream out;
    private final boolean colour;

    HumanView(PrintStream out, boolean colour) {
        this.out = out;
        this.colour = colour;
    }

    /** Colour is used on a terminal unless NO_COLOR is set to anything non-empty. */
    static boolean colourWanted() {
        String noColour = System.getenv("NO_COLOR");
        return noColour == null || noColour.isEmpty();
    }

    void print(List<Alert> alerts, List<Incident> incidents) {
        if (alerts.isEmpty()) {
            out.println("No alerts.");
            return;
        }
        List<Alert> byTime = alerts.stream().sorted(Comparator.comparing(Alert::time).thenComparing(Alert::id)).toList();
        out.println(bold(String.format(Locale.ROOT, "%-20s  %-8s  %-4s  %-33s  %s", "TIME (UTC)", "SEVERITY", "TIER", "ANALYTIC",
                "PRINCIPAL / TITLE")));
        for (Alert alert : byTime) {
            out.println(String.format(Locale.ROOT, "%-20s  %s  %-4s  %-33s  %s", alert.time().toString().substring(0, 19).replace('T', ' '),
                    severity(alert.severity()), "T" + (alert.triage() == null ? "?" : alert.triage().tier()), alert.analytic(),
                    safe(alert.principal())));
            out.println(String.format(Locale.ROOT, "%-20s  %-8s  %-4s  %-33s  %s", "", "", "", "", dim(cut(safe(alert.title())))));
        }
        out.println();
        Map<Severity, Long> counts = new EnumMap<>(Severity.class);
        alerts.forEach(a -> counts.merge(a.severity(), 1L, Long::sum));
        out.println(bold("Alerts by severity: ") + java.util.Arrays.stream(Severity.values()).sorted(Comparator.reverseOrder())
                .map(s -> severity(s).trim() + " " + counts.getOrDefault(s, 0L)).collect(Collectors.joining(", ")));
        List<Incident> standing = incidents.stream().filter(Incident::standing)
                .sorted(Comparator.comparing(Incident::first).thenComparing(Incident::id)).toList();
        out.println(bold("Incidents: " + standing.size()) + " (" + standing.stream().filter(i -> i.tier() == 2).count() + " at Tier 2)");
        for (Incident incident : standing) {
            out.println(String.format(Locale.ROOT, "  %s  %s  T%d  %s  %d alert%s  %s", incident.id(), severity(incident.severity()),
                    incident.tier(), incident.first().toString().substring(0, 16).replace('T', ' '), incident.alertCount(),
                    incident.alertCount() == 1 ? " " : "s", safe(String.join(", ", incident.principals()))));
            out.println("      " + dim(cut(safe(incident.title()))));
        }
        Map<String, Long> perPrincipal = alerts.stream().filter(a -> a.principal() != null)
                .collect(Collectors.groupingBy(Alert::principal, LinkedHashMap::new, Collectors.counting()));
        out.println(bold("Top principals: ") + perPrincipal.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP).map(e -> safe(e.getKey()) + " " + e.getValue()).collect(Collectors.joining(", ")));
    }

    private String severity(Severity severity) {
        String label = String.format(Locale.ROOT, "%-8s", severity.label());
        if (!colour) {
            return label;
        }
        String code = switch (severity) {
            case CRITICAL -> "1;31";
            case HIGH -> "31";
            case MEDIUM -> "33";
            case LOW -> "36";
        };
        return "\u001b[" + code + "m" + label + "\u001b[0m";
    }

    private String bold(String text) {
        return colour ? "\u001b[1m" + text + "\u001b[0m" : text;
    }

    private String dim(String text) {
        return colour ? "\u001b[2m" + text + "\u001b[0m" : text;
    }

    private static String safe(String text) {
        return Terminal.safe(text);
    }

    private static String cut(String text) {
        return text.length() <= TITLE_WIDTH ? text : text.substring(0, TITLE_WIDTH - 1) + "…";
    }
}
