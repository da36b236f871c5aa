package dev.tokenward.source.onepassword;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.event.Credential;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.DataTable;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import dev.tokenward.source.Format;
import dev.tokenward.source.Record;
import dev.tokenward.source.ShapedMapper;
import dev.tokenward.source.RecordShape;
import dev.tokenward.source.RecordShape.Field;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * 1Password Events API records: sign-in attempts ({@code /api/v2/signinattempts}), item usages
 * ({@code /api/v2/itemusages}) and audit events ({@code /api/v2/auditevents}), as the API returns
 * them ({@code {"cursor", "has_more", "items": [...]}}) or as JSON lines of single events, as the
 * vendor's SIEM connectors write them. Which of the three a record is follows from its fields.
 *
 * <ul>
 *   <li>A sign-in attempt is an authentication of {@code target_user}: {@code category} success or
 *       a failure ({@code credentials_failed}, {@code mfa_failed}, {@code sso_failed},
 *       {@code modern_version_required}) with {@code type} as the reason. A successful one issues
 *       the session {@code session_uuid}; {@code mfa_ok} says the second factor was checked.</li>
 *   <li>An item usage is a credential-store access by {@code user}: the {@code action} (fill,
 *       reveal, secure-copy, export, enter-item-edit-mode, select-sso-provider, server-create,
 *       server-update, server-fetch) on {@code vault_uuid/item_uuid}. 1Password logs it only for
 *       items in shared vaults, and without the session that made it: the event's credential is
 *       a 1Password session without an id. An item used through an app only service accounts
 *       and integrations use ({@code integration-clients.tsv}: the SDKs, a Connect server) is a
 *       service's.</li>
 *   <li>An audit event is an administrator's or member's change ({@code action} on
 *       {@code object_type}) made in {@code session.uuid} from {@code session.ip}.</li>
 * </ul>
 * The client is an app ({@code client.app_name} and version, platform, OS), not a browser's user
 * agent; {@code location} (or a sign-in's {@code country}) is 1Password's own geolocation.
 */
public final class OnePasswordMapper extends ShapedMapper {
    static final String SOURCE = "onepassword";
    private static final String PROVIDER = "1Password";
    /** 1Password signs a session out after a period of inactivity; the longest it can be set to is taken. */
    private static final Duration SESSION_LIFETIME = Duration.ofDays(30);
    private static final Set<String> EXPORTS = Set.of("export");
    /** Item actions that hand the item's secret to whoever acts: not editing, creating or a server's own sync. */
    private static final Set<String> REVEALING = Set.of("fill", "reveal", "secure-copy", "export", "server-fetch");
    /** Item actions that give the item new contents: created, or saved with changes. */
    private static final Set<String> WRITING = Set.of("server-create", "server-update");

    /** Apps only service accounts and integrations use ({@code integration-clients.tsv}). */
    private static final Set<String> INTEGRATION_CLIENTS = DataTable.read(OnePasswordMapper.class, "integration-clients.tsv", 2)
            .stream().map(row -> row[0]).collect(Collectors.toUnmodifiableSet());

    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field UUID = SHAPE.scalar("uuid");
    private static final Field TIMESTAMP = SHAPE.scalar("timestamp");
    private static final Field SESSION_UUID = SHAPE.scalar("session_uuid");
    private static final Field CATEGORY = SHAPE.scalar("category");
    private static final Field TYPE = SHAPE.scalar("type");
    private static final Field COUNTRY = SHAPE.scalar("country");
    private static final Field TARGET_EMAIL = SHAPE.scalar("target_user.email");
    private static final Field TARGET_UUID = SHAPE.scalar("target_user.uuid");
    private static final Field USER_EMAIL = SHAPE.scalar("user.email");
    private static final Field USER_UUID = SHAPE.scalar("user.uuid");
    private static final Field ITEM_UUID = SHAPE.scalar("item_uuid");
    private static final Field VAULT_UUID = SHAPE.scalar("vault_uuid");
    private static final Field ACTION = SHAPE.scalar("action");
    private static final Field OBJECT_TYPE = SHAPE.scalar("object_type");
    private static final Field OBJECT_UUID = SHAPE.scalar("object_uuid");
    private static final Field ACTOR_UUID = SHAPE.scalar("actor_uuid");
    private static final Field ACTOR_EMAIL = SHAPE.scalar("actor_details.email");
    private static final Field AUDIT_SESSION = SHAPE.scalar("session.uuid");
    private static final Field AUDIT_DEVICE = SHAPE.scalar("session.device_uuid");
    private static final Field AUDIT_IP = SHAPE.scalar("session.ip");
    private static final Field CLIENT_IP = SHAPE.scalar("client.ip_address");
    private static final Field APP_NAME = SHAPE.scalar("client.app_name");
    private static final Field APP_VERSION = SHAPE.scalar("client.app_version");
    private static final Field PLATFORM = SHAPE.scalar("client.platform_name");
    private static final Field PLATFORM_VERSION = SHAPE.scalar("client.platform_version");
    private static final Field OS_NAME = SHAPE.scalar("client.os_name");
    private static final Field OS_VERSION = SHAPE.scalar("client.os_version");
    private static final Field LOCATION_COUNTRY = SHAPE.scalar("location.country");
    private static final Field LOCATION_CITY = SHAPE.scalar("location.city");
    private static final Field LATITUDE = SHAPE.scalar("location.latitude");
    private static final Field LONGITUDE = SHAPE.scalar("location.longitude");

    public OnePasswordMapper() {
        super(SHAPE);
    }

    @Override
    public boolean recognizes(JsonNode record) {
        if (Format.text(record, "uuid") == null || Format.text(record, "timestamp") == null) {
            return false;
        }
        boolean signIn = Format.text(record, "category") != null && Format.field(record, "target_user") != null;
        boolean itemUsage = Format.text(record, "item_uuid") != null && Format.text(record, "vault_uuid") != null
                && Format.field(record, "user") != null;
        boolean audit = Format.text(record, "actor_uuid") != null && Format.text(record, "object_type") != null;
        return signIn || itemUsage || audit;
    }

    @Override
    public Event map(Record r) throws BadRecordException {
        EventBuilder e = new EventBuilder(SOURCE).time("timestamp", r.required(TIMESTAMP)).origin(r.origin(r.text(UUID)));
        if (r.text(CATEGORY) != null && r.text(TARGET_EMAIL) != null) {
            signIn(e, r);
        } else if (r.text(ITEM_UUID) != null) {
            itemUsage(e, r);
        } else if (r.text(ACTOR_UUID) != null) {
            audit(e, r);
        } else {
            throw new BadRecordException("a 1Password event that is neither a sign-in attempt (category, target_user), an item usage "
                    + "(item_uuid, user) nor an audit event (actor_uuid, object_type)");
        }
        e.ip("client.ip_address", r.text(CLIENT_IP) != null ? r.text(CLIENT_IP) : r.text(AUDIT_IP))
                .userAgent(client(r))
                .place(r.text(LOCATION_COUNTRY) != null ? r.text(LOCATION_COUNTRY) : r.text(COUNTRY), r.text(LOCATION_CITY),
                        r.decimal(LATITUDE), r.decimal(LONGITUDE));
        return e.build();
    }

    private static void signIn(EventBuilder e, Record r) {
        String category = r.text(CATEGORY);
        String type = r.text(TYPE);
        boolean success = "success".equals(category);
        e.kind(EventKind.AUTHENTICATION)
                .outcome(success ? Outcome.SUCCESS : Outcome.FAILURE, success ? null : category + (type == null ? "" : ": " + type))
                .principal(login(r.text(TARGET_EMAIL)), r.text(TARGET_UUID), PrincipalType.HUMAN, null)
                .action("1password", "signin." + category, null, true)
                .issuance(Credential.Issuance.by(PROVIDER, true, SESSION_LIFETIME).issuing(success));
        String session = r.text(SESSION_UUID);
        if (session != null) {
            e.credential(CredentialKind.SESSION, session, null, null, success && "mfa_ok".equals(type) ? Mfa.TRUE : Mfa.UNKNOWN, null);
        }
    }

    private static void itemUsage(EventBuilder e, Record r) {
        String action = r.text(ACTION) == null ? "use" : r.text(ACTION);
        String item = r.text(VAULT_UUID) + "/" + r.text(ITEM_UUID);
        PrincipalType who = INTEGRATION_CLIENTS.contains(r.text(APP_NAME)) ? PrincipalType.SERVICE : PrincipalType.HUMAN;
        e.kind(EventKind.CREDENTIAL_STORE_ACCESS).outcome(Outcome.SUCCESS, null)
                .principal(login(r.text(USER_EMAIL)), r.text(USER_UUID), who, null)
                .issuance(Credential.Issuance.by(PROVIDER, true, SESSION_LIFETIME))
                .credential(CredentialKind.SESSION, null, null, null, Mfa.UNKNOWN, null)
                .action("1password", "item." + action, item, EXPORTS.contains(action))
                .revealed(REVEALING.contains(action) ? List.of(item) : List.of())
                .written(WRITING.contains(action) ? List.of(item) : List.of());
    }

    private static void audit(EventBuilder e, Record r) {
        String email = r.text(ACTOR_EMAIL);
        e.kind(EventKind.OTHER).outcome(Outcome.SUCCESS, null)
                .principal(email != null ? login(email) : r.text(ACTOR_UUID), r.text(ACTOR_UUID),
                        email != null ? PrincipalType.HUMAN : PrincipalType.UNKNOWN, null)
                .action("1password", "audit." + r.text(ACTION) + "." + r.text(OBJECT_TYPE), r.text(OBJECT_UUID), true)
                .device(r.text(AUDIT_DEVICE))
                .issuance(Credential.Issuance.by(PROVIDER, true, SESSION_LIFETIME));
        if (r.text(AUDIT_SESSION) != null) {
            e.credential(CredentialKind.SESSION, r.text(AUDIT_SESSION), null, null, Mfa.UNKNOWN, null);
        }
    }

    /**
     * The client as 1Password describes it, in one line: "1Password for Web/1934 (HeadlessChrome
     * 141.0.7390.54; Linux 6.1)". It sends no browser user agent; the platform is the browser or
     * the machine model, and names a headless browser where one drove the web app.
     */
    private static String client(Record r) {
        String app = r.text(APP_NAME);
        if (app == null) {
            return null;
        }
        StringJoiner around = new StringJoiner("; ", " (", ")").setEmptyValue("");
        String platform = join(r.text(PLATFORM), r.text(PLATFORM_VERSION));
        String os = join(r.text(OS_NAME), r.text(OS_VERSION));
        if (platform != null) {
            around.add(platform);
        }
        if (os != null) {
            around.add(os);
        }
        String version = r.text(APP_VERSION);
        return app + (version == null ? "" : "/" + version) + around;
    }

    private static String join(String name, String version) {
        return name == null ? null : version == null ? name : name + " " + version;
    }

    private static String login(String email) {
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }
}
