package dev.tokenward.source.ocsf;

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
import dev.tokenward.source.OperationTable;
import dev.tokenward.source.cloudtrail.CloudTrailMapper;
import dev.tokenward.source.Record;
import dev.tokenward.source.RecordShape;
import dev.tokenward.source.RecordShape.Field;
import dev.tokenward.source.ShapedMapper;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * OCSF events as JSON (one a line, or arrays): the classes the T1550.001 playbook reads, Authentication
 * ({@code class_uid} 3002) and API Activity (6003), as Amazon Security Lake and OCSF-native
 * pipelines write them. Other classes are not read.
 *
 * <ul>
 * <li>Authentication: a logon ({@code activity_id} 1, or 3 and 4, tickets) is an AUTHENTICATION that
 *     issues the session {@code session.uid}, with MFA from {@code is_mfa} (else
 *     {@code session.is_mfa}); a logoff and the rest are OTHER. The principal is {@code user}
 *     ({@code email_addr}, else {@code name}, else {@code uid}).</li>
 * <li>API Activity: a CREDENTIAL_USE by {@code actor.user} with its credential: an AWS key in
 *     {@code actor.user.credential_uid} ({@code ASIA...} temporary, {@code AKIA...} long-term), else
 *     the session {@code actor.session.uid}; the operation {@code api.operation} of
 *     {@code api.service.name}.</li>
 * </ul>
 * {@code status_id} 1 is success, 2 failure; {@code time} is epoch milliseconds. Where the
 * address, user agent and place come from: {@code src_endpoint.ip}, {@code http_request.user_agent},
 * {@code src_endpoint.location}. The provider is named from {@code metadata.product} by
 * {@code products.tsv}, so that the same credential read from the product's own logs is the same
 * provider's. An AWS call is judged by CloudTrail's operation table (sensitivity, tactic), since
 * Security Lake keeps CloudTrail's names; other products' calls are not judged. What OCSF does not
 * carry, Tokenward does not know: a session's parent or root, a key's issuance.
 */
public final class OcsfMapper extends ShapedMapper {
    static final String SOURCE = "ocsf";
    static final int AUTHENTICATION = 3002;
    static final int API_ACTIVITY = 6003;
    private static final Set<String> LOGONS = Set.of("1", "3", "4");
    private static final List<String[]> PRODUCTS = DataTable.read(OcsfMapper.class, "products.tsv", 2);
    /** CloudTrail's operations: which calls are sensitive, and their tactics. */
    private static final OperationTable AWS_OPERATIONS = new OperationTable(CloudTrailMapper.class, "operations.tsv");

    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field CLASS = SHAPE.scalar("class_uid");
    private static final Field ACTIVITY = SHAPE.scalar("activity_id");
    private static final Field ACTIVITY_NAME = SHAPE.scalar("activity_name");
    private static final Field TIME = SHAPE.scalar("time");
    private static final Field STATUS = SHAPE.scalar("status_id");
    private static final Field STATUS_DETAIL = SHAPE.scalar("status_detail");
    private static final Field UID = SHAPE.scalar("metadata.uid");
    private static final Field PRODUCT = SHAPE.scalar("metadata.product.name");
    private static final Field VENDOR = SHAPE.scalar("metadata.product.vendor_name");
    private static final Field USER_NAME = SHAPE.scalar("user.name");
    private static final Field USER_UID = SHAPE.scalar("user.uid");
    private static final Field USER_EMAIL = SHAPE.scalar("user.email_addr");
    private static final Field USER_TYPE = SHAPE.scalar("user.type");
    private static final Field ACTOR_NAME = SHAPE.scalar("actor.user.name");
    private static final Field ACTOR_UID = SHAPE.scalar("actor.user.uid");
    private static final Field ACTOR_EMAIL = SHAPE.scalar("actor.user.email_addr");
    private static final Field ACTOR_TYPE = SHAPE.scalar("actor.user.type");
    private static final Field ACTOR_KEY = SHAPE.scalar("actor.user.credential_uid");
    private static final Field ACTOR_SESSION = SHAPE.scalar("actor.session.uid");
    private static final Field ACTOR_SESSION_MFA = SHAPE.scalar("actor.session.is_mfa");
    private static final Field SESSION = SHAPE.scalar("session.uid");
    private static final Field SESSION_MFA = SHAPE.scalar("session.is_mfa");
    private static final Field IS_MFA = SHAPE.scalar("is_mfa");
    private static final Field IP = SHAPE.scalar("src_endpoint.ip");
    private static final Field COUNTRY = SHAPE.scalar("src_endpoint.location.country");
    private static final Field CITY = SHAPE.scalar("src_endpoint.location.city");
    private static final Field LAT = SHAPE.scalar("src_endpoint.location.lat");
    private static final Field LONG = SHAPE.scalar("src_endpoint.location.long");
    private static final Field USER_AGENT = SHAPE.scalar("http_request.user_agent");
    private static final Field SERVICE = SHAPE.scalar("service.name");
    private static final Field API_OPERATION = SHAPE.scalar("api.operation");
    private static final Field API_SERVICE = SHAPE.scalar("api.service.name");
    private static final Field REGION = SHAPE.scalar("cloud.region");

