package dev.tokenward.simulate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenward.output.Json;
import dev.tokenward.simulate.Tenant.Person;
import dev.tokenward.simulate.Tenant.Workload;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Microsoft Entra ID records as diagnostic settings export them to a storage account: interactive,
 * non-interactive and service-principal sign-ins, and the audit log's consent activities.
 */
final class EntraLog {

    /** An application (client) or resource, by its well-known app id. */
    record App(String id, String name) {
    }

    static final App OFFICE_HOME = new App("4765445b-32c6-49b0-83e6-1d93765276ca", "OfficeHome");
    static final App OUTLOOK_WEB = new App("9199bf20-a13f-4107-85dc-02114787ef48", "One Outlook Web");
    static final App OUTLOOK_MOBILE = new App("27922004-5251-4030-b22d-91ecd9a37ea4", "Outlook Mobile");
    static final App TEAMS = new App("1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams");
    static final App OFFICE_DESKTOP = new App("d3590ed6-52b3-4102-aeff-aad2292ab01c", "Microsoft Office");
    static final App EXCHANGE = new App("00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online");
    static final App GRAPH = new App("00000003-0000-0000-c000-000000000000", "Microsoft Graph");
    static final App SHAREPOINT = new App("00000003-0000-0ff1-ce00-000000000000", "Office 365 SharePoint Online");
    static final App TEAMS_SERVICE = new App("cc15fd57-2c6c-4117-a88c-83b1d56b4bbe", "Microsoft Teams Services");
    /** Microsoft Graph's service principal in the tenant (its object id, which every tenant's differs). */
    private static final String GRAPH_SERVICE_PRINCIPAL = "a3b79187-70b2-4139-83f9-6016c58cd27b";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'+00:00'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String RESOURCE = "/tenants/" + Tenant.ENTRA_TENANT + "/providers/Microsoft.aadiam";

    private final Spool spool;
    private final Geography geography;
    private final Witness witness;

    EntraLog(Spool spool, Geography geography, Witness witness) {
        this.spool = spool;
        this.geography = geography;
        this.witness = witness;
    }

