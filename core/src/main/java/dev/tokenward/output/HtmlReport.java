package dev.tokenward.output;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.signal.Alert;
import dev.tokenward.signal.Incident;
import dev.tokenward.signal.Triage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One self-contained HTML file for people: the incidents by tier, each with its timeline, the
 * playbook's answered questions, the containment plan, a map of the places involved and every
 * alert's evidence. No script and no network access: styles and maps are inline, and a content
 * security policy forbids anything else. Every string from the logs is escaped, so a user agent
 * carrying markup shows as text.
 */
public final class HtmlReport {
    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d232a;background:#f5f6f8}
            header{background:#17202a;color:#fff;padding:18px 28px}header h1{margin:0 0 4px;font-size:22px}
            main{padding:12px 28px 40px;max-width:1200px}h2{margin:28px 0 8px;font-size:18px}
            section.incident{background:#fff;border:1px solid #d9dde3;border-radius:6px;padding:14px 18px;margin:14px 0}
            section.incident h3{margin:0 0 6px;font-size:16px}table{border-collapse:collapse;width:100%;margin:6px 0}
            td,th{border-bottom:1px solid #e6e9ee;padding:4px 6px;text-align:left;vertical-align:top}th{font-weight:600;background:#f0f2f5}
            .sev{display:inline-block;border-radius:3px;padding:0 6px;color:#fff;font-size:12px;font-weight:600}
            .critical{background:#8e1b1b}.high{background:#c0392b}.medium{background:#c77d00}.low{background:#2874a6}
            .tier{font-weight:600}.muted{color:#5d6773}.yes{color:#a11}.no{color:#186a3b}.unknown{color:#5d6773}
            svg.map{width:100%;max-width:720px;background:#dfe9f3;border-radius:4px}svg.map use{fill:#c9d3c0;stroke:#9aa58f;stroke-width:.3}
            svg.map circle.suspect{fill:#c0392b}svg.map circle.owner{fill:#1f618d}svg.map line{stroke:#c0392b;stroke-width:1.2;stroke-dasharray:3 2}
            details{margin:4px 0}summary{cursor:pointer}code{font-size:12px;word-break:break-all}ol,ul{margin:4px 0 8px 20px;padding:0}
            """;

    private final Writer out;

    private HtmlReport(Writer out) {
        this.out = out;
    }

    /**
     * Writes the report.
     *
     * @param out       where to
     * @param source    what the alerts were read from, in words
     * @param alerts    the alerts, in the order they were raised
     * @param incidents their incidents, merged ones included
     */
    public static void write(Writer out, String source, List<Alert> alerts, List<Incident> incidents) {
        try {
            new HtmlReport(out).report(source, alerts, incidents);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void report(String source, List<Alert> alerts, List<Incident> incidents) throws IOException {
        Map<String, Alert> byId = alerts.stream().collect(Collectors.toMap(Alert::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        List<Incident> standing = incidents.stream().filter(Incident::standing)
                .sorted(Comparator.comparingInt(Incident::tier).reversed().thenComparing(Incident::severity, Comparator.reverseOrder())
                        .thenComparing(Incident::first).thenComparing(Incident::id)).toList();
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>Tokenward report</title><style>" + STYLE + "</style></head><body>\n");
        out.write("<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs><path id=\"land\" d=\""
                + WorldMap.land() + "\"/></defs></svg>\n");
        out.write("<header><h1>Tokenward report</h1><div>" + alerts.size() + " alerts in " + standing.size() + " incidents ("
                + standing.stream().filter(i -> i.tier() == 2).count() + " at Tier 2) from " + esc(source) + "</div>");
        if (!alerts.isEmpty()) {
            out.write("<div>" + esc(alerts.stream().map(Alert::time).min(Comparator.naturalOrder()).orElseThrow().toString()) + " to "
                    + esc(alerts.stream().map(Alert::time).max(Comparator.naturalOrder()).orElseThrow().toString()) + " (UTC)</div>");
        }
        out.write("<div>" + severityCounts(alerts) + "</div></header>\n<main>\n");
        for (int tier = 2; tier >= 1; tier--) {
            int t = tier;
            List<Incident> inTier = standing.stream().filter(i -> i.tier() == t).toList();
            out.write("<h2>Tier " + tier + (tier == 2 ? ": escalate" : ": first line") + " (" + inTier.size() + ")</h2>\n");
            if (inTier.isEmpty()) {
                out.write("<p class=\"muted\">None.</p>\n");
            }
            for (Incident incident : inTier) {
                incident(incident, incident.alerts().stream().map(byId::get).filter(java.util.Objects::nonNull)
                        .sorted(Comparator.comparing(Alert::time).thenComparing(Alert::id)).toList());
            }
        }
        out.write("<p class=\"muted\">Maps: Natural Earth land (public domain) from world-atlas. Places are where geolocation data put "
                + "the addresses; they can be off by a city or more.</p>\n</main></body></html>\n");
        out.flush();
    }

    private void incident(Incident incident, List<Alert> alerts) throws IOException {
        out.write("<section class=\"incident\" id=\"" + esc(incident.id()) + "\">");
        out.write("<h3>" + sev(incident.severity()) + " " + esc(incident.title()) + "</h3>");
        out.write("<div class=\"muted\"><code>" + esc(incident.id()) + "</code> · " + esc(incident.kind()) + " · "
                + esc(incident.first().toString()) + " to " + esc(incident.last().toString()) + " · " + incident.alertCount() + " alert"
                + (incident.alertCount() == 1 ? "" : "s") + "</div>");
        out.write("<p><span class=\"tier\">Tier " + incident.tier() + "</span></p>" + list("ul", incident.escalation()));
        out.write("<p><b>Accounts:</b> " + esc(String.join(", ", incident.principals())) + "</p>");
        if (!incident.alsoAffected().isEmpty()) {
            out.write("<p><b>Also hit, below alerting:</b> " + esc(String.join(", ", incident.alsoAffected())) + "</p>");
        }
        if (!incident.related().isEmpty()) {
            out.write("<p><b>Related incidents:</b> " + incident.related().stream().map(r -> "<a href=\"#" + esc(r) + "\">" + esc(r) + "</a>")
                    .collect(Collectors.joining(", ")) + "</p>");
        }
        out.write(map(alerts));
        out.write("<table><tr><th>time (UTC)</th><th>severity</th><th>analytic</th><th>principal</th><th>title</th></tr>");
        for (Incident.Entry entry : incident.timeline()) {
            out.write("<tr><td>" + esc(entry.time().toString()) + "</td><td>" + sev(entry.severity()) + "</td><td>" + esc(entry.analytic())
                    + "</td><td>" + esc(entry.principal()) + "</td><td>" + esc(entry.title()) + "</td></tr>");
        }
        out.write("</table><table><tr><th>playbook question</th><th>finding</th><th>evidence</th></tr>");
        for (Triage.Question q : incident.questions()) {
            out.write("<tr><td>" + esc(q.question()) + "</td><td class=\"" + q.finding().label() + "\">" + q.finding().label() + "</td><td>"
                    + esc(q.answer()) + "</td></tr>");
        }
        out.write("</table><p><b>Containment</b></p>" + list("ol", incident.containment()));
        if (!incident.staysValid().isEmpty()) {
            out.write("<p><b>Stays valid afterwards</b></p>" + list("ul", incident.staysValid()));
        }
        if (!incident.disrupts().isEmpty()) {
            out.write("<p><b>Also disrupts</b></p>" + list("ul", incident.disrupts()));
        }
        for (Alert alert : alerts) {
            alert(alert);
        }
        out.write("</section>\n");
    }

    private void alert(Alert alert) throws IOException {
        out.write("<details><summary>" + sev(alert.severity()) + " " + esc(alert.analytic()) + ": " + esc(alert.title()) + "</summary>");
        out.write("<div class=\"muted\">alert <code>" + esc(alert.id()) + "</code> · " + esc(alert.time().toString()) + "</div>");
        out.write("<table><tr><th>time</th><th>source</th><th>what</th><th>where</th><th>client</th></tr>");
        for (Evidence e : alert.evidence()) {
            String origin = e.origin() == null ? "" : " <span class=\"muted\">" + esc(e.origin().file()) + (e.origin().line() > 0
                    ? ":" + e.origin().line() : "") + "</span>";
            out.write("<tr><td>" + esc(String.valueOf(e.time())) + "</td><td>" + esc(e.source()) + origin + "</td><td>" + esc(e.summary())
                    + "</td><td>" + esc(e.ip() == null ? "" : e.where()) + "</td><td><code>" + esc(e.userAgent() == null ? "" : e.userAgent())
                    + "</code></td></tr>");
        }
        out.write("</table>");
        if (alert.triage() != null) {
            Triage triage = alert.triage();
            out.write("<p><b>Looked up</b></p>" + list("ul", triage.lookups()));
            if (!triage.scope().isEmpty()) {
                out.write("<p><b>Tier 2 scope</b></p>" + list("ul", triage.scope()));
            }
            if (!triage.answers().isEmpty()) {
                out.write("<table>");
                for (Map.Entry<String, String> answer : triage.answers().entrySet()) {
                    out.write("<tr><th>" + esc(answer.getKey()) + "</th><td>" + esc(answer.getValue()) + "</td></tr>");
                }
                out.write("</table>");
            }
        }
        out.write("</details>");
    }

    /** The places of the incident's evidence on the world map; each alert's move from its first place to its suspect one as a line. */
    private static String map(List<Alert> alerts) {
        StringBuilder marks = new StringBuilder();
        Map<String, String> places = new LinkedHashMap<>();
        for (Alert alert : alerts) {
            List<Evidence> located = alert.evidence().stream().filter(e -> e.latitude() != null && e.longitude() != null).toList();
            for (int i = 0; i < located.size(); i++) {
                Evidence e = located.get(i);
                boolean suspect = i == located.size() - 1;
                String key = String.format(Locale.ROOT, "%.1f,%.1f", WorldMap.x(e.longitude()), WorldMap.y(e.latitude()));
                places.merge(key, (suspect ? "suspect" : "owner") + "\u0000" + (e.place() == null ? e.ip() : e.place() + " " + e.ip()),
                        (a, b) -> a.startsWith("suspect") ? a : b);
            }
            if (located.size() >= 2) {
                Evidence from = located.get(0);
                Evidence to = located.get(located.size() - 1);
                marks.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", WorldMap.x(from.longitude()),
                        WorldMap.y(from.latitude()), WorldMap.x(to.longitude()), WorldMap.y(to.latitude())));
            }
        }
        if (places.isEmpty()) {
            return "<p class=\"muted\">No place is known for this incident's addresses (no geolocation data).</p>";
        }
        places.forEach((xy, what) -> {
            String[] parts = what.split("\u0000", 2);
            String[] at = xy.split(",");
            marks.append("<circle class=\"").append(parts[0]).append("\" cx=\"").append(at[0]).append("\" cy=\"").append(at[1])
                    .append("\" r=\"3.5\"><title>").append(esc(parts[1])).append("</title></circle>");
        });
        return "<svg class=\"map\" viewBox=\"0 0 " + WorldMap.WIDTH + " " + WorldMap.HEIGHT + "\" role=\"img\" aria-label=\"places involved\">"
                + "<use href=\"#land\"/>" + marks + "</svg>";
    }

    private static String severityCounts(List<Alert> alerts) {
        Map<Severity, Long> counts = new EnumMap<>(Severity.class);
        alerts.forEach(a -> counts.merge(a.severity(), 1L, Long::sum));
        return java.util.Arrays.stream(Severity.values()).sorted(Comparator.reverseOrder())
                .map(s -> sev(s) + " " + counts.getOrDefault(s, 0L)).collect(Collectors.joining(" "));
    }

    private static String sev(Severity severity) {
        return "<span class=\"sev " + severity.label() + "\">" + severity.label() + "</span>";
    }

    private static String list(String tag, List<String> items) {
        return "<" + tag + ">" + items.stream().map(i -> "<li>" + esc(i) + "</li>").collect(Collectors.joining()) + "</" + tag + ">";
    }

    /** Text made inert in HTML, in elements and in quoted attributes. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
