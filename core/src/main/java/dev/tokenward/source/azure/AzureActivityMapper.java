package dev.tokenward.source.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.event.Credential;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import dev.tokenward.source.Format;
import dev.tokenward.source.OperationTable;
import dev.tokenward.source.Record;
import dev.tokenward.source.ShapedMapper;
import dev.tokenward.source.RecordShape;
import dev.tokenward.source.RecordShape.Field;

import java.util.Locale;
import java.util.Set;

/**
 * Azure Activity Log (subscription activity: Administrative, Security, Policy, ...), in both the
 * layouts people have: the diagnostic-settings export ({@code {"records": [...]}} to storage or
 * Event Hubs, or JSON lines; {@code time}, {@code operationName}, {@code category},
 * {@code resultType}, {@code callerIpAddress}, {@code identity.claims}) and the REST API's and
 * {@code az monitor activity-log list}'s ({@code eventTimestamp}, {@code operationName.value},
 * {@code category.value}, {@code status.value}, {@code caller}, {@code claims},
 * {@code httpRequest.clientIpAddress}). What an operation amounts to is data ({@code operations.tsv}).
 *
 * <p>Who: the token's claims: the {@code upn} (a person), else the application id (a service
 * principal or managed identity), else the caller or object id. The token itself is the credential:
 * an access token whose id is the claims' {@code uti}, which is the {@code uniqueTokenIdentifier} of
 * the Entra sign-in that issued it, where the sign-in logs hold it (non-interactive sign-ins, often
 * not exported). An operation logs a "Start" event before its outcome: the start is kept as OTHER,
 * the outcome is the call. Azure Storage's resource logs (StorageRead, StorageWrite, StorageDelete)
 * are read the same way: the requester's {@code upn}, application or object id, the caller's
 * address without its port, the object read as the resource, the client's {@code userAgentHeader}.
 */
public final class AzureActivityMapper extends ShapedMapper {
    static final String SOURCE = "azure";
    private static final String PROVIDER = "Microsoft Entra ID";
    private static final OperationTable OPERATIONS = new OperationTable(AzureActivityMapper.class, "operations.tsv");
    private static final Set<String> CATEGORIES = Set.of("administrative", "security", "servicehealth", "alert",
            "recommendation", "policy", "autoscale", "resourcehealth");
    /** Azure Storage's resource-log categories: data reads and writes, with the caller's token or key. */
    private static final Set<String> STORAGE = Set.of("storageread", "storagewrite", "storagedelete");
    private static final String UPN = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
    private static final String OBJECT_ID = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private static final String METHODS = "http://schemas.microsoft.com/claims/authnmethodsreferences";

    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field TIME = SHAPE.scalar("time");
    private static final Field EVENT_TIME = SHAPE.scalar("eventTimestamp");
    private static final Field OPERATION = SHAPE.tree("operationName");
    private static final Field CATEGORY = SHAPE.tree("category");
    private static final Field RESULT = SHAPE.tree("resultType");
    private static final Field STATUS = SHAPE.tree("status");
    private static final Field SIGNATURE = SHAPE.scalar("resultSignature");
    private static final Field RESOURCE_ID = SHAPE.scalar("resourceId");
    private static final Field CALLER_IP = SHAPE.scalar("callerIpAddress");
    private static final Field HTTP_IP = SHAPE.scalar("httpRequest.clientIpAddress");
    private static final Field CALLER = SHAPE.scalar("caller");
    private static final Field CLAIMS = SHAPE.tree("identity.claims");
    private static final Field REST_CLAIMS = SHAPE.tree("claims");
    private static final Field PRINCIPAL_TYPE = SHAPE.scalar("identity.authorization.evidence.principalType");
    private static final Field LOCATION = SHAPE.scalar("location");
    private static final Field TENANT = SHAPE.scalar("tenantId");
    private static final Field CORRELATION = SHAPE.scalar("correlationId");
    private static final Field EVENT_ID = SHAPE.scalar("eventDataId");
    private static final Field REQUESTER_UPN = SHAPE.scalar("identity.requester.upn");
    private static final Field REQUESTER_APP = SHAPE.scalar("identity.requester.appId");
    private static final Field REQUESTER_OBJECT = SHAPE.scalar("identity.requester.objectId");
    private static final Field AUTH_TYPE = SHAPE.scalar("identity.type");
    private static final Field STORAGE_RESULT = SHAPE.scalar("properties.metricResponseType");
    private static final Field STORAGE_AGENT = SHAPE.scalar("properties.userAgentHeader");
    private static final Field STORAGE_OBJECT = SHAPE.scalar("properties.objectKey");
    private static final Field STATUS_CODE = SHAPE.scalar("statusCode");
    private static final Field TOKEN_HASH = SHAPE.scalar("identity.tokenHash");
    private static final Field ACCOUNT = SHAPE.scalar("properties.accountName");

    public AzureActivityMapper() {
        super(SHAPE);
    }

    @Override
    public boolean recognizes(JsonNode record) {
        String category = value(Format.field(record, "category"));
        String operation = value(Format.field(record, "operationName"));
        if (category == null || operation == null) {
            return false;
        }
        String lower = category.toLowerCase(Locale.ROOT);
        return CATEGORIES.contains(lower) && operation.toLowerCase(Locale.ROOT).startsWith("microsoft.")
                || STORAGE.contains(lower) && (Format.text(record, "resourceId") != null || Format.text(record, "uri") != null);
    }