    /**
     * A user sign-in.
     *
     * @param interactive  true for SignInLogs, false for NonInteractiveUserSignInLogs
     * @param mfa          "fresh" (MFA performed now), "claim" (satisfied by the token's claim), or "none"
     * @param errorCode    0 for success, or the AADSTS error code
     */
    void userSignIn(Instant time, Person person, Vantage from, App client, App resource, String session, boolean interactive,
                    String mfa, int errorCode, Rand rand) {
        String id = rand.uuid();
        String correlation = rand.uuid();
        ObjectNode e = envelope(time, interactive ? "SignInLogs" : "NonInteractiveUserSignInLogs", from.ip(), correlation,
                errorCode);
        e.put("identity", person.displayName()).put("Level", 4).put("location", located(from).city().country());
        ObjectNode p = e.putObject("properties");
        p.put("id", id).put("createdDateTime", CREATED.format(time)).put("userDisplayName", person.displayName())
                .put("userPrincipalName", person.login()).put("userId", person.entraId()).put("appId", client.id())
                .put("appDisplayName", client.name()).put("ipAddress", from.ip());
        ObjectNode status = p.putObject("status").put("errorCode", errorCode);
        if (errorCode == 0) {
            status.put("additionalDetails", mfa.equals("fresh") ? "MFA completed in Azure AD"
                    : mfa.equals("claim") ? "MFA requirement satisfied by claim in the token" : null);
        } else {
            status.put("failureReason", errorCode == 50126
                    ? "Error validating credentials due to invalid username or password." : "Strong Authentication is required.");
        }
        boolean browser = from.device() == null || !from.device().mobile() || from.userAgent().startsWith("Mozilla");
        p.put("clientAppUsed", browser ? "Browser" : "Mobile Apps and Desktop clients").put("userAgent", from.userAgent());
        ObjectNode device = p.putObject("deviceDetail");
        if (from.device() != null) {
            device.put("deviceId", from.device().entraDeviceId()).put("displayName", from.device().name())
                    .put("operatingSystem", from.device().entraOs()).put("browser", from.device().entraBrowser())
                    .put("trustType", from.device().trustType()).put("isCompliant", true).put("isManaged", true);
        } else {
            device.put("deviceId", "").put("operatingSystem", operatingSystem(from.userAgent())).put("browser",
                    from.userAgent().startsWith("Mozilla") ? "Chrome 154.0.0" : "");
        }
        location(p, from);
        ObjectNode mfaDetail = p.putObject("mfaDetail");
        if (mfa.equals("fresh") && errorCode == 0) {
            mfaDetail.put("authMethod", "Mobile app notification");
        }
        p.put("correlationId", correlation).put("conditionalAccessStatus", errorCode == 0 ? "success" : "failure");
        ArrayNode policies = p.putArray("appliedConditionalAccessPolicies");
        policies.addObject().put("id", "dec8ea0f-c1fc-49f9-9390-7047669aef0a").put("displayName", "CA001 - Require MFA for all users")
                .put("result", errorCode == 0 ? "success" : "failure").putArray("enforcedGrantControls").add("Mfa");
        p.put("originalRequestId", id).put("isInteractive", interactive).put("tokenIssuerName", "").put("tokenIssuerType", "AzureAD");
        p.putArray("authenticationProcessingDetails").addObject().put("key", "Is CAE Token").put("value", "True");
        ArrayNode named = p.putArray("networkLocationDetails");
        if (from.zone() != null) {
            named.addObject().put("networkType", "trustedNamedNetwork").putArray("networkNames").add(from.zone());
        }
        p.put("clientCredentialType", "none").put("processingTimeInMilliseconds", rand.between(40, 900))
                .put("riskDetail", "none").put("riskLevelAggregated", "none").put("riskLevelDuringSignIn", "none")
                .put("riskState", "none").put("resourceDisplayName", resource.name()).put("resourceId", resource.id())
                .put("resourceTenantId", Tenant.ENTRA_TENANT).put("homeTenantId", Tenant.ENTRA_TENANT)
                .put("tenantId", Tenant.ENTRA_TENANT);
        ArrayNode details = p.putArray("authenticationDetails");
        if (interactive) {
            details.addObject().put("authenticationStepDateTime", time.minusSeconds(6).toString())
                    .put("authenticationMethod", mfa.equals("fresh") ? "Password" : "Previously satisfied")
                    .put("authenticationMethodDetail", mfa.equals("fresh") ? "Password in the cloud" : "")
                    .put("succeeded", errorCode != 50126).put("authenticationStepResultDetail",
                            mfa.equals("fresh") ? "Correct password" : "First factor requirement satisfied by claim in the token");
            if (mfa.equals("fresh") && errorCode == 0) {
                details.addObject().put("authenticationStepDateTime", time.toString())
                        .put("authenticationMethod", "Mobile app notification").put("authenticationMethodDetail", "")
                        .put("succeeded", true).put("authenticationStepResultDetail", "MFA successfully completed");
            }
        }
        p.put("authenticationRequirement", mfa.equals("none") ? "singleFactorAuthentication" : "multiFactorAuthentication")
                .put("autonomousSystemNumber", from.address().network().asn())
                .put("uniqueTokenIdentifier", rand.base64url(22))
                .put("incomingTokenType", interactive ? "none" : "refreshToken")
                .put("authenticationProtocol", "none").put("crossTenantAccessType", "none")
                .put("sessionId", session);
        witness.saw(time, person.login(), session);
        spool.add(time, interactive ? Spool.Stream.ENTRA_SIGN_IN : Spool.Stream.ENTRA_NON_INTERACTIVE, null, null, e);
    }

    /** An application signing in with its own secret (client credentials flow). */
    void servicePrincipalSignIn(Instant time, Workload app, App resource, Rand rand) {
        servicePrincipalSignIn(time, new App(app.appId(), app.name()), app.objectId(), app.keyId(), app.address(), resource,
                "Family: MSAL Library: MSAL.Python 1.31.0 Platform: Python", rand);
    }

