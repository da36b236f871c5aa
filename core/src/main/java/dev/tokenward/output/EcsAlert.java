package dev.tokenward.output;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.signal.Alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alert as an Elastic Common Schema document, for Elasticsearch and the tools that read ECS:
 * {@code event.kind} alert, the analytic as the {@code rule}, ATT&CK techniques under
 * {@code threat}, the principal and addresses under {@code related}, and the whole alert, as
 * Tokenward writes it, under {@code tokenward}, so that nothing is lost in translation.
 */
public final class EcsAlert {
    /** ECS's event.severity is a number; these follow the usual 0-100 scale of security products. */
    private static final Map<String, Integer> SEVERITY = Map.of("low", 21, "medium", 47, "high", 73, "critical", 99);

    private EcsAlert() {
    }

    public static Map<String, Object> of(Alert alert) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@timestamp", alert.time().toString());
        doc.put("ecs", Map.of("version", "8.11.0"));
        doc.put("message", alert.title());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("kind", "alert");
        event.put("category", List.of("authentication", "iam"));
        event.put("type", List.of("info"));
        event.put("id", alert.id());
        event.put("severity", SEVERITY.getOrDefault(alert.severity().label(), 47));
        event.put("module", "tokenward");
        event.put("dataset", "tokenward.alert");
        doc.put("event", event);
        doc.put("rule", Map.of("id", alert.analytic(), "name", alert.analytic(), "ruleset", "tokenward"));
        List<Map<String, String>> techniques = new ArrayList<>();
        for (String id : alert.attack()) {
            if (id.startsWith("T")) {
                techniques.add(Map.of("id", id, "reference", "https://attack.mitre.org/techniques/" + id.replace('.', '/') + "/"));
            }
        }
        doc.put("threat", Map.of("framework", "MITRE ATT&CK", "technique", techniques));
        Map<String, Object> related = new LinkedHashMap<>();
        related.put("user", alert.principal() == null ? List.of() : List.of(alert.principal()));
        related.put("ip", alert.evidence().stream().map(Evidence::ip).filter(java.util.Objects::nonNull).distinct().toList());
        doc.put("related", related);
        doc.put("tokenward", Json.mapper().convertValue(alert, Map.class));
        return doc;
    }
}
