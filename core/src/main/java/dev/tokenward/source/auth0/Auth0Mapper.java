package dev.tokenward.source.auth0;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.event.Credential;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.DataTable;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.event.Risk;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import dev.tokenward.source.Format;
import dev.tokenward.source.Record;
import dev.tokenward.source.ShapedMapper;
import dev.tokenward.source.RecordShape;
import dev.tokenward.source.RecordShape.Field;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Auth0 tenant logs: the Management API's {@code GET /api/v2/logs} (a JSON array of log events) and
 * log streams ({@code {"log_id", "data": {...}}}, read through {@link dev.tokenward.source.Layout}).
 * What a {@code type} code amounts to is data ({@code types.tsv}): sign-ins and their failures,
 * second factors, the token exchanges (code, refresh token, client credentials) and the management
 * API's operations.
 *
 * <p>A refresh-token exchange uses a token these logs name by no id: the credential is the pair of
 * the user and the client ({@code user_id|client_id}), which a successful sign-in to the client
 * issues; a rotating refresh token presented twice ({@code ferrt}) is Auth0 telling that two parties
 * hold it (risk HIGH). A management API operation is a use of the access token its
 * {@code details.request.auth.credentials.jti} names, by the user or client it was issued to.
 */
public final class Auth0Mapper extends ShapedMapper {
    static final String SOURCE = "auth0";
    private static final String PROVIDER = "Auth0";

    private record Type(String name, EventKind kind, Outcome outcome, boolean sensitive) {
    }

    private static final Map<String, Type> TYPES = DataTable.read(Auth0Mapper.class, "types.tsv", 5).stream()
            .collect(Collectors.toUnmodifiableMap(r -> r[0], r -> new Type(r[1], EventKind.valueOf(r[2]), Outcome.valueOf(r[3]),
                    r[4].equals("yes"))));

    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field DATE = SHAPE.scalar("date");
    private static final Field TYPE = SHAPE.scalar("type");
    private static final Field DESCRIPTION = SHAPE.scalar("description");
    private static final Field CLIENT_ID = SHAPE.scalar("client_id");
    private static final Field CLIENT_NAME = SHAPE.scalar("client_name");
    private static final Field IP = SHAPE.scalar("ip");
    private static final Field USER_AGENT = SHAPE.scalar("user_agent");
    private static final Field USER_ID = SHAPE.scalar("user_id");
    private static final Field USER_NAME = SHAPE.scalar("user_name");
    private static final Field CONNECTION = SHAPE.scalar("connection");
    private static final Field LOG_ID = SHAPE.scalar("log_id");
    private static final Field COUNTRY = SHAPE.scalar("location_info.country_code");
    private static final Field COUNTRY_NAME = SHAPE.scalar("location_info.country_name");
    private static final Field CITY = SHAPE.scalar("location_info.city_name");
    private static final Field LATITUDE = SHAPE.scalar("location_info.latitude");
    private static final Field LONGITUDE = SHAPE.scalar("location_info.longitude");
    private static final Field API_USER = SHAPE.scalar("details.request.auth.user.email");
    private static final Field API_USER_ID = SHAPE.scalar("details.request.auth.user.user_id");
    private static final Field API_TOKEN = SHAPE.scalar("details.request.auth.credentials.jti");
    private static final Field API_IP = SHAPE.scalar("details.request.ip");
    private static final Field API_AGENT = SHAPE.scalar("details.request.userAgent");
    private static final Field API_METHOD = SHAPE.scalar("details.request.method");
    private static final Field API_PATH = SHAPE.scalar("details.request.path");
    private static final Field PROMPTS = SHAPE.tree("details.prompts");

    public Auth0Mapper() {
        super(SHAPE);
    }

    @Override
    public boolean recognizes(JsonNode record) {
        String type = Format.text(record, "type");
        return type != null && Format.text(record, "date") != null && (TYPES.containsKey(type) || Format.text(record, "log_id") != null)
                && (Format.field(record, "client_id") != null || Format.field(record, "user_id") != null
                || Format.field(record, "description") != null);
    }