    /**
     * An application signing in with one of its secrets (client credentials flow).
     *
     * @param keyId the secret's key id, as {@code servicePrincipalCredentialKeyId}
     */
    void servicePrincipalSignIn(Instant time, App app, String servicePrincipalId, String keyId, Geography.Address address,
                                App resource, String library, Rand rand) {
        String correlation = rand.uuid();
        Vantage from = Vantage.tool(address, null);
        ObjectNode e = envelope(time, "ServicePrincipalSignInLogs", from.ip(), correlation, 0);
        e.put("Level", 4).put("location", located(from).city().country());
        ObjectNode p = e.putObject("properties");
        p.put("id", rand.uuid()).put("createdDateTime", CREATED.format(time)).putNull("userId").put("appId", app.id())
                .put("ipAddress", from.ip());
        p.putObject("status").put("errorCode", 0);
        location(p, from);
        p.put("correlationId", correlation).put("conditionalAccessStatus", "notApplied").putArray("appliedConditionalAccessPolicies");
        p.put("isInteractive", false).put("tokenIssuerType", "AzureAD");
        p.putArray("authenticationProcessingDetails").addObject().put("key", "Azure AD App Authentication Library")
                .put("value", library);
        p.put("clientCredentialType", "clientSecret").put("processingTimeInMilliseconds", rand.between(20, 120))
                .put("riskDetail", "none").put("riskLevelAggregated", "none").put("riskLevelDuringSignIn", "none")
                .put("riskState", "none").put("resourceDisplayName", resource.name()).put("resourceId", resource.id())
                .put("servicePrincipalName", app.name()).put("servicePrincipalId", servicePrincipalId)
                .put("autonomousSystemNumber", from.address().network().asn())
                .put("servicePrincipalCredentialKeyId", keyId).put("servicePrincipalCredentialThumbprint", "")
                .put("uniqueTokenIdentifier", rand.base64url(22)).put("incomingTokenType", "none")
                .put("authenticationProtocol", "none").put("tenantId", Tenant.ENTRA_TENANT)
                .put("homeTenantId", Tenant.ENTRA_TENANT).put("resourceTenantId", Tenant.ENTRA_TENANT);
        witness.saw(time, app.name(), keyId);
        spool.add(time, Spool.Stream.ENTRA_SERVICE_PRINCIPAL, null, null, e);
    }

    /** An application registered in the tenant, and its service principal: "Add application", "Add service principal". */
    void applicationRegistered(Instant time, Person person, Vantage from, App app, String applicationObjectId,
                               String servicePrincipalId, Rand rand) {
        String correlation = rand.uuid();
        directory(time, "Add application", "Add", person, from, app.id(), correlation, targets -> targets.addObject()
                .put("id", applicationObjectId).put("displayName", app.name()).put("type", "Application")
                .putArray("modifiedProperties").addObject().put("displayName", "AppId").put("oldValue", "[]")
                .put("newValue", "[\"" + app.id() + "\"]"), rand);
        audit(time.plusMillis(420), "Add service principal", "ApplicationManagement", "Add", person, from, app, servicePrincipalId,
                correlation, null, true, rand);
    }

    /**
     * An administrator granting an application permissions of its own (application permissions,
     * app-only): one "Add app role assignment to service principal" per role, then the consent.
     */
    void appRoleConsent(Instant time, Person person, Vantage from, App app, String servicePrincipalId, List<String> roles,
                        Rand rand) {
        String correlation = rand.uuid();
        Instant at = time;
        for (String role : roles) {
            directory(at, "Add app role assignment to service principal", "Assign", person, from, app.id(), correlation, targets -> {
                ObjectNode graph = targets.addObject().put("id", GRAPH_SERVICE_PRINCIPAL).put("displayName", GRAPH.name())
                        .put("type", "ServicePrincipal");
                ArrayNode modified = graph.putArray("modifiedProperties");
                property(modified, "AppRole.Id", rand.uuid());
                property(modified, "AppRole.Value", role);
                property(modified, "AppRole.DisplayName", role);
                property(modified, "ServicePrincipal.ObjectID", servicePrincipalId);
                property(modified, "ServicePrincipal.DisplayName", app.name());
                property(modified, "ServicePrincipal.AppId", app.id());
                targets.addObject().put("id", servicePrincipalId).put("displayName", app.name()).put("type", "ServicePrincipal")
                        .putArray("modifiedProperties");
            }, rand);
            at = at.plusMillis(rand.between(200, 900));
        }
        directory(at, "Consent to application", "Assign", person, from, app.id(), correlation, targets -> {
            ArrayNode modified = targets.addObject().put("id", servicePrincipalId).put("displayName", app.name())
                    .put("type", "ServicePrincipal").putArray("modifiedProperties");
            property(modified, "ConsentContext.IsAdminConsent", "True");
            property(modified, "ConsentContext.IsAppOnly", "True");
            property(modified, "ConsentContext.OnBehalfOfAll", "False");
            property(modified, "ConsentAction.Permissions", "[] => [[Id: " + rand.base64url(43) + ", ClientId: " + servicePrincipalId
                    + ", PrincipalId: , ResourceId: " + GRAPH.id() + ", ConsentType: AllPrincipals, Scope: " + String.join(" ", roles)
                    + ", CreatedDateTime: , LastModifiedDateTime ]]; ");
            property(modified, "TargetId.ServicePrincipalNames", app.id());
        }, rand);
    }

