package dev.tokenward.source.okta;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.event.Credential;
import dev.tokenward.event.CredentialKind;
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

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Okta System Log events (the LogEvent object of {@code /api/v1/logs}), as the JSON array the API
 * returns or as JSON lines.
 *
 * <p>Sessions: {@code authenticationContext.externalSessionId} is the session the event was made
 * in. Okta Identity Engine re-issues the id after sign-in and links the two with
 * {@code rootSessionId}, which becomes the credential's parent so that the whole sign-in is one
 * lineage. Okta's own traffic (system actors, internal {@code trs} sessions, the literal
 * {@code unknown}) carries no session credential.
 */
public final class OktaMapper extends ShapedMapper {
    static final String SOURCE = "okta";

    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field UUID = SHAPE.scalar("uuid");
    private static final Field PUBLISHED = SHAPE.scalar("published");
    private static final Field EVENT_TYPE = SHAPE.scalar("eventType");
    private static final Field ACTOR_ID = SHAPE.scalar("actor.id");
    private static final Field ACTOR_TYPE = SHAPE.scalar("actor.type");
    private static final Field ACTOR_LOGIN = SHAPE.scalar("actor.alternateId");
    private static final Field CLIENT_IP = SHAPE.scalar("client.ipAddress");
    private static final Field CLIENT_ID = SHAPE.scalar("client.id");
    private static final Field CLIENT_ZONE = SHAPE.scalar("client.zone");
    private static final Field USER_AGENT = SHAPE.scalar("client.userAgent.rawUserAgent");
    private static final Field CITY = SHAPE.scalar("client.geographicalContext.city");
    private static final Field COUNTRY = SHAPE.scalar("client.geographicalContext.country");
    private static final Field LATITUDE = SHAPE.scalar("client.geographicalContext.geolocation.lat");
    private static final Field LONGITUDE = SHAPE.scalar("client.geographicalContext.geolocation.lon");
    private static final Field SESSION_ID = SHAPE.scalar("authenticationContext.externalSessionId");
    private static final Field ROOT_SESSION_ID = SHAPE.scalar("authenticationContext.rootSessionId");
    private static final Field CREDENTIAL_TYPE = SHAPE.scalar("authenticationContext.credentialType");
    private static final Field AUTH_STEP = SHAPE.scalar("authenticationContext.authenticationStep");
    private static final Field AS_NUMBER = SHAPE.scalar("securityContext.asNumber");
    private static final Field AS_ORG = SHAPE.scalar("securityContext.asOrg");
    private static final Field IS_PROXY = SHAPE.scalar("securityContext.isProxy");
    private static final Field RESULT = SHAPE.scalar("outcome.result");
    private static final Field RESULT_REASON = SHAPE.scalar("outcome.reason");
    private static final Field DT_HASH = SHAPE.scalar("debugContext.debugData.dtHash");
    private static final Field REQUEST_URI = SHAPE.scalar("debugContext.debugData.requestUri");
    private static final Field BEHAVIORS = SHAPE.scalar("debugContext.debugData.behaviors");
    private static final Field THREAT_SUSPECTED = SHAPE.scalar("debugContext.debugData.threatSuspected");
    private static final Field RISK = SHAPE.scalar("debugContext.debugData.risk");
    private static final Field FACTOR = SHAPE.scalar("debugContext.debugData.factor");
    private static final Field GRANT_TYPE = SHAPE.scalar("debugContext.debugData.grantType");
    private static final Field GRANTED_SCOPES = SHAPE.scalar("debugContext.debugData.grantedScopes");
    private static final Field TRANSACTION_ID = SHAPE.scalar("transaction.id");
    private static final Field TARGETS = SHAPE.tree("target");

    private static final String PROVIDER = "Okta";
    /** A Secure Web Authentication app's stored password shown to the person (or an administrator showing another's). */
    private static final String SHOW_PASSWORD = "application.user_membership.show_password";
    /** How long an Okta session is taken to live: a common maximum of global session policies (Okta sets none by default). */
    private static final Duration SESSION_LIFETIME = Duration.ofDays(7);
    private static final Pattern RISK_LEVEL = Pattern.compile("level=([A-Za-z]+)");
    /** An Okta user id ({@code 00u…}): what the log gives as the login when it names the user only by id. */
    private static final Pattern USER_ID = Pattern.compile("00u[0-9A-Za-z]{17}");

