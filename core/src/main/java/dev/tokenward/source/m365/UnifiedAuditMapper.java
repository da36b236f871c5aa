package dev.tokenward.source.m365;

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

/**
 * The Microsoft 365 unified audit log, as the Office 365 Management Activity API returns it (a JSON
 * array of records, or JSON lines): {@code CreationTime} (UTC, written without a zone),
 * {@code Operation}, {@code Workload}, {@code UserId}, {@code ClientIP}; Entra ID sign-ins
 * ({@code UserLoggedIn}, {@code UserLoginFailed} with its {@code LogonError}), Exchange mailbox
 * access and settings, SharePoint and OneDrive file access and sharing. What an operation amounts to
 * is data ({@code operations.tsv}).
 *
 * <p>The credential: the Entra session a workload's call was made in
 * ({@code AppAccessContext.AADSessionId}), the {@code sessionId} of Entra's sign-in logs, so that a
 * session's file downloads and mail reads join its sign-ins and refreshes; its issuance is in
 * Entra's logs, not these.
 */
public final class UnifiedAuditMapper extends ShapedMapper {
    static final String SOURCE = "m365";
    private static final String PROVIDER = "Microsoft Entra ID";
    private static final OperationTable OPERATIONS = new OperationTable(UnifiedAuditMapper.class, "operations.tsv");

    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field TIME = SHAPE.scalar("CreationTime");
    private static final Field ID = SHAPE.scalar("Id");
    private static final Field OPERATION = SHAPE.scalar("Operation");
    private static final Field WORKLOAD = SHAPE.scalar("Workload");
    private static final Field USER = SHAPE.scalar("UserId");
    private static final Field USER_TYPE = SHAPE.scalar("UserType");
    private static final Field CLIENT_IP = SHAPE.scalar("ClientIP");
    private static final Field ACTOR_IP = SHAPE.scalar("ActorIpAddress");
    private static final Field CLIENT_IP_LOWER = SHAPE.scalar("Client_IPAddress");
    private static final Field USER_AGENT = SHAPE.scalar("UserAgent");
    private static final Field CLIENT_INFO = SHAPE.scalar("ClientInfoString");
    private static final Field EXTENDED = SHAPE.tree("ExtendedProperties");
    private static final Field RESULT = SHAPE.scalar("ResultStatus");
    private static final Field LOGON_ERROR = SHAPE.scalar("LogonError");
    private static final Field OBJECT = SHAPE.scalar("ObjectId");
    private static final Field FILE = SHAPE.scalar("SourceFileName");
    private static final Field APP = SHAPE.scalar("ApplicationId");
    private static final Field SESSION = SHAPE.scalar("AppAccessContext.AADSessionId");
    private static final Field TOKEN = SHAPE.scalar("AppAccessContext.UniqueTokenId");
    private static final Field CLIENT_APP = SHAPE.scalar("AppAccessContext.ClientAppId");
    private static final Field ORGANIZATION = SHAPE.scalar("OrganizationId");

    public UnifiedAuditMapper() {
        super(SHAPE);
    }

    @Override
    public boolean recognizes(JsonNode record) {
        return Format.text(record, "CreationTime") != null && Format.text(record, "Operation") != null
                && Format.text(record, "Workload") != null;
    }

    @Override
    public Event map(Record r) throws BadRecordException {
        String operation = r.required(OPERATION);
        String workload = r.required(WORKLOAD);
        String lower = operation.toLowerCase(Locale.ROOT);
        boolean signIn = lower.equals("userloggedin") || lower.equals("userloginfailed");
        boolean failed = lower.equals("userloginfailed") || "failed".equalsIgnoreCase(r.text(RESULT))
                || "false".equalsIgnoreCase(r.text(RESULT));
        OperationTable.Judged judged = OPERATIONS.judge(workload.toLowerCase(Locale.ROOT), lower);
        String user = r.text(USER);
        String ip = EventBuilder.withoutPort(r.text(CLIENT_IP) != null ? r.text(CLIENT_IP) : r.text(ACTOR_IP) != null ? r.text(ACTOR_IP)
                : r.text(CLIENT_IP_LOWER));
        EventBuilder e = new EventBuilder(SOURCE).time("CreationTime", r.required(TIME))
                .kind(signIn ? EventKind.AUTHENTICATION : judged.tactic() == dev.tokenward.event.Action.Tactic.COLLECTION
                        && !judged.sensitive() ? EventKind.CREDENTIAL_USE : EventKind.OTHER)
                .outcome(failed ? Outcome.FAILURE : Outcome.SUCCESS, failed ? (r.text(LOGON_ERROR) != null ? r.text(LOGON_ERROR) : operation) : null)
                .principal(user == null ? null : user.toLowerCase(Locale.ROOT), null,
                        user != null && user.contains("@") ? PrincipalType.HUMAN : PrincipalType.SERVICE, r.text(ORGANIZATION))
                .ip("ClientIP", ip)
                .userAgent(r.text(USER_AGENT) != null ? r.text(USER_AGENT) : r.text(CLIENT_INFO) != null ? r.text(CLIENT_INFO)
                        : extended(r.tree(EXTENDED), "UserAgent"))
                .app(r.text(CLIENT_APP) != null ? r.text(CLIENT_APP) : r.text(APP))
                .tactic(judged.tactic())
                .action(workload.toLowerCase(Locale.ROOT), operation, r.text(FILE) != null ? r.text(FILE) : r.text(OBJECT), judged.sensitive())
                .origin(r.origin(r.text(ID)))
                .unmapped("m365.userType", r.text(USER_TYPE))
                .unmapped("m365.uniqueTokenId", r.text(TOKEN));
        if (r.text(SESSION) != null) {
            e.issuance(Credential.Issuance.by(PROVIDER, false, null))
                    .credential(CredentialKind.SESSION, r.text(SESSION), null, null, Mfa.UNKNOWN, null);
        }
        return e.build();
    }

    /** A value of the {@code [{"Name", "Value"}]} list AAD records carry. */
    private static String extended(JsonNode properties, String name) {
        for (JsonNode property : properties == null || !properties.isArray() ? java.util.List.<JsonNode>of() : properties) {
            if (name.equalsIgnoreCase(Format.text(property, "Name"))) {
                return Format.text(property, "Value");
            }
        }
        return null;
    }
}
