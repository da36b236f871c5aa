package dev.tokenward.source.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.event.Credential;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.IpAddress;
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

import java.util.List;
import java.util.Locale;

/**
 * Google Cloud Audit Logs: {@code LogEntry} records whose {@code protoPayload} is an
 * {@code AuditLog} (Admin Activity, Data Access, System Event and Policy Denied logs), as Cloud
 * Logging exports them to a sink (JSON lines, or the JSON array {@code gcloud logging read
 * --format=json} prints). The time is {@code timestamp}; an entry without one (some exporters drop
 * it) takes {@code receiveTimestamp}, when Cloud Logging received it, seconds later.
 *
 * <ul>
 *   <li>Who: {@code authenticationInfo.principalEmail} (a person, or a service account ending in
 *       {@code gserviceaccount.com}); an impersonated service account names the identity it
 *       derives from in {@code serviceAccountDelegationInfo[0].firstPartyPrincipal}.</li>
 *   <li>With what: a user-managed service-account key ({@code serviceAccountKeyName}) is a
 *       long-lived API key named by its key id. Other calls carry no credential id. A key created
 *       ({@code CreateServiceAccountKey}) is the event's issued credential, with the service
 *       account it is for.</li>
 *   <li>What: {@code serviceName} (without {@code .googleapis.com}), {@code methodName},
 *       {@code resourceName}; sensitivity and tactic from {@code methods.tsv}. A Secret Manager
 *       {@code AccessSecretVersion} hands over the secret ({@code revealed}: the secret's name
 *       without its version); token minting for another service account
 *       ({@code GenerateAccessToken}, {@code SignJwt}...) issues a token.</li>
 *   <li>Outcome: {@code status.code} 0 or absent is success; anything else a failure with
 *       {@code status.message}.</li>
 *   <li>From where: {@code requestMetadata.callerIp} and {@code callerSuppliedUserAgent}. Google
 *       writes {@code private} or {@code gce-internal-ip} for calls from inside its network; those
 *       carry no address.</li>
 * </ul>
 */
public final class GcpAuditMapper extends ShapedMapper {
    static final String SOURCE = "gcp";
    private static final String PROVIDER = "Google Cloud";
    private static final String ACCESS_SECRET = "google.cloud.secretmanager.v1.SecretManagerService.AccessSecretVersion";
    /** The Secret Manager call that gives a secret a new value (a new version). */
    private static final String ADD_VERSION = "google.cloud.secretmanager.v1.SecretManagerService.AddSecretVersion";
    private static final OperationTable METHODS = new OperationTable(GcpAuditMapper.class, "methods.tsv");

    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field TIMESTAMP = SHAPE.scalar("timestamp");
    private static final Field RECEIVED = SHAPE.scalar("receiveTimestamp");
    private static final Field INSERT_ID = SHAPE.scalar("insertId");
    private static final Field LOG_NAME = SHAPE.scalar("logName");
    private static final Field SERVICE = SHAPE.scalar("protoPayload.serviceName");
    private static final Field METHOD = SHAPE.scalar("protoPayload.methodName");
    private static final Field RESOURCE = SHAPE.scalar("protoPayload.resourceName");
    private static final Field PRINCIPAL = SHAPE.scalar("protoPayload.authenticationInfo.principalEmail");
    private static final Field SUBJECT = SHAPE.scalar("protoPayload.authenticationInfo.principalSubject");
    private static final Field KEY_NAME = SHAPE.scalar("protoPayload.authenticationInfo.serviceAccountKeyName");
    private static final Field DELEGATION = SHAPE.tree("protoPayload.authenticationInfo.serviceAccountDelegationInfo");
    private static final Field OAUTH_CLIENT = SHAPE.scalar("protoPayload.authenticationInfo.oauthInfo.oauthClientId");
    private static final Field CALLER_IP = SHAPE.scalar("protoPayload.requestMetadata.callerIp");
    private static final Field USER_AGENT = SHAPE.scalar("protoPayload.requestMetadata.callerSuppliedUserAgent");
    private static final Field RESPONSE_NAME = SHAPE.scalar("protoPayload.response.name");
    private static final Field REQUEST_NAME = SHAPE.scalar("protoPayload.request.name");
    private static final Field STATUS_CODE = SHAPE.scalar("protoPayload.status.code");
    private static final Field STATUS_MESSAGE = SHAPE.scalar("protoPayload.status.message");
    private static final Field LOCATION = SHAPE.scalar("resource.labels.location");
    private static final Field REGION = SHAPE.scalar("resource.labels.region");
    private static final Field ZONE = SHAPE.scalar("resource.labels.zone");
    private static final Field PROJECT = SHAPE.scalar("resource.labels.project_id");