    @Override
    public Event map(Record r) throws BadRecordException {
        String code = r.required(TYPE);
        Type type = TYPES.getOrDefault(code, new Type("type " + code, EventKind.OTHER, Outcome.SUCCESS, false));
        String client = r.text(CLIENT_ID);
        boolean api = type.kind() == EventKind.CREDENTIAL_USE;
        boolean clientCredentials = code.equals("seccft") || code.equals("feccft");
        String user = api && r.text(API_USER) != null ? r.text(API_USER) : r.text(USER_NAME);
        String userId = api && r.text(API_USER_ID) != null ? r.text(API_USER_ID) : r.text(USER_ID);
        String who = user != null && user.contains("@") ? user.toLowerCase(Locale.ROOT) : userId != null ? userId
                : clientCredentials || api ? client : null;
        PrincipalType principalType = user != null || userId != null ? PrincipalType.HUMAN : PrincipalType.SERVICE;
        String pair = Credential.grantId(userId, client);
        EventBuilder e = new EventBuilder(SOURCE).time("date", r.required(DATE))
                .kind(type.kind())
                .outcome(type.outcome(), type.outcome() == Outcome.FAILURE ? type.name() : null)
                .principal(who, userId, principalType, null)
                .ip(r.text(IP) != null ? "ip" : "details.request.ip", r.text(IP) != null ? r.text(IP) : r.text(API_IP))
                .userAgent(r.text(USER_AGENT) != null ? r.text(USER_AGENT) : r.text(API_AGENT))
                .app(client)
                .appName(r.text(CLIENT_NAME), null)
                .place(r.text(COUNTRY_NAME) != null ? r.text(COUNTRY_NAME) : r.text(COUNTRY), r.text(CITY), coordinate(r.text(LATITUDE)),
                        coordinate(r.text(LONGITUDE)))
                .action("auth0", type.name(), api && r.text(API_PATH) != null ? r.text(API_METHOD) + " " + r.text(API_PATH)
                        : r.text(DESCRIPTION) != null ? r.text(DESCRIPTION) : r.text(CONNECTION), type.sensitive())
                .origin(r.origin(r.text(LOG_ID)));
        if (code.equals("ferrt")) {
            e.risk(Risk.HIGH);
        }
        switch (type.kind()) {
            case AUTHENTICATION, MFA -> e.issuance(Credential.Issuance.by(PROVIDER, true, null).issuing(type.outcome() == Outcome.SUCCESS))
                    .credential(CredentialKind.SESSION, null, null, null, mfa(r.tree(PROMPTS)),
                            type.kind() == EventKind.AUTHENTICATION && type.outcome() == Outcome.SUCCESS ? pair : null);
            case TOKEN_REFRESHED -> e.issuance(Credential.Issuance.by(PROVIDER, true, null))
                    .credential(CredentialKind.REFRESH_TOKEN, pair, null, null, Mfa.UNKNOWN, null);
            case CREDENTIAL_USE -> e.issuance(Credential.Issuance.by(PROVIDER, false, null))
                    .credential(CredentialKind.ACCESS_TOKEN, r.text(API_TOKEN), null, null, Mfa.UNKNOWN, null);
            default -> {
            }
        }
        return e.build();
    }

    private static Double coordinate(String text) {
        try {
            return text == null ? null : Double.valueOf(text);
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /** MFA from the sign-in's prompts: a step named for a second factor ({@code mfa}, {@code guardian}). */
    private static Mfa mfa(JsonNode prompts) {
        if (prompts == null || !prompts.isArray()) {
            return Mfa.UNKNOWN;
        }
        for (JsonNode prompt : prompts) {
            String name = Format.text(prompt, "name");
            if (name != null && (name.contains("mfa") || name.contains("guardian"))) {
                return Mfa.TRUE;
            }
        }
        return Mfa.UNKNOWN;
    }
}