    /**
     * A client secret added to an application registration, as the audit log records it: the
     * activity is "Update application – Certificates and secrets management " (with an en dash and a
     * trailing space) on the Application, whose KeyDescription gains the new key.
     */
    void applicationSecretAdded(Instant time, Person person, Vantage from, App app, String applicationObjectId, String keyId,
                                String keyName, Rand rand) {
        directory(time, "Update application \u2013 Certificates and secrets management ", "Update", person, from, app.id(),
                rand.uuid(), targets -> {
                    ArrayNode modified = targets.addObject().put("id", applicationObjectId).put("displayName", app.name())
                            .put("type", "Application").putArray("modifiedProperties");
                    modified.addObject().put("displayName", "KeyDescription").put("oldValue", "[]")
                            .put("newValue", "[\"[KeyIdentifier=" + keyId + ",KeyType=Password,KeyUsage=Verify,DisplayName="
                                    + keyName + "]\"]");
                    modified.addObject().put("displayName", "Included Updated Properties").put("oldValue", (String) null)
                            .put("newValue", "\"KeyDescription\"");
                }, rand);
    }

    private static void property(ArrayNode modified, String name, String value) {
        modified.addObject().put("displayName", name).put("oldValue", (String) null).put("newValue", "\"" + value + "\"");
    }

