package dev.tokenward.simulate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenward.output.Json;
import dev.tokenward.simulate.Geography.Kind;
import dev.tokenward.simulate.Tenant.Person;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Okta System Log records (Identity Engine) as {@code GET /api/v1/logs} returns them: the
 * sign-in flow, Okta Verify pushes, single sign-on to apps, token grants and admin console access.
 */
final class OktaLog {

    /** An app on the Okta dashboard. */
    record App(String id, String name, String signOnMode) {
    }

    static final App OFFICE_365 = new App("0oa4kd8ghRDsU1Pzf697", "Microsoft Office 365", "SECURE_PASSWORD_STORE");
    static final App SALESFORCE = new App("0oa4kd9pbxLm2QzTe697", "Salesforce.com", "SAML_2_0");
    static final App SLACK = new App("0oa4kda1vuWt8JcNb697", "Slack", "SAML_2_0");
    static final App ATLASSIAN = new App("0oa4kdb7yqHf3XwRm697", "Atlassian Cloud", "SAML_2_0");
    static final App AWS = new App("0oa4kdc2hnVg6TsKp697", "AWS Account Federation", "SAML_2_0");
    static final App INSIGHTS = new App("0oa4kdd9rjPc5MuYw697", "Tidewater Insights", "OPENID_CONNECT");
    static final App ADMIN_CONSOLE = new App("0oa4kd1xqZs7NcLa0697", "Okta Admin Console", "OPENID_CONNECT");

    /**
     * The rest of the dashboard: the apps people are assigned by role and open now and then. Some
     * are Secure Web Authentication apps (the sign-on mode {@code BROWSER_PLUGIN}), whose stored
     * passwords the dashboard can show.
     */
    static final List<App> CATALOGUE = List.of(
            new App("0oa4kdf1mWq8TzRb2697", "Workday", "SAML_2_0"),
            new App("0oa4kdg7pLx3VhNc5697", "Zoom", "SAML_2_0"),
            new App("0oa4kdh2sKd9QwTf1697", "GitHub Enterprise Cloud", "SAML_2_0"),
            new App("0oa4kdi8vBn4YrHm7697", "Google Workspace", "SAML_2_0"),
            new App("0oa4kdj3xCe6UpLq9697", "Box", "SAML_2_0"),
            new App("0oa4kdk9zFg1WsJt3697", "DocuSign", "SAML_2_0"),
            new App("0oa4kdl4aHj7XuMv6697", "Zendesk", "SAML_2_0"),
            new App("0oa4kdm1bKl2ZyPw8697", "ServiceNow", "SAML_2_0"),
            new App("0oa4kdn6cMo8AbRx2697", "Tableau Cloud", "SAML_2_0"),
            new App("0oa4kdo2dNq3CdSz4697", "Snowflake", "SAML_2_0"),
            new App("0oa4kdp7eQr9EfTa6697", "Datadog", "SAML_2_0"),
            new App("0oa4kdq3fSt4GhVb1697", "PagerDuty", "SAML_2_0"),
            new App("0oa4kdr8gUv1JkWc3697", "1Password", "OPENID_CONNECT"),
            new App("0oa4kds4hWx6LmYd5697", "Figma", "SAML_2_0"),
            new App("0oa4kdt9iYz2NpZe7697", "Expensify", "BROWSER_PLUGIN"),
            new App("0oa4kdu5jAb7QrAf9697", "ADP Workforce Now", "BROWSER_PLUGIN"),
            new App("0oa4kdv1kCd3StBg2697", "Shipping Partner Portal", "BROWSER_PLUGIN"),
            new App("0oa4kdw6lEf8UvCh4697", "Bank of America CashPro", "BROWSER_PLUGIN"));

    private final Spool spool;
    private final Geography geography;
    private final Witness witness;

    OktaLog(Spool spool, Geography geography, Witness witness) {
        this.spool = spool;
        this.geography = geography;
        this.witness = witness;
    }