    @Override
    public Event map(Record r) throws BadRecordException {
        String operation = value(r.tree(OPERATION));
        if (operation == null) {
            throw new BadRecordException("missing operationName");
        }
        String time = r.text(TIME) != null ? r.text(TIME) : r.text(EVENT_TIME);
        String result = value(r.tree(RESULT)) != null ? value(r.tree(RESULT)) : value(r.tree(STATUS)) != null ? value(r.tree(STATUS))
                : r.text(STORAGE_RESULT) != null ? r.text(STORAGE_RESULT) : httpResult(r.text(STATUS_CODE));
        String phase = result == null ? "" : result.toLowerCase(Locale.ROOT);
        boolean started = phase.equals("start") || phase.equals("started") || phase.equals("accept") || phase.equals("accepted");
        Outcome outcome = phase.startsWith("fail") || phase.endsWith("error") || phase.startsWith("authorizationerror") ? Outcome.FAILURE
                : started ? Outcome.UNKNOWN : phase.startsWith("succe") || phase.equals("active") || phase.equals("resolved")
                ? Outcome.SUCCESS : Outcome.UNKNOWN;
        JsonNode claims = r.tree(CLAIMS) != null ? r.tree(CLAIMS) : r.tree(REST_CLAIMS);
        String upn = Format.text(claims, UPN) != null ? Format.text(claims, UPN) : Format.text(claims, "upn") != null
                ? Format.text(claims, "upn") : r.text(REQUESTER_UPN);
        String app = Format.text(claims, "appid") != null ? Format.text(claims, "appid") : r.text(REQUESTER_APP);
        String objectId = Format.text(claims, OBJECT_ID) != null ? Format.text(claims, OBJECT_ID) : Format.text(claims, "oid") != null
                ? Format.text(claims, "oid") : r.text(REQUESTER_OBJECT);
        String caller = r.text(CALLER);
        boolean person = upn != null || "User".equalsIgnoreCase(r.text(PRINCIPAL_TYPE)) || caller != null && caller.contains("@");
        // a storage account's key or a SAS signed with it: the account is who acts, the key what it acts with
        boolean keyed = "AccountKey".equalsIgnoreCase(r.text(AUTH_TYPE)) || "SAS".equalsIgnoreCase(r.text(AUTH_TYPE));
        String who = upn != null ? upn.toLowerCase(Locale.ROOT) : caller != null && caller.contains("@") ? caller.toLowerCase(Locale.ROOT)
                : app != null ? app : objectId != null ? objectId : caller != null ? caller : keyed ? r.text(ACCOUNT) : null;
        String provider = provider(operation);
        OperationTable.Judged judged = OPERATIONS.judge(provider, operation.toLowerCase(Locale.ROOT));
        String ip = EventBuilder.withoutPort(r.text(CALLER_IP) != null ? r.text(CALLER_IP) : r.text(HTTP_IP));
        EventBuilder e = new EventBuilder(SOURCE).time(r.text(EVENT_TIME) != null && r.text(TIME) == null ? "eventTimestamp" : "time", time)
                .kind(who == null ? EventKind.OTHER : started ? EventKind.OTHER : EventKind.CREDENTIAL_USE)
                .outcome(outcome, outcome == Outcome.FAILURE ? r.text(SIGNATURE) : null)
                .principal(who, objectId, who == null ? PrincipalType.UNKNOWN : person ? PrincipalType.HUMAN : PrincipalType.SERVICE,
                        r.text(TENANT))
                .ip(r.text(CALLER_IP) != null ? "callerIpAddress" : "httpRequest.clientIpAddress", ip)
                .app(app)
                .region(r.text(LOCATION) == null || r.text(LOCATION).equalsIgnoreCase("global") ? null : r.text(LOCATION))
                .tactic(judged.tactic())
                .userAgent(r.text(STORAGE_AGENT))
                .action("azure", operation, r.text(STORAGE_OBJECT) != null ? r.text(STORAGE_OBJECT) : r.text(RESOURCE_ID), judged.sensitive())
                .origin(r.origin(r.text(EVENT_ID)))
                .unmapped("azure.correlationId", r.text(CORRELATION))
                .unmapped("azure.category", value(r.tree(CATEGORY)))
                .unmapped("azure.authorization", r.text(AUTH_TYPE));
        String token = Format.text(claims, "uti");
        if (keyed && claims == null && upn == null && app == null) {
            e.credential(CredentialKind.API_KEY, r.text(TOKEN_HASH), null, null, Mfa.UNKNOWN, null);
        } else if (who != null && (token != null || claims != null || r.text(AUTH_TYPE) != null)) {
            e.issuance(Credential.Issuance.by(PROVIDER, false, null))
                    .credential(CredentialKind.ACCESS_TOKEN, token, null, null, mfa(Format.text(claims, METHODS)), null);
        }
        return e.build();
    }

    /** A field that is a string in the diagnostic export and {@code {"value", "localizedValue"}} in the REST API's. */
    private static String value(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            return Format.text(node, "value");
        }
        String text = node.asText();
        return text.isEmpty() ? null : text;
    }

    /** A storage request's HTTP status as a result: success below 400. */
    private static String httpResult(String status) {
        if (status == null || !status.chars().allMatch(Character::isDigit) || status.isEmpty() || status.length() > 3) {
            return null;
        }
        return Integer.parseInt(status) < 400 ? "Success" : "Failure";
    }

    /** The resource provider of an operation ({@code microsoft.compute} of {@code Microsoft.Compute/virtualMachines/write}). */
    private static String provider(String operation) {
        int slash = operation.indexOf('/');
        return (slash < 0 ? operation : operation.substring(0, slash)).toLowerCase(Locale.ROOT);
    }

    /** MFA from the token's authentication methods ({@code pwd}, {@code mfa}, {@code rsa}, ...). */
    private static Mfa mfa(String methods) {
        if (methods == null) {
            return Mfa.UNKNOWN;
        }
        return methods.toLowerCase(Locale.ROOT).contains("mfa") ? Mfa.TRUE : Mfa.UNKNOWN;
    }
}