    /** A directory audit record initiated by a user. */
    private void directory(Instant time, String activity, String operation, Person person, Vantage from, String appId,
                           String correlation, Consumer<ArrayNode> targets, Rand rand) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("time", TIME.format(time)).put("resourceId", RESOURCE).put("operationName", activity)
                .put("operationVersion", "1.0").put("category", "AuditLogs").put("tenantId", Tenant.ENTRA_TENANT)
                .put("resultSignature", "None").put("durationMs", 0).put("callerIpAddress", from.ip())
                .put("correlationId", correlation).put("Level", 4);
        ObjectNode p = e.putObject("properties");
        p.put("id", "Directory_" + correlation + "_" + rand.base62(5).toUpperCase(Locale.ROOT) + "_" + rand.between(10_000_000, 99_999_999))
                .put("category", "ApplicationManagement").put("correlationId", correlation).put("result", "success")
                .put("resultReason", "").put("activityDisplayName", activity).put("activityDateTime", TIME.format(time))
                .put("loggedByService", "Core Directory").put("operationType", operation);
        p.putObject("initiatedBy").putObject("user").put("id", person.entraId()).putNull("displayName")
                .put("userPrincipalName", person.login()).put("ipAddress", from.ip()).putArray("roles");
        targets.accept(p.putArray("targetResources"));
        p.putArray("additionalDetails").addObject().put("key", "User-Agent").put("value", from.userAgent());
        ((ArrayNode) p.get("additionalDetails")).addObject().put("key", "AppId").put("value", appId);
        witness.saw(time, person.login(), null);
        spool.add(time, Spool.Stream.ENTRA_AUDIT, null, null, e);
    }

    /**
     * A user's consent to a multi-tenant application, as the audit log records it: the service
     * principal added to the tenant, the delegated permission grant and the consent itself.
     */
    void consent(Instant time, Person person, Vantage from, App app, String servicePrincipalId, String scopes, boolean admin,
                 Rand rand) {
        consent(time, person, from, app, servicePrincipalId, scopes, admin, true, rand);
    }

    /** A consent, with the service principal added first unless the tenant already has it. */
    void consent(Instant time, Person person, Vantage from, App app, String servicePrincipalId, String scopes, boolean admin,
                 boolean addServicePrincipal, Rand rand) {
        String correlation = rand.uuid();
        if (addServicePrincipal) {
            audit(time, "Add service principal", "ApplicationManagement", "Add", person, from, app, servicePrincipalId,
                    correlation, null, admin, rand);
        }
        audit(time.plusMillis(350), "Add delegated permission grant", "ApplicationManagement", "Assign", person, from, app,
                servicePrincipalId, correlation, scopes, admin, rand);
        audit(time.plusMillis(700), "Consent to application", "ApplicationManagement", "Assign", person, from, app,
                servicePrincipalId, correlation, scopes, admin, rand);
    }

    private void audit(Instant time, String activity, String category, String operation, Person person, Vantage from, App app,
                       String servicePrincipalId, String correlation, String scopes, boolean admin, Rand rand) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("time", TIME.format(time)).put("resourceId", RESOURCE).put("operationName", activity)
                .put("operationVersion", "1.0").put("category", "AuditLogs").put("tenantId", Tenant.ENTRA_TENANT)
                .put("resultSignature", "None").put("durationMs", 0).put("callerIpAddress", from.ip())
                .put("correlationId", correlation).put("Level", 4);
        ObjectNode p = e.putObject("properties");
        p.put("id", "Directory_" + correlation + "_" + rand.base62(5).toUpperCase(Locale.ROOT) + "_" + rand.between(10_000_000, 99_999_999))
                .put("category", category).put("correlationId", correlation).put("result", "success").put("resultReason", "")
                .put("activityDisplayName", activity).put("activityDateTime", TIME.format(time))
                .put("loggedByService", "Core Directory").put("operationType", operation);
        p.putObject("initiatedBy").putObject("user").put("id", person.entraId()).putNull("displayName")
                .put("userPrincipalName", person.login()).put("ipAddress", from.ip()).putArray("roles");
        ObjectNode target = p.putArray("targetResources").addObject().put("id", servicePrincipalId)
                .put("displayName", app.name()).put("type", "ServicePrincipal");
        ArrayNode modified = target.putArray("modifiedProperties");
        if (scopes != null) {
            String adminConsent = admin ? "\"True\"" : "\"False\"";
            modified.addObject().put("displayName", "ConsentContext.IsAdminConsent").put("oldValue", (String) null).put("newValue", adminConsent);
            modified.addObject().put("displayName", "ConsentContext.IsAppOnly").put("oldValue", (String) null).put("newValue", "\"False\"");
            modified.addObject().put("displayName", "ConsentContext.OnBehalfOfAll").put("oldValue", (String) null).put("newValue", adminConsent);
            modified.addObject().put("displayName", "ConsentAction.Permissions").put("oldValue", (String) null)
                    .put("newValue", "\"[] => [[Id: " + rand.base64url(43) + ", ClientId: " + servicePrincipalId
                            + ", PrincipalId: " + (admin ? "" : person.entraId()) + ", ResourceId: " + GRAPH.id()
                            + ", ConsentType: " + (admin ? "AllPrincipals" : "Principal") + ", Scope: " + scopes + ", CreatedDateTime: , LastModifiedDateTime ]]; \"");
        }
        modified.addObject().put("displayName", "TargetId.ServicePrincipalNames").put("oldValue", (String) null)
                .put("newValue", "\"" + app.id() + "\"");
        p.putArray("additionalDetails").addObject().put("key", "User-Agent").put("value", from.userAgent());
        ((ArrayNode) p.get("additionalDetails")).addObject().put("key", "AppId").put("value", app.id());
        witness.saw(time, person.login(), null);
        spool.add(time, Spool.Stream.ENTRA_AUDIT, null, null, e);
    }

    private static ObjectNode envelope(Instant time, String category, String ip, String correlation, int errorCode) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("time", TIME.format(time)).put("resourceId", RESOURCE).put("operationName", "Sign-in activity")
                .put("operationVersion", "1.0").put("category", category).put("tenantId", Tenant.ENTRA_TENANT)
                .put("resultType", Integer.toString(errorCode)).put("resultSignature", "None").put("durationMs", 0)
                .put("callerIpAddress", ip).put("correlationId", correlation);
        return e;
    }

    /** Entra's own geolocation of the address, which is not always where the person is. */
    private Geography.Located located(Vantage from) {
        return geography.reported(from.address(), Geography.Product.ENTRA);
    }

    private void location(ObjectNode properties, Vantage from) {
        Geography.Located at = located(from);
        ObjectNode location = properties.putObject("location").put("city", at.city().name())
                .put("state", at.city().region()).put("countryOrRegion", at.city().country());
        location.putObject("geoCoordinates").put("latitude", at.latitude()).put("longitude", at.longitude());
    }

    private static String operatingSystem(String userAgent) {
        return userAgent.contains("Windows") ? "Windows10" : userAgent.contains("Mac OS") ? "MacOs"
                : userAgent.contains("Linux") ? "Linux" : "";
    }
}