    public GcpAuditMapper() {
        super(SHAPE);
    }

    /**
     * A log entry (with its time) whose payload names an API method and service: the shape of an
     * {@code AuditLog}, whichever log it was written to and however the exporter renamed
     * {@code @type}.
     */
    @Override
    public boolean recognizes(JsonNode record) {
        JsonNode payload = Format.field(record, "protoPayload");
        return payload != null && Format.text(payload, "methodName") != null && Format.text(payload, "serviceName") != null
                && (Format.text(record, "timestamp") != null || Format.text(record, "receiveTimestamp") != null);
    }

    @Override
    public Event map(Record r) throws BadRecordException {
        String service = service(r.required(SERVICE));
        String method = r.required(METHOD);
        String code = r.text(STATUS_CODE);
        boolean success = code == null || code.equals("0");
        String principal = r.text(PRINCIPAL) != null ? r.text(PRINCIPAL) : r.text(SUBJECT);
        boolean minting = minting(service, method);
        // a token's resourceName is the service account's number; its request names the account
        String resource = minting && r.text(REQUEST_NAME) != null ? r.text(REQUEST_NAME) : r.text(RESOURCE);
        OperationTable.Judged judged = METHODS.judge(service, method);
        String secret = success && method.equals(ACCESS_SECRET) ? secret(resource) : null;
        boolean timed = r.text(TIMESTAMP) != null;
        EventBuilder e = new EventBuilder(SOURCE).time(timed ? "timestamp" : "receiveTimestamp", timed ? r.text(TIMESTAMP) : r.required(RECEIVED))
                .kind(minting ? EventKind.TOKEN_ISSUED : EventKind.CREDENTIAL_USE)
                .outcome(success ? Outcome.SUCCESS : Outcome.FAILURE, success ? null : "status " + code
                        + (r.text(STATUS_MESSAGE) == null ? "" : ": " + r.text(STATUS_MESSAGE)))
                .principal(principal == null ? null : principal.toLowerCase(Locale.ROOT), r.text(SUBJECT), type(principal),
                        r.text(PROJECT))
                .parent(delegator(r.tree(DELEGATION)))
                .userAgent(userAgent(r.text(USER_AGENT)))
                .app(r.text(OAUTH_CLIENT))
                .action(service, method, resource, judged.sensitive())
                .tactic(judged.tactic())
                .region(r.text(LOCATION) != null ? r.text(LOCATION) : r.text(REGION) != null ? r.text(REGION) : r.text(ZONE))
                .revealed(secret == null ? List.of() : List.of(secret))
                .written(written(success && method.equals(ADD_VERSION), resource, r.text(RESPONSE_NAME)))
                .unmapped("gcp.log", logKind(r.text(LOG_NAME)))
                .origin(r.origin(r.text(INSERT_ID)));
        String ip = r.text(CALLER_IP);
        if (ip != null && IpAddress.parse(ip).isPresent()) {
            e.ip("protoPayload.requestMetadata.callerIp", ip);
        } else {
            e.unmapped("gcp.callerIp", ip);
        }
        String key = keyId(r.text(KEY_NAME));
        String created = success && method.endsWith("CreateServiceAccountKey") ? keyId(r.text(RESPONSE_NAME)) : null;
        if (created != null) {
            e.issued(Credential.Issuance.by(PROVIDER, true, null).issuedTo(serviceAccount(r.text(RESPONSE_NAME)), null)
                    .ofKind(CredentialKind.API_KEY));
        }
        if (key != null || created != null) {
            e.issuance(Credential.Issuance.by(PROVIDER, false, null))
                    .credential(key != null ? CredentialKind.API_KEY : CredentialKind.UNKNOWN, key, null, null, Mfa.UNKNOWN, created);
        }
        return e.build();
    }

