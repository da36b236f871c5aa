package dev.tokenward.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenward.output.Json;

import java.time.Instant;

/**
 * Google Cloud Audit Logs as a Cloud Logging sink exports them to Cloud Storage: {@code LogEntry}
 * records, one JSON object a line, in hourly objects
 * {@code cloudaudit.googleapis.com/<log>/YYYY/MM/DD/HH:00:00_HH:59:59_S0.json} (the spool names the
 * files). Admin Activity for writes, Data Access for reads (BigQuery's are always on; the project
 * turned them on for Secret Manager and Cloud Storage).
 */
final class GcpAuditLog {
    /** One audit-logged call. */
    record Call(String service, String method, String resource, String permission, String resourceType, String location,
                boolean write) {
    }

    /** Who called: the principal, the user-managed key it used (or null), from where, with what. */
    record Caller(String principal, String keyName, String ip, String userAgent) {
    }

    private final Spool spool;
    private final String project;

    GcpAuditLog(Spool spool, String project) {
        this.spool = spool;
        this.project = project;
    }

    /** Writes one call; {@code response}, when not null, becomes the entry's {@code protoPayload.response}. */
    void call(Instant at, Caller caller, Call call, ObjectNode response, Rand r) {
        ObjectNode entry = Json.mapper().createObjectNode();
        ObjectNode payload = entry.putObject("protoPayload");
        payload.put("@type", "type.googleapis.com/google.cloud.audit.AuditLog");
        payload.putObject("status");
        ObjectNode authentication = payload.putObject("authenticationInfo");
        authentication.put("principalEmail", caller.principal());
        if (caller.keyName() != null) {
            authentication.put("serviceAccountKeyName", caller.keyName());
        }
        if (caller.principal().endsWith(".gserviceaccount.com")) {
            authentication.put("principalSubject", "serviceAccount:" + caller.principal());
        } else {
            authentication.put("principalSubject", "user:" + caller.principal());
        }
        ObjectNode metadata = payload.putObject("requestMetadata");
        metadata.put("callerIp", caller.ip());
        metadata.put("callerSuppliedUserAgent", caller.userAgent() + ",gzip(gfe)");
        ObjectNode attributes = metadata.putObject("requestAttributes");
        attributes.put("time", at.minusMillis(r.between(3, 40)).toString());
        attributes.putObject("auth");
        metadata.putObject("destinationAttributes");
        payload.put("serviceName", call.service() + ".googleapis.com");
        payload.put("methodName", call.method());
        ObjectNode authorization = payload.putArray("authorizationInfo").addObject();
        authorization.put("resource", call.resource());
        authorization.put("permission", call.permission());
        authorization.put("granted", true);
        authorization.putObject("resourceAttributes");
        payload.put("resourceName", call.resource());
        if (response != null) {
            payload.set("response", response);
        }
        entry.put("insertId", r.base62(12).toLowerCase(java.util.Locale.ROOT) + r.hex(2));
        ObjectNode resource = entry.putObject("resource");
        resource.put("type", call.resourceType());
        ObjectNode labels = resource.putObject("labels");
        labels.put("project_id", project);
        if (call.location() != null) {
            labels.put("location", call.location());
        }
        entry.put("timestamp", at.toString());
        entry.put("severity", call.write() ? "NOTICE" : "INFO");
        String log = call.write() ? "activity" : "data_access";
        entry.put("logName", "projects/" + project + "/logs/cloudaudit.googleapis.com%2F" + log);
        entry.put("receiveTimestamp", at.plusMillis(r.between(400, 9000)).toString());
        spool.add(at, Spool.Stream.GCP_AUDIT, log, null, entry);
    }
}