    /** Writes the record, telling the witness whom it names (as Tokenward would) and which session it uses. */
    private void add(Instant time, ObjectNode e) {
        String login = e.path("actor").path("alternateId").asText(null);
        String session = e.path("authenticationContext").path("externalSessionId").asText(null);
        witness.saw(time, login != null && login.contains("@") ? login.toLowerCase(java.util.Locale.ROOT)
                        : login != null ? login : e.path("actor").path("id").asText(null),
                "unknown".equals(session) ? null : session);
        spool.add(time, Spool.Stream.OKTA, null, null, e);
    }

    void signInAttempt(Instant time, Person person, Vantage from, String session, boolean success, Rand rand) {
        ObjectNode e = event(time, "user.session.start", success ? "User login to Okta" : "User login to Okta", person, from,
                session, success ? "SUCCESS" : "FAILURE", success ? null : "INVALID_CREDENTIALS", "/idp/idx/identify", rand);
        ((ObjectNode) e.get("authenticationContext")).put("credentialType", "PASSWORD");
        add(time, e);
    }

    void pushSent(Instant time, Person person, Vantage from, String session, Rand rand) {
        ObjectNode e = event(time, "system.push.send_factor_verify_push", "Push notification sent for verification", person,
                from, session, "SUCCESS", null, "/idp/idx/challenge", rand);
        debug(e).put("factor", "OKTA_VERIFY_PUSH").put("factorIntent", "AUTHENTICATION");
        authenticator(e, rand);
        add(time, e);
    }

    /** The push answer: approved, denied by the user, or timed out. */
    void pushAnswered(Instant time, Person person, Vantage from, String session, String outcome, Rand rand) {
        boolean approved = outcome.equals("approved");
        ObjectNode e = event(time, "user.authentication.auth_via_mfa", "Authentication of user via MFA", person, from,
                session, approved ? "SUCCESS" : "FAILURE", approved ? null
                        : outcome.equals("denied") ? "User rejected Okta Verify push" : "Okta Verify push timed out",
                "/idp/idx/authenticators/poll", rand);
        ((ObjectNode) e.get("authenticationContext")).put("authenticationProvider", "FACTOR_PROVIDER").put("authenticationStep", 0);
        debug(e).put("factor", "OKTA_VERIFY_PUSH").put("factorIntent", "AUTHENTICATION");
        authenticator(e, rand);
        add(time, e);
    }