    /** The service's short name: {@code secretmanager} for {@code secretmanager.googleapis.com}. */
    private static String service(String name) {
        return name.endsWith(".googleapis.com") ? name.substring(0, name.length() - ".googleapis.com".length()) : name;
    }

    /** Minting a token for another identity: IAM Service Account Credentials' token and signing calls. */
    private static boolean minting(String service, String method) {
        return service.equals("iamcredentials") && (method.endsWith("GenerateAccessToken") || method.endsWith("GenerateIdToken")
                || method.endsWith("SignJwt") || method.endsWith("SignBlob"));
    }

    private static PrincipalType type(String principal) {
        if (principal == null) {
            return PrincipalType.UNKNOWN;
        }
        String lower = principal.toLowerCase(Locale.ROOT);
        if (lower.endsWith("gserviceaccount.com") || lower.startsWith("system:")) {
            return PrincipalType.SERVICE;
        }
        return lower.contains("@") ? PrincipalType.HUMAN : PrincipalType.UNKNOWN;
    }

    /** The first identity of an impersonation chain, which the principal's token derives from; null without a chain. */
    private static String delegator(JsonNode chain) {
        if (chain == null || !chain.isArray() || chain.isEmpty()) {
            return null;
        }
        String email = Format.text(Format.field(chain.get(0), "firstPartyPrincipal"), "principalEmail");
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }

    /** The user agent without the hops Google's front end appends ({@code ,gzip(gfe)}). */
    private static String userAgent(String raw) {
        return raw == null ? null : raw.replace(",gzip(gfe)", "").strip();
    }

    /** "activity", "data_access", "system_event" or "policy", from {@code projects/P/logs/cloudaudit.googleapis.com%2Fdata_access}. */
    private static String logKind(String logName) {
        if (logName == null) {
            return null;
        }
        int slash = Math.max(logName.lastIndexOf("%2F"), logName.lastIndexOf("%2f"));
        return slash >= 0 ? logName.substring(slash + 3) : logName.substring(logName.lastIndexOf('/') + 1);
    }

    /** The key id of {@code //iam.googleapis.com/projects/P/serviceAccounts/SA/keys/KEY}; null otherwise. */
    static String keyId(String keyName) {
        if (keyName == null) {
            return null;
        }
        int keys = keyName.lastIndexOf("/keys/");
        return keys < 0 || keys + 6 >= keyName.length() ? null : keyName.substring(keys + 6);
    }

    /** The service account of {@code projects/P/serviceAccounts/SA/keys/KEY}, lower-cased; null otherwise. */
    static String serviceAccount(String keyName) {
        int accounts = keyName.indexOf("/serviceAccounts/");
        int keys = keyName.lastIndexOf("/keys/");
        return accounts < 0 || keys <= accounts ? null : keyName.substring(accounts + 17, keys).toLowerCase(Locale.ROOT);
    }

    /**
     * The secret an {@code AddSecretVersion} gave a new value, named as a read names it: the new
     * version's {@code response.name} carries the project number, as a read's {@code resourceName}
     * does, where the call's own {@code resourceName} may carry the project id.
     */
    private static List<String> written(boolean added, String resource, String version) {
        if (!added) {
            return List.of();
        }
        String secret = secret(version) != null ? secret(version) : secret(resource);
        return secret == null ? List.of() : List.of(secret);
    }

    /** "project/secret" of {@code projects/P/secrets/S/versions/V}; null for anything else. */
    static String secret(String resource) {
        if (resource == null) {
            return null;
        }
        String[] parts = resource.split("/");
        return parts.length >= 4 && parts[0].equals("projects") && parts[2].equals("secrets") ? parts[1] + "/" + parts[3] : null;
    }
}
