package dev.tokenward.source.keyvault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import dev.tokenward.source.Format;
import dev.tokenward.source.Record;
import dev.tokenward.source.ShapedMapper;
import dev.tokenward.source.RecordShape;
import dev.tokenward.source.RecordShape.Field;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Azure Key Vault audit logs (diagnostic category {@code AuditEvent}), as diagnostic settings
 * export them ({@code {"records": [...]}} to storage or Event Hubs, or JSON lines). A
 * {@code SecretGet} hands over a secret's value: its vault and name (without the version) are the
 * event's {@code revealed} item. Other operations (listing, setting, key and certificate
 * operations, the vault's own management) are kept as API calls on the vault.
 *
 * <p>Who: the token's claims in {@code identity.claim}: the user principal name (a person), else
 * the application id (a service principal or managed identity), else the object id.
 */
public final class KeyVaultMapper extends ShapedMapper {
    static final String SOURCE = "keyvault";
    private static final String UPN = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
    private static final String OBJECT_ID = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private static final Set<String> REVEALING = Set.of("SecretGet");
    /** Operations that give a secret a new value: a new version set, or a deleted secret's backup restored. */
    private static final Set<String> WRITING = Set.of("SecretSet", "SecretRestore");

    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field TIME = SHAPE.scalar("time");
    private static final Field RESOURCE_ID = SHAPE.scalar("resourceId");
    private static final Field OPERATION = SHAPE.scalar("operationName");
    private static final Field RESULT = SHAPE.scalar("resultType");
    private static final Field RESULT_SIGNATURE = SHAPE.scalar("resultSignature");
    private static final Field CALLER_IP = SHAPE.scalar("callerIpAddress");
    private static final Field CORRELATION = SHAPE.scalar("correlationId");
    private static final Field CLAIMS = SHAPE.tree("identity.claim");
    private static final Field CLIENT_INFO = SHAPE.scalar("properties.clientInfo");
    private static final Field ID = SHAPE.scalar("properties.id");
    private static final Field STATUS = SHAPE.scalar("properties.httpStatusCode");

    public KeyVaultMapper() {
        super(SHAPE);
    }

    @Override
    public boolean recognizes(JsonNode record) {
        String resource = Format.text(record, "resourceId");
        return "AuditEvent".equalsIgnoreCase(Format.text(record, "category")) && Format.text(record, "operationName") != null
                && resource != null && resource.toUpperCase(Locale.ROOT).contains("/PROVIDERS/MICROSOFT.KEYVAULT/");
    }

    @Override
    public Event map(Record r) throws BadRecordException {
        String operation = r.required(OPERATION);
        boolean success = "Success".equalsIgnoreCase(r.text(RESULT));
        JsonNode claims = r.tree(CLAIMS);
        String upn = Format.text(claims, UPN);
        String app = Format.text(claims, "appid");
        String principal = upn != null ? upn.toLowerCase(Locale.ROOT) : app != null ? app : Format.text(claims, OBJECT_ID);
        String secret = secret(r.text(ID));
        return new EventBuilder(SOURCE).time("time", r.required(TIME))
                .kind(EventKind.CREDENTIAL_USE)
                .outcome(success ? Outcome.SUCCESS : Outcome.FAILURE, success ? null : r.text(RESULT_SIGNATURE) + " (" + r.text(STATUS) + ")")
                .principal(principal, Format.text(claims, OBJECT_ID), upn != null ? PrincipalType.HUMAN
                        : app != null ? PrincipalType.SERVICE : PrincipalType.UNKNOWN, null)
                .ip("callerIpAddress", r.text(CALLER_IP))
                .userAgent(r.text(CLIENT_INFO))
                .app(app)
                .action("keyvault", operation, secret != null ? secret : vault(r.text(RESOURCE_ID)), operation.startsWith("Secret"))
                .revealed(success && REVEALING.contains(operation) && secret != null ? List.of(secret) : List.of())
                .written(success && WRITING.contains(operation) && secret != null ? List.of(secret) : List.of())
                .unmapped("keyvault.correlationId", r.text(CORRELATION))
                .origin(r.origin(null))
                .build();
    }

    /** "vault/name" of a secret identifier (https://vault.vault.azure.net/secrets/name/version); null for anything else. */
    static String secret(String id) {
        if (id == null) {
            return null;
        }
        try {
            URI uri = URI.create(id);
            String[] path = uri.getPath() == null ? new String[0] : uri.getPath().split("/");
            String host = uri.getHost();
            if (host == null || path.length < 3 || !path[1].equals("secrets")) {
                return null;
            }
            return host.substring(0, host.indexOf('.') < 0 ? host.length() : host.indexOf('.')) + "/" + path[2];
        } catch (IllegalArgumentException notAnIdentifier) {
            return null;
        }
    }

    private static String vault(String resourceId) {
        return resourceId == null ? null : resourceId.substring(resourceId.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    }
}