    void singleSignOn(Instant time, Person person, Vantage from, String session, App app, Rand rand) {
        ObjectNode e = event(time, "user.authentication.sso", "User single sign on to app", person, from, session, "SUCCESS",
                null, "/app/" + app.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "") + "/"
                        + app.id() + "/sso/saml", rand);
        ((ObjectNode) e.get("authenticationContext")).put("authenticationStep", 0);
        appTarget(e, app, person);
        add(time, e);
    }

    /** The dashboard showing the person the password it stores for a Secure Web Authentication app. */
    void showPassword(Instant time, Person person, Vantage from, String session, App app, Rand rand) {
        ObjectNode e = event(time, "application.user_membership.show_password", "Show user password for app", person, from,
                session, "SUCCESS", null, "/api/internal/v1/apps/" + app.id() + "/users/me/password", rand);
        // as Okta logs it: the app user (named as the app knows them), the app, and the Okta user whose password it is
        ArrayNode target = e.putArray("target");
        target.addObject().put("id", "0ua" + app.id().substring(3, 12) + person.oktaId().substring(3, 11))
                .put("type", "AppUser").put("alternateId", person.displayName()).put("displayName", person.displayName())
                .putNull("detailEntry");
        target.addObject().put("id", app.id()).put("type", "AppInstance").put("alternateId", app.name())
                .put("displayName", app.name()).putObject("detailEntry").put("signOnModeType", app.signOnMode());
        target.addObject().put("id", person.oktaId()).put("type", "User").put("alternateId", person.login())
                .put("displayName", person.displayName()).putNull("detailEntry");
        add(time, e);
    }

    void adminConsole(Instant time, Person person, Vantage from, String session, Rand rand) {
        ObjectNode e = event(time, "user.session.access_admin_app", "User accessing Okta admin app", person, from, session,
                "SUCCESS", null, "/admin/sso/callback", rand);
        appTarget(e, ADMIN_CONSOLE, person);
        add(time, e);
    }

    /** An access token from the custom authorization server, by code exchange or refresh. */
    void tokenGrant(Instant time, Person person, Vantage from, String session, String grantType, Rand rand) {
        ObjectNode e = event(time, "app.oauth2.as.token.grant.access_token", "OAuth2 access token is granted", person, from,
                session, "SUCCESS", null, "/oauth2/default/v1/token", rand);
        debug(e).put("grantType", grantType).put("grantedScopes", "openid profile email offline_access insights.read")
                .put("requestedScopes", "openid profile email offline_access insights.read");
        ArrayNode target = e.putArray("target");
        target.addObject().put("id", "AT." + rand.base64url(43)).put("type", "access_token")
                .put("alternateId", "urn:okta:oauth:accesstoken").put("displayName", "Access Token")
                .putObject("detailEntry").put("expires", time.plus(1, ChronoUnit.HOURS).toString())
                .put("subject", person.oktaId()).put("hash", rand.base64url(22));
        target.addObject().put("id", "aus4kde3wqLr9HnZb697").put("type", "AuthorizationServer").put("alternateId", "default")
                .put("displayName", "default").putObject("detailEntry").put("authorizationServerUri",
                        "https://" + Tenant.OKTA_HOST + "/oauth2/default");
        ((ObjectNode) e.get("client")).put("id", INSIGHTS.id());
        add(time, e);
    }

    /**
     * An integration's server refreshing the access token it holds for a user, for its own OAuth
     * client. Okta names the user only by id in such events: {@code actor.alternateId} is the user
     * id itself, or is missing, and there is no browser session.
     */
    void integrationTokenRefresh(Instant time, Person person, Vantage from, App client, String scopes, boolean alternateIdMissing,
                                 Rand rand) {
        ObjectNode e = event(time, "app.oauth2.as.token.grant.access_token", "OAuth2 access token is granted", person, from,
                null, "SUCCESS", null, "/oauth2/v1/token", rand);
        ObjectNode actor = (ObjectNode) e.get("actor");
        if (alternateIdMissing) {
            actor.remove("alternateId");
            actor.putNull("displayName");
        } else {
            actor.put("alternateId", person.oktaId()).put("displayName", "Unknown");
        }
        debug(e).put("grantType", "refresh_token").put("grantedScopes", scopes).put("requestedScopes", scopes);
        ArrayNode target = e.putArray("target");
        target.addObject().put("id", "AT." + rand.base64url(43)).put("type", "access_token")
                .put("alternateId", "urn:okta:oauth:accesstoken").put("displayName", "Access Token")
                .putObject("detailEntry").put("expires", time.plus(1, ChronoUnit.HOURS).toString())
                .put("subject", person.oktaId()).put("hash", rand.base64url(22));
        ((ObjectNode) e.get("client")).put("id", client.id());
        ((ObjectNode) e.get("transaction")).put("type", "WEB");
        add(time, e);
    }

    private ObjectNode event(Instant time, String type, String message, Person person, Vantage from, String session,
                             String result, String reason, String uri, Rand rand) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.putObject("actor").put("id", person.oktaId()).put("type", "User").put("alternateId", person.login())
                .put("displayName", person.displayName()).putNull("detailEntry");
        ObjectNode client = e.putObject("client");
        ObjectNode agent = client.putObject("userAgent").put("rawUserAgent", from.userAgent());
        agent.put("os", from.device() != null ? from.device().oktaOs() : "Unknown")
                .put("browser", from.device() != null ? from.device().oktaBrowser() : "UNKNOWN");
        if (from.zone() != null) {
            client.put("zone", from.zone());
        } else {
            client.put("zone", "null");
        }
        client.put("device", from.device() == null ? "Unknown" : from.device().mobile() ? "Mobile" : "Computer")
                .putNull("id").put("ipAddress", from.ip());
        geography(client.putObject("geographicalContext"), from);
        e.putNull("device");
        ObjectNode auth = e.putObject("authenticationContext");
        auth.putNull("authenticationProvider").putNull("credentialProvider").putNull("credentialType").putNull("issuer")
                .putNull("interface").put("authenticationStep", 0);
        if (session != null) {
            auth.put("rootSessionId", session).put("externalSessionId", session);
        } else {
            auth.putNull("rootSessionId").put("externalSessionId", "unknown");
        }
        e.put("displayMessage", message).put("eventType", type);
        e.putObject("outcome").put("result", result).put("reason", reason);
        e.put("published", time.truncatedTo(ChronoUnit.MILLIS).toString());
        Geography.Network network = from.address().network();
        e.putObject("securityContext").put("asNumber", network.asn()).put("asOrg", network.asOrganization())
                .put("isp", network.isp()).put("domain", network.domain())
                .put("isProxy", network.kind() == Kind.VPN || network.kind() == Kind.RELAY || network.kind() == Kind.WARP
                        || network.kind() == Kind.BROWSER_PROXY);
        e.put("severity", result.equals("SUCCESS") ? "INFO" : "WARN");
        String request = rand.base62(20) + "-" + rand.base62(6) + "AAA" + rand.base62(3);
        ObjectNode data = e.putObject("debugContext").putObject("debugData");
        data.put("behaviors", "{New Geo-Location=NEGATIVE, New Device=NEGATIVE, New IP=NEGATIVE, New State=NEGATIVE, "
                + "New Country=NEGATIVE, Velocity=NEGATIVE, New City=NEGATIVE}");
        if (from.device() != null) {
            data.put("dtHash", from.device().oktaDeviceHash());
        }
        data.put("requestId", request).put("requestUri", uri).put("risk", "{level=LOW}").put("threatSuspected", "false")
                .put("url", uri + "?");
        e.putNull("legacyEventType");
        e.putObject("transaction").put("type", "WEB").put("id", request).putObject("detail");
        e.put("uuid", rand.timeUuid(time)).put("version", "0");
        ObjectNode hop = e.putObject("request").putArray("ipChain").addObject().put("ip", from.ip());
        geography(hop.putObject("geographicalContext"), from);
        hop.put("version", from.address().network().v6() ? "V6" : "V4").putNull("source");
        e.putArray("target");
        return e;
    }

    /** Okta's own geolocation of the address, which is not always where the person is. */
    private void geography(ObjectNode context, Vantage from) {
        Geography.Located at = geography.reported(from.address(), Geography.Product.OKTA);
        context.put("city", at.city().name()).put("state", at.city().region()).put("country", at.city().countryName())
                .put("postalCode", at.city().postalCode());
        context.putObject("geolocation").put("lat", at.latitude()).put("lon", at.longitude());
    }

    private static ObjectNode debug(ObjectNode event) {
        return (ObjectNode) event.get("debugContext").get("debugData");
    }

    private static void authenticator(ObjectNode event, Rand rand) {
        ObjectNode target = event.putArray("target").addObject().put("id", "pfd" + rand.base62(17))
                .put("type", "AuthenticatorEnrollment").put("alternateId", "unknown").put("displayName", "Okta Verify");
        target.putObject("detailEntry").put("methodTypeUsed", "Get a push notification")
                .put("methodUsedVerifiedProperties", "[DEVICE_BOUND, HARDWARE_PROTECTED]");
    }

    private static void appTarget(ObjectNode event, App app, Person person) {
        ArrayNode target = event.putArray("target");
        target.addObject().put("id", app.id()).put("type", "AppInstance").put("alternateId", app.name())
                .put("displayName", app.name()).putObject("detailEntry").put("signOnModeType", app.signOnMode());
        target.addObject().put("id", "0ua" + app.id().substring(3, 12) + person.oktaId().substring(3, 11))
                .put("type", "AppUser").put("alternateId", person.login()).put("displayName", person.displayName())
                .putNull("detailEntry");
    }
}