    private static final Set<String> AUTHENTICATIONS = Set.of("user.authentication.authenticate",
            "user.authentication.auth_via_social", "user.authentication.auth_via_IDP",
            "user.authentication.auth_via_richclient", "user.authentication.auth_via_AD_agent",
            "user.authentication.auth_via_LDAP_agent", "user.authentication.auth_via_radius",
            "user.authentication.auth_via_inbound_SAML", "user.authentication.auth_via_inbound_delauth",
            "user.authentication.auth_via_iwa");

    public OktaMapper() {
        super(SHAPE);
    }

    @Override
    public boolean recognizes(JsonNode record) {
        return Format.text(record, "published") != null && Format.field(record, "actor") != null
                && (Format.text(record, "eventType") != null || Format.text(record, "legacyEventType") != null
                || Format.text(record, "uuid") != null);
    }

    @Override
    public Event map(Record r) throws BadRecordException {
        String type = r.required(EVENT_TYPE);
        EventBuilder e = new EventBuilder(SOURCE).time("published", r.required(PUBLISHED));
        String actorType = r.text(ACTOR_TYPE);
        JsonNode targets = r.tree(TARGETS);
        String subject = tokenSubject(targets);
        boolean user = "User".equals(actorType) || subject != null;
        Outcome outcome = outcome(r.text(RESULT));
        EventKind kind = kind(type, user, r);

        e.kind(kind).outcome(outcome, r.text(RESULT_REASON));
        if ("User".equals(actorType)) {
            String login = r.text(ACTOR_LOGIN);
            String id = r.text(ACTOR_ID);
            boolean byId = login == null || login.equalsIgnoreCase(id) || USER_ID.matcher(login).matches();
            e.principal(byId ? (id != null ? id : login) : login.toLowerCase(Locale.ROOT), id, PrincipalType.HUMAN, null);
        } else if (subject != null) {
            e.principal(subject, subject, PrincipalType.HUMAN, null);
        } else {
            String name = r.text(ACTOR_LOGIN) != null ? r.text(ACTOR_LOGIN) : r.text(ACTOR_ID);
            e.principal(name != null && name.contains("@") ? name.toLowerCase(Locale.ROOT) : name, r.text(ACTOR_ID),
                    actorType == null ? PrincipalType.UNKNOWN : PrincipalType.SERVICE, null);
        }
        e
                .ip("client.ipAddress", r.text(CLIENT_IP))
                .userAgent(r.text(USER_AGENT))
                .device(r.text(DT_HASH))
                .app(app(actorType, r.text(ACTOR_ID), r.text(CLIENT_ID), targets))
                .place(r.text(COUNTRY), r.text(CITY), r.decimal(LATITUDE), r.decimal(LONGITUDE))
                .autonomousSystem(r.number(AS_NUMBER), r.text(AS_ORG))
                .action("okta", type, resource(targets, r.text(REQUEST_URI)), sensitive(type))
                .origin(r.origin(r.text(UUID)));
        if (r.text(AS_NUMBER) != null && r.number(AS_NUMBER) == null) {
            e.invalid("network.asn", r.text(AS_NUMBER), "securityContext.asNumber is not a number");
        }

        String session = sessionId(r.text(SESSION_ID));
        String root = sessionId(r.text(ROOT_SESSION_ID));
        boolean verified = outcome == Outcome.SUCCESS && verifiesFactor(type, r);
        boolean clientsOwnCall = (kind == EventKind.TOKEN_ISSUED || kind == EventKind.TOKEN_REFRESHED)
                && sessionId(r.text(SESSION_ID)) == null && sessionId(r.text(ROOT_SESSION_ID)) == null && r.text(CLIENT_ID) != null;
        if (type.equals(SHOW_PASSWORD) && outcome == Outcome.SUCCESS && target(targets, "AppInstance", "id") != null) {
            // the User target is the Okta user whose app password was shown; the AppUser's alternateId is
            // their name or username in the app, which need not be their login
            String owner = target(targets, "User", "alternateId");
            String appUser = target(targets, "AppUser", "alternateId");
            String whose = owner != null ? owner : appUser;
            e.revealed(List.of(target(targets, "AppInstance", "id") + "/" + (whose == null ? "?" : whose.toLowerCase(Locale.ROOT))))
                    .revealedOf(owner == null ? null : owner.toLowerCase(Locale.ROOT));
        }
        e.appName(target(targets, "AppInstance", "displayName"), clientsOwnCall ? Boolean.FALSE : null)
                .risk(risk(r.text(THREAT_SUSPECTED), r.text(RISK)))
                .issuance(Credential.Issuance.by(PROVIDER, true, SESSION_LIFETIME)
                        .issuing(outcome == Outcome.SUCCESS && (kind == EventKind.SESSION_START || verified)));
        if (user && (session != null || root != null)) {
            Mfa mfa = verified ? Mfa.TRUE : kind == EventKind.SESSION_START && awaitsFactor(r.text(CREDENTIAL_TYPE)) ? Mfa.PENDING
                    : Mfa.UNKNOWN;
            e.credential(CredentialKind.SESSION, session != null ? session : root,
                    root != null && !root.equals(session) ? root : null, null, mfa, issuedToken(kind, targets));
        } else if (kind == EventKind.TOKEN_ISSUED || kind == EventKind.TOKEN_REFRESHED) {
            e.credential(CredentialKind.UNKNOWN, null, null, null, Mfa.UNKNOWN, issuedToken(kind, targets));
        } else if (user && outcome == Outcome.SUCCESS && verifiesFactor(type, r)) {
            e.credential(CredentialKind.UNKNOWN, null, null, null, Mfa.TRUE, null);
        } else if (user && outcome == Outcome.FAILURE && kind == EventKind.SESSION_START) {
            // a refused primary sign-in has no session yet (Okta writes "unknown"): a password tried at Okta
            e.credential(CredentialKind.PASSWORD, null, null, null, Mfa.UNKNOWN, null);
        }

        e.unmapped("okta.behaviors", r.text(BEHAVIORS))
                .unmapped("okta.risk", r.text(RISK))
                .unmapped("okta.isProxy", r.text(IS_PROXY))
                .unmapped("okta.zone", "null".equals(r.text(CLIENT_ZONE)) ? null : r.text(CLIENT_ZONE))
                .unmapped("okta.requestUri", r.text(REQUEST_URI))
                .unmapped("okta.credentialType", r.text(CREDENTIAL_TYPE))
                .unmapped("okta.authenticationStep", r.text(AUTH_STEP))
                .unmapped("okta.factor", r.text(FACTOR))
                .unmapped("okta.grantType", r.text(GRANT_TYPE))
                .unmapped("okta.grantedScopes", r.text(GRANTED_SCOPES))
                .unmapped("okta.transactionId", r.text(TRANSACTION_ID));
        return e.build();
    }

