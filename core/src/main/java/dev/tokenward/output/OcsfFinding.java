package dev.tokenward.output;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.signal.Alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An alert as an OCSF Detection Finding (class 2004, category 2 Findings), schema version
 * {@value #SCHEMA_VERSION}: a new finding ({@code activity_id} 1 Create, {@code type_uid} 200401),
 * status New. The analytic is {@code finding_info.analytic} (behavioural: baselines, not
 * signatures), ATT&CK techniques and sub-techniques are {@code finding_info.attacks}, each piece
 * of evidence an {@code evidences} artifact (the principal as {@code actor.user}, the address as
 * {@code src_endpoint} with its place and autonomous system, the record's summary and origin as
 * {@code data}), the credential an affected resource, the principal and addresses observables;
 * the whole alert as Tokenward writes it is kept under {@code unmapped.tokenward}. Times are
 * milliseconds since the epoch, as OCSF's {@code timestamp_t}.
 */
public final class OcsfFinding {
    public static final String SCHEMA_VERSION = "1.3.0";
    static final int CLASS_UID = 2004;
    static final int CATEGORY_UID = 2;
    static final int CREATE = 1;
    /** OCSF severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical; Tokenward's LOW to CRITICAL in order. */
    private static final int LOW = 2;
    /** Observable type_id: 2 IP Address, 4 User Name, 5 Email Address. */
    private static final int IP_ADDRESS = 2;
    private static final int USER_NAME = 4;
    private static final int EMAIL_ADDRESS = 5;
    /** Analytic type_id 2: Behavioral. */
    private static final int BEHAVIORAL = 2;

    private OcsfFinding() {
    }

    public static Map<String, Object> of(Alert alert) {
        Map<String, Object> finding = new LinkedHashMap<>();
        long time = alert.time().toEpochMilli();
        finding.put("class_uid", CLASS_UID);
        finding.put("class_name", "Detection Finding");
        finding.put("category_uid", CATEGORY_UID);
        finding.put("category_name", "Findings");
        finding.put("activity_id", CREATE);
        finding.put("activity_name", "Create");
        finding.put("type_uid", CLASS_UID * 100 + CREATE);
        finding.put("type_name", "Detection Finding: Create");
        finding.put("time", time);
        String severity = alert.severity().label();
        finding.put("severity_id", LOW + alert.severity().ordinal());
        finding.put("severity", Character.toUpperCase(severity.charAt(0)) + severity.substring(1));
        finding.put("status_id", 1);
        finding.put("status", "New");
        finding.put("message", alert.title());
        finding.put("metadata", metadata(alert));
        finding.put("finding_info", findingInfo(alert, time));
        List<Map<String, Object>> evidences = alert.evidence().stream().map(e -> evidence(e, alert.principal())).toList();
        if (!evidences.isEmpty()) {
            finding.put("evidences", evidences);
        }
        if (alert.credential() != null) {
            finding.put("resources", List.of(Map.of("uid", alert.credential(), "type", "Credential")));
        }
        finding.put("observables", observables(alert));
        finding.put("unmapped", Map.of("tokenward", Json.mapper().convertValue(alert, Map.class)));
        return finding;
    }

    private static Map<String, Object> metadata(Alert alert) {
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("name", "Tokenward");
        product.put("vendor_name", "Tokenward");
        String tool = alert.producer() == null ? null : alert.producer().tool();
        if (tool != null && tool.startsWith("tokenward ")) {
            product.put("version", tool.substring("tokenward ".length()));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("version", SCHEMA_VERSION);
        metadata.put("product", product);
        metadata.put("uid", alert.id());
        if (alert.incident() != null) {
            metadata.put("correlation_uid", alert.incident());
        }
        return metadata;
    }

    private static Map<String, Object> findingInfo(Alert alert, long created) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("uid", alert.id());
        info.put("title", alert.title());
        info.put("created_time", created);
        alert.evidence().stream().map(Evidence::time).filter(Objects::nonNull).min(Instant::compareTo)
                .ifPresent(first -> info.put("first_seen_time", first.toEpochMilli()));
        alert.evidence().stream().map(Evidence::time).filter(Objects::nonNull).max(Instant::compareTo)
                .ifPresent(last -> info.put("last_seen_time", last.toEpochMilli()));
        Map<String, Object> analytic = new LinkedHashMap<>();
        analytic.put("uid", alert.analytic());
        analytic.put("name", alert.analytic());
        analytic.put("type_id", BEHAVIORAL);
        analytic.put("type", "Behavioral");
        info.put("analytic", analytic);
        info.put("types", List.of(alert.analytic()));
        List<Map<String, Object>> attacks = new ArrayList<>();
        for (String id : alert.attack()) {
            if (!id.startsWith("T")) {
                continue;
            }
            Map<String, Object> attack = new LinkedHashMap<>();
            int dot = id.indexOf('.');
            attack.put("technique", Map.of("uid", dot < 0 ? id : id.substring(0, dot)));
            if (dot >= 0) {
                attack.put("sub_technique", Map.of("uid", id));
            }
            attacks.add(attack);
        }
        if (!attacks.isEmpty()) {
            info.put("attacks", attacks);
        }
        return info;
    }

    private static Map<String, Object> evidence(Evidence evidence, String principal) {
        Map<String, Object> artifact = new LinkedHashMap<>();
        if (principal != null) {
            artifact.put("actor", Map.of("user", Map.of("name", principal)));
        }
        if (evidence.ip() != null) {
            Map<String, Object> endpoint = new LinkedHashMap<>();
            endpoint.put("ip", evidence.ip());
            Map<String, Object> location = new LinkedHashMap<>();
            if (evidence.latitude() != null && evidence.longitude() != null) {
                location.put("lat", evidence.latitude());
                location.put("long", evidence.longitude());
            }
            if (evidence.place() != null) {
                location.put("desc", evidence.place());
            }
            if (!location.isEmpty()) {
                endpoint.put("location", location);
            }
            if (evidence.asn() != null) {
                Map<String, Object> system = new LinkedHashMap<>();
                system.put("number", evidence.asn());
                if (evidence.asOrg() != null) {
                    system.put("name", evidence.asOrg());
                }
                endpoint.put("autonomous_system", system);
            }
            artifact.put("src_endpoint", endpoint);
        }
        artifact.put("data", Json.mapper().convertValue(evidence, Map.class));
        return artifact;
    }

    private static List<Map<String, Object>> observables(Alert alert) {
        List<Map<String, Object>> observables = new ArrayList<>();
        if (alert.principal() != null) {
            boolean email = alert.principal().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
            observables.add(observable("evidences.actor.user.name", email ? EMAIL_ADDRESS : USER_NAME, email ? "Email Address"
                    : "User Name", alert.principal()));
        }
        Set<String> addresses = new LinkedHashSet<>();
        alert.evidence().stream().map(Evidence::ip).filter(Objects::nonNull).forEach(addresses::add);
        for (String address : addresses) {
            observables.add(observable("evidences.src_endpoint.ip", IP_ADDRESS, "IP Address", address));
        }
        return observables;
    }

    private static Map<String, Object> observable(String name, int type, String typeName, String value) {
        Map<String, Object> observable = new LinkedHashMap<>();
        observable.put("name", name);
        observable.put("type_id", type);
        observable.put("type", typeName);
        observable.put("value", value);
        return observable;
    }
}
