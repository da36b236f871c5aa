package dev.tokenward.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The layouts people export a product's records in, besides the product's own: each turns one
 * exported record into the record the product itself writes, which its format's mapper then reads.
 * Vendor knowledge, kept here rather than in the mappers, so that a mapper knows one layout.
 *
 * <ul>
 *   <li>{@link #CLOUDTRAIL_LOOKUP}: {@code aws cloudtrail lookup-events} output ({@code {"Events":
 *       [...]}}), whose {@code CloudTrailEvent} holds the CloudTrail record as a JSON string.</li>
 *   <li>{@link #GRAPH_SIGN_IN}, {@link #GRAPH_DIRECTORY_AUDIT}: Microsoft Graph API pages
 *       ({@code {"value": [...]}}) of {@code /auditLogs/signIns} and {@code /auditLogs/directoryAudits}:
 *       the {@code properties} of Entra's diagnostic records, without their envelope.</li>
 *   <li>{@link #AUTH0_LOG_STREAM}: Auth0 log streams' events ({@code {"log_id", "data": {...}}}), the
 *       Management API's log event inside {@code data}.</li>
 *   <li>{@link #LOG_ANALYTICS}: rows of a Log Analytics or Sentinel table export ({@code SigninLogs},
 *       {@code AADNonInteractiveUserSignInLogs}, {@code AuditLogs}, ...), with PascalCase columns,
 *       {@code TimeGenerated}, and dynamic columns often written as JSON strings.</li>
 *   <li>{@link #SPLUNK_EXPORT}: Splunk's JSON export of search results (the REST API's
 *       {@code search/jobs/export} with {@code output_mode=json}, and Splunk Web's JSON export):
 *       {@code {"preview": false, "offset": 0, "result": {"_raw": "...", "sourcetype": ...}}}, the
 *       product's record as the JSON string {@code _raw}.</li>
 *   <li>{@link #PURVIEW_CSV}: rows of Microsoft Purview's audit search CSV export, the unified audit
 *       record as the JSON string {@code AuditData}.</li>
 * </ul>
 * A record that does not fit its layout is quarantined with the reason.
 */
public enum Layout {
    /** The product's own records. */
    RAW,
    CLOUDTRAIL_LOOKUP,
    GRAPH_SIGN_IN,
    GRAPH_DIRECTORY_AUDIT,
    LOG_ANALYTICS,
    AUTH0_LOG_STREAM,
    SPLUNK_EXPORT,
    PURVIEW_CSV;

    private static final ObjectMapper TREES = new ObjectMapper();
    /** Log Analytics tables of Entra's logs, and the diagnostic category each is. */
    private static final Map<String, String> ENTRA_TABLES = Map.of(
            "signinlogs", "SignInLogs",
            "aadnoninteractiveusersigninlogs", "NonInteractiveUserSignInLogs",
            "aadserviceprincipalsigninlogs", "ServicePrincipalSignInLogs",
            "aadmanagedidentitysigninlogs", "ManagedIdentitySignInLogs",
            "auditlogs", "AuditLogs");
    /** Graph's signInEventTypes, and the diagnostic category each is. */
    private static final Map<String, String> EVENT_TYPES = Map.of(
            "interactiveuser", "SignInLogs",
            "noninteractiveuser", "NonInteractiveUserSignInLogs",
            "serviceprincipal", "ServicePrincipalSignInLogs",
            "managedidentity", "ManagedIdentitySignInLogs");
    /** Log Analytics columns whose diagnostic property has another name. */
    private static final Map<String, String> RENAMED = Map.of("locationdetails", "location", "ipaddress", "ipAddress");

    /** The layout a file's first record is in, when no format reads it as it is; null when none fits. */
    static Layout of(JsonNode record) {
        if (Format.text(record, "CloudTrailEvent") != null && Format.text(record, "EventId") != null) {
            return CLOUDTRAIL_LOOKUP;
        }
        if (Format.text(record, "AuditData") != null && Format.text(record, "CreationDate") != null) {
            return PURVIEW_CSV;
        }
        JsonNode result = Format.field(record, "result");
        if (result != null && result.isObject() && Format.field(result, "_raw") != null) {
            return SPLUNK_EXPORT;
        }
        JsonNode data = Format.field(record, "data");
        if (data != null && data.isObject() && Format.text(data, "type") != null && Format.text(data, "date") != null) {
            return AUTH0_LOG_STREAM;
        }
        if (Format.field(record, "properties") != null) {
            return null;
        }
        String type = Format.text(record, "Type");
        if (Format.text(record, "TimeGenerated") != null && type != null && ENTRA_TABLES.containsKey(type.toLowerCase(Locale.ROOT))) {
            return LOG_ANALYTICS;
        }
        if (Format.text(record, "createdDateTime") != null && Format.text(record, "userPrincipalName") != null
                && Format.field(record, "status") != null) {
            return GRAPH_SIGN_IN;
        }
        if (Format.text(record, "activityDateTime") != null && Format.text(record, "activityDisplayName") != null
                && Format.field(record, "initiatedBy") != null) {
            return GRAPH_DIRECTORY_AUDIT;
        }
        return null;
    }

    /** The record as the product writes it; a {@link BadRecordException} naming what does not fit. */
    JsonNode apply(JsonNode record) throws BadRecordException {
        if (record == null || !record.isObject()) {
            throw new BadRecordException("not a JSON object");
        }
        return switch (this) {
            case RAW -> record;
            case CLOUDTRAIL_LOOKUP -> embedded(record, "CloudTrailEvent");
            case GRAPH_SIGN_IN -> envelope(signInCategory(record), null, (ObjectNode) record);
            case GRAPH_DIRECTORY_AUDIT -> envelope("AuditLogs", null, (ObjectNode) record);
            case LOG_ANALYTICS -> logAnalytics((ObjectNode) record);
            case AUTH0_LOG_STREAM -> auth0(record);
            case SPLUNK_EXPORT -> splunk(record);
            case PURVIEW_CSV -> embedded(record, "AuditData");
        };
    }

    private static JsonNode embedded(JsonNode record, String field) throws BadRecordException {
        String text = Format.text(record, field);
        if (text == null) {
            throw new BadRecordException(field + " is missing: the record holds no event");
        }
        try {
            JsonNode inner = TREES.readTree(text);
            if (inner == null || !inner.isObject()) {
                throw new BadRecordException(field + " does not hold a JSON object");
            }
            return inner;
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            throw new BadRecordException(field + " does not hold JSON: " + notJson.getOriginalMessage());
        }
    }

    /** A Splunk search result: the event Splunk indexed, its {@code _raw}; Splunk's own fields are not the product's. */
    private static JsonNode splunk(JsonNode record) throws BadRecordException {
        JsonNode result = Format.field(record, "result");
        if (result == null || !result.isObject()) {
            throw new BadRecordException("result is missing: the line holds no search result");
        }
        if (Format.text(result, "_raw") == null) {
            throw new BadRecordException("the search result has no _raw: export the events with their _raw field (| fields _raw)");
        }
        return embedded(result, "_raw");
    }

    /** An Auth0 log stream's event: its {@code data}, with the stream's {@code log_id} when the data has none. */
    private static JsonNode auth0(JsonNode record) throws BadRecordException {
        JsonNode data = Format.field(record, "data");
        if (data == null || !data.isObject()) {
            throw new BadRecordException("data is missing: the record holds no event");
        }
        ObjectNode event = ((ObjectNode) data).deepCopy();
        if (Format.text(event, "log_id") == null && Format.text(record, "log_id") != null) {
            event.put("log_id", Format.text(record, "log_id"));
        }
        return event;
    }

    /** A Graph sign-in's category: its signInEventTypes (beta), else isInteractive. */
    private static String signInCategory(JsonNode record) {
        JsonNode types = Format.field(record, "signInEventTypes");
        if (types != null && types.isArray() && !types.isEmpty()) {
            String category = EVENT_TYPES.get(types.get(0).asText().toLowerCase(Locale.ROOT));
            if (category != null) {
                return category;
            }
        }
        JsonNode interactive = Format.field(record, "isInteractive");
        return interactive != null && interactive.isBoolean() && !interactive.booleanValue() ? "NonInteractiveUserSignInLogs" : "SignInLogs";
    }

    private static ObjectNode envelope(String category, String time, ObjectNode properties) {
        ObjectNode envelope = TREES.createObjectNode();
        if (time != null) {
            envelope.put("time", time);
        }
        envelope.put("category", category);
        envelope.set("properties", properties);
        return envelope;
    }

    /**
     * A Log Analytics row: its dynamic columns decoded where they were written as JSON strings, the
     * columns whose property has another name renamed, under the category of its table.
     */
    private static JsonNode logAnalytics(ObjectNode row) throws BadRecordException {
        String type = Format.text(row, "Type");
        String category = type == null ? null : ENTRA_TABLES.get(type.toLowerCase(Locale.ROOT));
        if (category == null) {
            throw new BadRecordException("Type " + type + " is not a table of Entra's logs");
        }
        ObjectNode properties = TREES.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = row.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = RENAMED.getOrDefault(field.getKey().toLowerCase(Locale.ROOT), field.getKey());
            properties.set(name, decoded(field.getValue()));
        }
        return envelope(category, Format.text(row, "TimeGenerated"), properties);
    }

    /** A dynamic column written as a JSON string, decoded; any other value as it is. */
    private static JsonNode decoded(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return value;
        }
        String text = value.textValue().strip();
        if (!text.startsWith("{") && !text.startsWith("[")) {
            return value;
        }
        try {
            JsonNode parsed = TREES.readTree(text);
            return parsed == null ? value : parsed;
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            return value;
        }
    }
}