    private static EventKind kind(String type, boolean user, Record r) {
        if (type.equals("user.session.start")) {
            return EventKind.SESSION_START;
        }
        if (type.equals("user.session.end") || type.equals("user.session.clear")) {
            return EventKind.SESSION_END;
        }
        if (type.equals("user.authentication.auth_via_mfa") || type.startsWith("user.mfa.okta_verify")
                || type.equals("system.push.send_factor_verify_push") || type.equals("user.mfa.attempt_bypass")
                || type.equals("user.authentication.verify") && !"PASSWORD".equalsIgnoreCase(r.text(CREDENTIAL_TYPE))) {
            return EventKind.MFA;
        }
        if (AUTHENTICATIONS.contains(type) || type.equals("user.authentication.verify")) {
            return EventKind.AUTHENTICATION;
        }
        if (type.startsWith("app.oauth2.") && type.contains(".token.grant")) {
            return "refresh_token".equals(r.text(GRANT_TYPE)) ? EventKind.TOKEN_REFRESHED : EventKind.TOKEN_ISSUED;
        }
        if (type.startsWith("app.oauth2.") && type.contains(".token.revoke")) {
            return EventKind.TOKEN_REVOKED;
        }
        if (type.startsWith("app.oauth2.") && type.contains(".consent.grant")) {
            return EventKind.CONSENT;
        }
        return user && (sessionId(r.text(SESSION_ID)) != null || sessionId(r.text(ROOT_SESSION_ID)) != null)
                ? EventKind.CREDENTIAL_USE : EventKind.OTHER;
    }