    public OcsfMapper() {
        super(SHAPE);
    }

    @Override
    public boolean recognizes(JsonNode record) {
        JsonNode type = Format.field(record, "class_uid");
        int uid = type == null ? -1 : type.asInt(-1);
        return (uid == AUTHENTICATION || uid == API_ACTIVITY) && Format.field(record, "time") != null
                && Format.field(record, "metadata") != null;
    }

    @Override
    public Event map(Record r) throws BadRecordException {
        String type = r.required(CLASS);
        String provider = provider(r.text(PRODUCT), r.text(VENDOR));
        boolean success = "1".equals(r.text(STATUS));
        boolean failure = "2".equals(r.text(STATUS));
        EventBuilder e = new EventBuilder(SOURCE).time("time", r.required(TIME))
                .outcome(failure ? Outcome.FAILURE : success ? Outcome.SUCCESS : Outcome.UNKNOWN, failure ? r.text(STATUS_DETAIL) : null)
                .ip("src_endpoint.ip", r.text(IP))
                .userAgent(r.text(USER_AGENT))
                .place(r.text(COUNTRY), r.text(CITY), r.decimal(LAT), r.decimal(LONG))
                .region(r.text(REGION))
                .origin(r.origin(r.text(UID)));
        if (type.equals(Integer.toString(AUTHENTICATION))) {
            boolean logon = LOGONS.contains(r.text(ACTIVITY));
            String who = first(r.text(USER_EMAIL), r.text(USER_NAME), r.text(USER_UID));
            e.kind(logon ? EventKind.AUTHENTICATION : EventKind.OTHER)
                    .principal(who == null ? null : who.toLowerCase(Locale.ROOT), r.text(USER_UID), principalType(r.text(USER_TYPE)), null)
                    .app(r.text(SERVICE))
                    .action(provider, r.text(ACTIVITY_NAME) != null ? r.text(ACTIVITY_NAME) : "activity " + r.text(ACTIVITY),
                            r.text(SERVICE), false);
            if (logon) {
                e.issuance(Credential.Issuance.by(provider, true, null).issuing(success))
                        .credential(CredentialKind.SESSION, r.text(SESSION), null, null,
                                Mfa.of(r.text(IS_MFA) != null ? r.bool(IS_MFA) : r.bool(SESSION_MFA)), null);
            }
            return e.build();
        }
        if (!type.equals(Integer.toString(API_ACTIVITY))) {
            throw new BadRecordException("class_uid " + type + " is not Authentication (3002) or API Activity (6003)");
        }
        String key = r.text(ACTOR_KEY);
        // an AWS principal is known by its ARN, as CloudTrail's own records name it
        String arn = r.text(ACTOR_UID) != null && r.text(ACTOR_UID).startsWith("arn:") ? r.text(ACTOR_UID) : null;
        String who = first(arn, r.text(ACTOR_EMAIL), r.text(ACTOR_NAME), r.text(ACTOR_UID));
        CredentialKind kind = key != null && key.startsWith("ASIA") ? CredentialKind.TEMPORARY_KEY
                : key != null && key.startsWith("AKIA") ? CredentialKind.API_KEY
                : key != null ? CredentialKind.ACCESS_TOKEN : r.text(ACTOR_SESSION) != null ? CredentialKind.SESSION : CredentialKind.UNKNOWN;
        String service = r.text(API_SERVICE) != null ? r.text(API_SERVICE) : provider;
        if (provider.equals("AWS") && service.endsWith(".amazonaws.com")) {
            service = service.substring(0, service.length() - ".amazonaws.com".length());
        }
        String operation = r.required(API_OPERATION);
        // Security Lake's API Activity from CloudTrail keeps CloudTrail's service and operation names
        OperationTable.Judged judged = provider.equals("AWS") ? AWS_OPERATIONS.judge(service, operation) : null;
        if (judged != null) {
            e.tactic(judged.tactic());
        }
        return e.kind(EventKind.CREDENTIAL_USE)
                .principal(who, r.text(ACTOR_UID), principalType(r.text(ACTOR_TYPE)), null)
                .action(service, operation, null, judged != null && judged.sensitive())
                .issuance(Credential.Issuance.by(provider, false, null))
                .credential(kind, key != null ? key : r.text(ACTOR_SESSION), null, null, Mfa.of(r.bool(ACTOR_SESSION_MFA)), null)
                .build();
    }

    /** The provider the product is, as the product's own mapper names it; else the product's name. */
    static String provider(String product, String vendor) {
        String name = ((vendor == null ? "" : vendor + " ") + (product == null ? "" : product)).toLowerCase(Locale.ROOT);
        for (String[] row : PRODUCTS) {
            if (name.contains(row[0])) {
                return row[1];
            }
        }
        return product != null ? product : vendor != null ? vendor : "OCSF";
    }

    private static PrincipalType principalType(String type) {
        if (type == null) {
            return PrincipalType.HUMAN;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.contains("service") || lower.contains("role") || lower.contains("system")
                ? PrincipalType.SERVICE : PrincipalType.HUMAN;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