    /**
     * Okta logs a sign-in's factors as events of their own: a session started with a password (or
     * without saying how) is followed by its MFA verification if there is one. A session started
     * from another identity provider's assertion or a passwordless factor is not.
     */
    private static boolean awaitsFactor(String credentialType) {
        return credentialType == null || credentialType.equalsIgnoreCase("PASSWORD");
    }

    /**
     * Okta's own verdict: {@code threatSuspected} is high; else the level of
     * {@code debugData.risk} ({@code {reasons=..., level=HIGH}}).
     */
    private static Risk risk(String threatSuspected, String risk) {
        if ("true".equalsIgnoreCase(threatSuspected)) {
            return Risk.HIGH;
        }
        Matcher level = RISK_LEVEL.matcher(risk == null ? "" : risk);
        if (!level.find()) {
            return Risk.UNKNOWN;
        }
        return switch (level.group(1).toUpperCase(Locale.ROOT)) {
            case "LOW" -> Risk.LOW;
            case "MEDIUM" -> Risk.MEDIUM;
            case "HIGH" -> Risk.HIGH;
            default -> Risk.UNKNOWN;
        };
    }

    /** A factor was verified (not merely challenged: a push sent is no MFA until it is approved). */
    private static boolean verifiesFactor(String type, Record r) {
        return type.equals("user.authentication.auth_via_mfa")
                || type.equals("user.authentication.verify") && !"PASSWORD".equalsIgnoreCase(r.text(CREDENTIAL_TYPE));
    }

    private static Outcome outcome(String result) {
        if (result == null) {
            return Outcome.UNKNOWN;
        }
        return switch (result.toUpperCase(Locale.ROOT)) {
            case "SUCCESS", "ALLOW" -> Outcome.SUCCESS;
            case "FAILURE", "DENY", "REJECTED", "ABANDONED" -> Outcome.FAILURE;
            case "CHALLENGE" -> Outcome.INTERRUPTED;
            default -> Outcome.UNKNOWN;
        };
    }

    /** A session id, or null for Okta's placeholders and its internal (trs) sessions. */
    private static String sessionId(String id) {
        if (id == null || id.equalsIgnoreCase("unknown") || id.startsWith("trs")) {
            return null;
        }
        return id;
    }

    /**
     * The user a token was minted for, when an OAuth client is the actor: Okta names them by user
     * id in the token target's {@code detailEntry.subject}.
     */
    private static String tokenSubject(JsonNode targets) {
        if (targets == null || !targets.isArray()) {
            return null;
        }
        for (JsonNode target : targets) {
            String type = Format.text(target, "type");
            if (type != null && type.endsWith("_token")) {
                String subject = Format.text(Format.field(target, "detailEntry"), "subject");
                if (subject != null && subject.startsWith("00u")) {
                    return subject;
                }
            }
        }
        return null;
    }

    private static String issuedToken(EventKind kind, JsonNode targets) {
        if (kind != EventKind.TOKEN_ISSUED && kind != EventKind.TOKEN_REFRESHED) {
            return null;
        }
        String access = target(targets, "access_token", "id");
        return access != null ? access : target(targets, "refresh_token", "id");
    }

    private static String app(String actorType, String actorId, String clientId, JsonNode targets) {
        if ("PublicClientApp".equals(actorType)) {
            return actorId;
        }
        String instance = target(targets, "AppInstance", "id");
        return instance != null ? instance : clientId;
    }

    private static String resource(JsonNode targets, String requestUri) {
        String app = target(targets, "AppInstance", "displayName");
        return app != null ? app : requestUri;
    }

    private static String target(JsonNode targets, String type, String field) {
        if (targets == null || !targets.isArray()) {
            return null;
        }
        for (JsonNode target : targets) {
            if (type.equalsIgnoreCase(Format.text(target, "type"))) {
                return Format.text(target, field);
            }
        }
        return null;
    }

    private static boolean sensitive(String type) {
        return type.startsWith("user.account.privilege") || type.startsWith("group.privilege")
                || type.startsWith("application.") || type.startsWith("policy.lifecycle")
                || type.startsWith("system.api_token") || type.startsWith("user.mfa.factor")
                || type.equals("user.session.access_admin_app") || type.startsWith("user.account.reset_password");
    }
}
