package dev.tokenward.source.entra;

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

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Entra ID logs as diagnostic settings export them ({@code {"records":[...]}} to Event
 * Hubs, JSON lines to storage): the sign-in categories (SignInLogs, NonInteractiveUserSignInLogs,
 * ServicePrincipalSignInLogs, ManagedIdentitySignInLogs) fully, other directory categories
 * (AuditLogs, ...) with their actor, activity and result.
 *
 * <p>Sessions: {@code properties.sessionId} is shared by an interactive sign-in and every
 * non-interactive token refresh made from it; each record's {@code uniqueTokenIdentifier} names the
 * token it issued.
 */
public final class EntraMapper extends ShapedMapper {
    static final String SOURCE = "entra";

    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field TIME = SHAPE.scalar("time");
    private static final Field CATEGORY = SHAPE.scalar("category");
    private static final Field OPERATION = SHAPE.scalar("operationName");
    private static final Field RESULT_TYPE = SHAPE.scalar("resultType");
    private static final Field CALLER_IP = SHAPE.scalar("callerIpAddress");
    private static final Field TENANT = SHAPE.scalar("tenantId");
    private static final Field CORRELATION = SHAPE.scalar("correlationId");
    private static final Field ID = SHAPE.scalar("properties.id");
    private static final Field CREATED = SHAPE.scalar("properties.createdDateTime");
    private static final Field UPN = SHAPE.scalar("properties.userPrincipalName");
    private static final Field USER_ID = SHAPE.scalar("properties.userId");
    private static final Field USER_TYPE = SHAPE.scalar("properties.userType");
    private static final Field APP_ID = SHAPE.scalar("properties.appId");
    private static final Field APP_NAME = SHAPE.scalar("properties.appDisplayName");
    private static final Field IP = SHAPE.scalar("properties.ipAddress");
    private static final Field USER_AGENT = SHAPE.scalar("properties.userAgent");
    private static final Field CLIENT_APP = SHAPE.scalar("properties.clientAppUsed");
    private static final Field INTERACTIVE = SHAPE.scalar("properties.isInteractive");
    private static final Field REQUIREMENT = SHAPE.scalar("properties.authenticationRequirement");
    private static final Field AUTH_DETAILS = SHAPE.tree("properties.authenticationDetails");
    private static final Field ERROR_CODE = SHAPE.scalar("properties.status.errorCode");
    private static final Field FAILURE = SHAPE.scalar("properties.status.failureReason");
    private static final Field DEVICE_ID = SHAPE.scalar("properties.deviceDetail.deviceId");
    private static final Field DEVICE_NAME = SHAPE.scalar("properties.deviceDetail.displayName");
    private static final Field DEVICE_OS = SHAPE.scalar("properties.deviceDetail.operatingSystem");
    private static final Field DEVICE_BROWSER = SHAPE.scalar("properties.deviceDetail.browser");
    private static final Field DEVICE_COMPLIANT = SHAPE.scalar("properties.deviceDetail.isCompliant");
    private static final Field DEVICE_TRUST = SHAPE.scalar("properties.deviceDetail.trustType");
    private static final Field CITY = SHAPE.scalar("properties.location.city");
    private static final Field COUNTRY = SHAPE.scalar("properties.location.countryOrRegion");
    private static final Field LATITUDE = SHAPE.scalar("properties.location.geoCoordinates.latitude");
    private static final Field LONGITUDE = SHAPE.scalar("properties.location.geoCoordinates.longitude");
    private static final Field SESSION_ID = SHAPE.scalar("properties.sessionId");
    private static final Field TOKEN_ID = SHAPE.scalar("properties.uniqueTokenIdentifier");
    private static final Field INCOMING_TOKEN = SHAPE.scalar("properties.incomingTokenType");
    private static final Field CA_STATUS = SHAPE.scalar("properties.conditionalAccessStatus");
    private static final Field RESOURCE_NAME = SHAPE.scalar("properties.resourceDisplayName");
    private static final Field RESOURCE_ID = SHAPE.scalar("properties.resourceId");
    private static final Field SP_ID = SHAPE.scalar("properties.servicePrincipalId");
    private static final Field SP_NAME = SHAPE.scalar("properties.servicePrincipalName");
    private static final Field SP_KEY_ID = SHAPE.scalar("properties.servicePrincipalCredentialKeyId");
    private static final Field CLIENT_CREDENTIAL = SHAPE.scalar("properties.clientCredentialType");
    private static final Field MANAGED_IDENTITY = SHAPE.scalar("properties.managedIdentityType");
    private static final Field ASN = SHAPE.scalar("properties.autonomousSystemNumber");
    private static final Field RISK_DURING = SHAPE.scalar("properties.riskLevelDuringSignIn");
    private static final Field RISK_STATE = SHAPE.scalar("properties.riskState");
    private static final Field PROTOCOL = SHAPE.scalar("properties.authenticationProtocol");
    private static final Field TOKEN_ISSUER = SHAPE.scalar("properties.tokenIssuerType");
    private static final Field HOME_TENANT = SHAPE.scalar("properties.homeTenantId");
    private static final Field CROSS_TENANT = SHAPE.scalar("properties.crossTenantAccessType");
    private static final Field ACTIVITY = SHAPE.scalar("properties.activityDisplayName");
    private static final Field ACTIVITY_TIME = SHAPE.scalar("properties.activityDateTime");
    private static final Field AUDIT_RESULT = SHAPE.scalar("properties.result");
    private static final Field INITIATOR_UPN = SHAPE.scalar("properties.initiatedBy.user.userPrincipalName");
    private static final Field INITIATOR_USER_ID = SHAPE.scalar("properties.initiatedBy.user.id");
    private static final Field INITIATOR_IP = SHAPE.scalar("properties.initiatedBy.user.ipAddress");
    private static final Field INITIATOR_APP = SHAPE.scalar("properties.initiatedBy.app.displayName");
    private static final Field INITIATOR_APP_ID = SHAPE.scalar("properties.initiatedBy.app.appId");
    private static final Field INITIATOR_SP_ID = SHAPE.scalar("properties.initiatedBy.app.servicePrincipalId");
    private static final Field TARGETS = SHAPE.tree("properties.targetResources");
    private static final Field ADDITIONAL_DETAILS = SHAPE.tree("properties.additionalDetails");
    private static final Pattern GRANTED_SCOPE = Pattern.compile("Scope: ([^,\\]]*)");

    private static final String PROVIDER = "Microsoft Entra ID";
    /** Entra's default refresh-token and session lifetime (90 days, sliding). */
    private static final Duration SESSION_LIFETIME = Duration.ofDays(90);
    private static final Map<String, String> FIRST_PARTY = DataTable.read(EntraMapper.class, "first-party-apps.tsv", 2).stream()
            .collect(Collectors.toUnmodifiableMap(row -> row[0].toLowerCase(Locale.ROOT), row -> row[1], (a, b) -> a));
    private static final Set<String> INTERRUPTS = DataTable.read(EntraMapper.class, "sign-in-errors.tsv", 2).stream()
            .map(row -> row[0]).collect(Collectors.toUnmodifiableSet());
    /** The activity as Entra logs it: "Update application – Certificates and secrets management " (en dash, trailing space). */
    private static final Pattern APPLICATION_SECRETS = Pattern.compile(
            "update application\\s*[-\u2013\u2014]\\s*certificates and secrets management\\s*", Pattern.CASE_INSENSITIVE);
    private static final Set<String> SIGN_INS = Set.of("SignInLogs", "NonInteractiveUserSignInLogs",
            "ServicePrincipalSignInLogs", "ManagedIdentitySignInLogs");
    private static final Set<String> DIRECTORY_CATEGORIES = Set.of("AuditLogs", "ProvisioningLogs",
            "ADFSSignInLogs", "RiskyUsers", "UserRiskEvents", "RiskyServicePrincipals", "ServicePrincipalRiskEvents",
            "MicrosoftGraphActivityLogs", "NetworkAccessTrafficLogs", "EnrichedOffice365AuditLogs");
    private static final Pattern KEY_IDENTIFIER = Pattern.compile("KeyIdentifier=([0-9A-Fa-f-]{36})");
    private static final Pattern KEY_TYPE = Pattern.compile("KeyType=([A-Za-z0-9]+)");
    private static final Set<String> CONSENT_ACTIVITIES = Set.of("Consent to application",
            "Add OAuth2PermissionGrant", "Add delegated permission grant",
            "Add app role assignment to service principal", "Add app role assignment grant to user");
    private static final Set<String> MFA_METHODS = Set.of("mobile app notification", "text message",
            "oath verification code", "phone call approval (authentication phone)", "fido2 security key",
            "windows hello for business", "microsoft authenticator app", "passkey (microsoft authenticator)",
            "certificate-based authentication", "temporary access pass", "x509 certificate");

    public EntraMapper() {
        super(SHAPE);
    }

    @Override
    public boolean recognizes(JsonNode record) {
        String category = Format.text(record, "category");
        if (category == null || Format.field(record, "properties") == null) {
            return false;
        }
        String resourceId = Format.text(record, "resourceId");
        return SIGN_INS.contains(category) || DIRECTORY_CATEGORIES.contains(category)
                || resourceId != null && resourceId.toLowerCase(Locale.ROOT).contains("/providers/microsoft.aadiam");
    }

    @Override
    public Event map(Record r) throws BadRecordException {
        String category = r.required(CATEGORY);
        String time = r.text(TIME) != null ? r.text(TIME)
                : r.text(CREATED) != null ? r.text(CREATED) : r.text(ACTIVITY_TIME) != null ? r.text(ACTIVITY_TIME) : r.required(TIME);
        EventBuilder e = new EventBuilder(SOURCE).time("time", time);
        e.origin(r.origin(r.text(ID) != null ? r.text(ID) : r.text(CORRELATION)))
                .unmapped("entra.category", category)
                .unmapped("entra.correlationId", r.text(CORRELATION));
        if (SIGN_INS.contains(category)) {
            signIn(e, r, category);
        } else {
            directoryActivity(e, r);
        }
        return e.build();
    }

    private static void signIn(EventBuilder e, Record r, String category) {
        boolean ropc = "ropc".equalsIgnoreCase(r.text(PROTOCOL));
        boolean interactive = category.equals("SignInLogs") && (!Boolean.FALSE.equals(r.bool(INTERACTIVE)) || ropc);
        boolean servicePrincipal = category.equals("ServicePrincipalSignInLogs");
        boolean managedIdentity = category.equals("ManagedIdentitySignInLogs");
        String errorCode = r.text(ERROR_CODE) != null ? r.text(ERROR_CODE) : r.text(RESULT_TYPE);
        Outcome outcome = errorCode == null ? Outcome.UNKNOWN : errorCode.equals("0") ? Outcome.SUCCESS
                : INTERRUPTS.contains(errorCode.trim()) ? Outcome.INTERRUPTED : Outcome.FAILURE;
        String requirement = r.text(REQUIREMENT);
        String methods = succeededMethods(r.tree(AUTH_DETAILS));
        String tenant = r.text(TENANT) != null ? r.text(TENANT) : r.text(HOME_TENANT);

        e.kind(servicePrincipal || managedIdentity || interactive ? EventKind.AUTHENTICATION : EventKind.TOKEN_REFRESHED)
                .outcome(outcome, outcome == Outcome.FAILURE ? failure(errorCode, r.text(FAILURE)) : null)
                .ip("properties.ipAddress", r.text(IP) != null ? r.text(IP) : r.text(CALLER_IP))
                .userAgent(r.text(USER_AGENT))
                .device(r.text(DEVICE_ID))
                .host(r.text(DEVICE_NAME))
                .app(r.text(APP_ID))
                .appName(r.text(APP_NAME), firstParty(r.text(APP_ID)))
                .risk(risk(r.text(RISK_DURING)))
                .place(r.text(COUNTRY), r.text(CITY), r.decimal(LATITUDE), r.decimal(LONGITUDE))
                .autonomousSystem(r.number(ASN), null)
                .action("entra", r.text(OPERATION) != null ? r.text(OPERATION) : "Sign-in activity",
                        r.text(RESOURCE_NAME) != null ? r.text(RESOURCE_NAME) : r.text(RESOURCE_ID), false);

        if (servicePrincipal || managedIdentity) {
            String name = r.text(SP_NAME) != null ? r.text(SP_NAME) : r.text(APP_NAME);
            e.principal(name != null ? name : r.text(SP_ID), r.text(SP_ID),
                    managedIdentity ? PrincipalType.WORKLOAD : PrincipalType.SERVICE, tenant);
            e.credential(servicePrincipalCredential(r.text(CLIENT_CREDENTIAL), managedIdentity), r.text(SP_KEY_ID),
                    null, null, Mfa.UNKNOWN, r.text(TOKEN_ID));
        } else {
            String upn = r.text(UPN);
            e.principal(upn != null ? upn.toLowerCase(Locale.ROOT) : r.text(USER_ID), r.text(USER_ID),
                    PrincipalType.HUMAN, tenant);
            CredentialKind kind = interactive ? CredentialKind.SESSION
                    : r.text(INCOMING_TOKEN) != null && r.text(INCOMING_TOKEN).toLowerCase(Locale.ROOT).contains("refreshtoken")
                    ? CredentialKind.REFRESH_TOKEN : CredentialKind.SESSION;
            e.issuance(Credential.Issuance.by(PROVIDER, true, SESSION_LIFETIME).issuing(interactive && outcome == Outcome.SUCCESS)
                    .mfaDetail(mfaDetail(requirement, methods, ropc)));
            e.credential(kind, r.text(SESSION_ID), null, null, mfa(requirement, methods, outcome), r.text(TOKEN_ID));
        }
        if (r.text(ASN) != null && r.number(ASN) == null) {
            e.invalid("network.asn", r.text(ASN), "autonomousSystemNumber is not a number");
        }
        e.unmapped("entra.authenticationRequirement", requirement)
                .unmapped("entra.authenticationMethods", methods)
                .unmapped("entra.isInteractive", r.text(INTERACTIVE))
                .unmapped("entra.incomingTokenType", r.text(INCOMING_TOKEN))
                .unmapped("entra.conditionalAccessStatus", r.text(CA_STATUS))
                .unmapped("entra.clientAppUsed", r.text(CLIENT_APP))
                .unmapped("entra.userType", r.text(USER_TYPE))
                .unmapped("entra.authenticationProtocol", r.text(PROTOCOL))
                .unmapped("entra.tokenIssuerType", r.text(TOKEN_ISSUER))
                .unmapped("entra.riskState", r.text(RISK_STATE))
                .unmapped("entra.crossTenantAccessType", r.text(CROSS_TENANT))
                .unmapped("entra.managedIdentityType", r.text(MANAGED_IDENTITY))
                .unmapped("entra.operatingSystem", r.text(DEVICE_OS))
                .unmapped("entra.browser", r.text(DEVICE_BROWSER))
                .unmapped("entra.isCompliant", r.text(DEVICE_COMPLIANT))
                .unmapped("entra.trustType", r.text(DEVICE_TRUST));
    }

    private static void directoryActivity(EventBuilder e, Record r) {
        String activity = r.text(ACTIVITY) != null ? r.text(ACTIVITY) : r.text(OPERATION);
        String result = r.text(AUDIT_RESULT);
        Outcome outcome = result == null ? Outcome.UNKNOWN
                : result.equalsIgnoreCase("success") ? Outcome.SUCCESS
                : result.equalsIgnoreCase("failure") ? Outcome.FAILURE : Outcome.UNKNOWN;
        String upn = r.text(INITIATOR_UPN);
        String appName = r.text(INITIATOR_APP);
        if (upn != null) {
            e.principal(upn.toLowerCase(Locale.ROOT), r.text(INITIATOR_USER_ID), PrincipalType.HUMAN, r.text(TENANT));
        } else if (appName != null || r.text(INITIATOR_SP_ID) != null) {
            e.principal(appName != null ? appName : r.text(INITIATOR_SP_ID), r.text(INITIATOR_SP_ID),
                    PrincipalType.SERVICE, r.text(TENANT));
        }
        boolean consent = activity != null && CONSENT_ACTIVITIES.contains(activity);
        boolean keyAdded = "Add service principal credentials".equals(activity)
                || activity != null && APPLICATION_SECRETS.matcher(activity).matches();
        e.kind(consent ? EventKind.CONSENT : keyAdded ? EventKind.TOKEN_ISSUED : EventKind.OTHER)
                .outcome(outcome, null)
                .ip("properties.initiatedBy.user.ipAddress",
                        r.text(INITIATOR_IP) != null ? r.text(INITIATOR_IP) : r.text(CALLER_IP))
                .app(r.text(INITIATOR_APP_ID))
                .action("entra", activity, firstTarget(r.tree(TARGETS)), true);
        if (consent) {
            consent(e, r.tree(TARGETS), r.tree(ADDITIONAL_DETAILS), "Consent to application".equals(activity));
        }
        if (keyAdded) {
            applicationKey(e, r.tree(TARGETS));
        }
    }

    /**
     * A secret or certificate added to an application or its service principal ("Add service
     * principal credentials", "Update application – Certificates and secrets management "): the new
     * key's id from the target's {@code KeyDescription}
     * ({@code [KeyIdentifier=…, KeyType=Password, KeyUsage=Verify, DisplayName=…]}, the id its sign-ins
     * carry as {@code servicePrincipalCredentialKeyId}) — the one in the new value that the old value
     * lacked, as the property lists every key — and the application it was issued to.
     */
    private static void applicationKey(EventBuilder e, JsonNode targets) {
        String keyId = null;
        String keyType = null;
        String description = "";
        String application = null;
        String applicationId = null;
        for (JsonNode target : targets != null && targets.isArray() ? targets : List.<JsonNode>of()) {
            String type = Format.text(target, "type");
            if (!"ServicePrincipal".equalsIgnoreCase(type) && !"Application".equalsIgnoreCase(type)) {
                continue;
            }
            application = Format.text(target, "displayName");
            applicationId = Format.text(target, "id");
            JsonNode modified = Format.field(target, "modifiedProperties");
            for (JsonNode property : modified == null || !modified.isArray() ? List.<JsonNode>of() : modified) {
                String value = Format.text(property, "newValue");
                if ("KeyDescription".equals(Format.text(property, "displayName")) && value != null) {
                    description = value;
                    String before = Format.text(property, "oldValue");
                    Matcher key = KEY_IDENTIFIER.matcher(value);
                    while (key.find()) {
                        if (keyId == null || before == null || !before.contains(key.group(1))) {
                            keyId = key.group(1);
                            Matcher kind = KEY_TYPE.matcher(value);
                            keyType = kind.find(key.start()) ? kind.group(1) : null;
                            if (before != null && !before.contains(keyId)) {
                                break;
                            }
                        }
                    }
                }
            }
            break;
        }
        CredentialKind secret = "AsymmetricX509Cert".equalsIgnoreCase(keyType) ? CredentialKind.CERTIFICATE : CredentialKind.API_KEY;
        e.issued(Credential.Issuance.by(PROVIDER, true, null).deliveredTo(application != null ? application : applicationId).ofKind(secret));
        e.credential(secret, null, null, null, Mfa.UNKNOWN, keyId);
        e.unmapped("entra.application", application)
                .unmapped("entra.applicationObjectId", applicationId)
                .unmapped("entra.keyType", keyType);
        if (keyId == null) {
            e.invalid("credential.issuedCredentialId", description, "the application's KeyDescription carries no KeyIdentifier");
        }
    }

    /**
     * What a consent or delegated grant gave: the application (its app id, from
     * {@code additionalDetails.AppId} or the first of {@code TargetId.ServicePrincipalNames}; its
     * name from the target of a consent — a grant's target is the API granted, such as Microsoft
     * Graph, not the client), the delegated scopes ({@code ConsentAction.Permissions}, or
     * {@code DelegatedPermissionGrant.Scope}) and whether it is for every user of the tenant (an
     * administrator's consent, or {@code ConsentType} {@code AllPrincipals}).
     */
    private static void consent(EventBuilder e, JsonNode targets, JsonNode details, boolean targetIsClient) {
        String appId = null;
        for (JsonNode detail : details != null && details.isArray() ? details : List.<JsonNode>of()) {
            if ("AppId".equals(Format.text(detail, "key"))) {
                appId = Format.text(detail, "value");
            }
        }
        Set<String> scopes = new LinkedHashSet<>();
        boolean tenantWide = false;
        String appName = null;
        for (JsonNode target : targets != null && targets.isArray() ? targets : List.<JsonNode>of()) {
            if (targetIsClient && appName == null && "ServicePrincipal".equalsIgnoreCase(Format.text(target, "type"))) {
                appName = Format.text(target, "displayName");
            }
            JsonNode modified = Format.field(target, "modifiedProperties");
            for (JsonNode property : modified == null || !modified.isArray() ? List.<JsonNode>of() : modified) {
                String name = Format.text(property, "displayName");
                String value = Format.text(property, "newValue");
                if (name == null || value == null) {
                    continue;
                }
                value = value.replace("\"", "").trim();
                switch (name) {
                    case "ConsentAction.Permissions" -> {
                        Matcher matcher = GRANTED_SCOPE.matcher(value);
                        while (matcher.find()) {
                            scopes.addAll(words(matcher.group(1)));
                        }
                        tenantWide |= value.contains("ConsentType: AllPrincipals");
                    }
                    case "DelegatedPermissionGrant.Scope", "AppRole.Value" -> scopes.addAll(words(value));
                    case "ServicePrincipal.DisplayName" -> appName = appName == null ? value : appName;
                    case "ServicePrincipal.AppId" -> appId = appId == null ? value : appId;
                    case "DelegatedPermissionGrant.ConsentType" -> tenantWide |= value.equalsIgnoreCase("AllPrincipals");
                    case "ConsentContext.IsAdminConsent" -> tenantWide |= value.equalsIgnoreCase("true");
                    case "TargetId.ServicePrincipalNames" -> {
                        if (appId == null && !value.isEmpty()) {
                            appId = value.split(";")[0];
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        e.app(appId).appName(appName, appId == null ? null : firstParty(appId));
        e.issued(Credential.Issuance.by(PROVIDER, true, null).granting(List.copyOf(scopes), tenantWide))
                .credential(CredentialKind.UNKNOWN, null, null, null, Mfa.UNKNOWN, null);
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    /** Whether the application is one of Microsoft's own; null when there is no application id. */
    private static Boolean firstParty(String appId) {
        return appId == null ? null : FIRST_PARTY.containsKey(appId.toLowerCase(Locale.ROOT));
    }

    private static Risk risk(String level) {
        if (level == null) {
            return Risk.UNKNOWN;
        }
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "none" -> Risk.NONE;
            case "low" -> Risk.LOW;
            case "medium" -> Risk.MEDIUM;
            case "high" -> Risk.HIGH;
            default -> Risk.UNKNOWN;
        };
    }

    private static String mfaDetail(String requirement, String methods, boolean ropc) {
        String said = "authenticationRequirement was " + requirement + (methods == null ? "" : "; methods: " + methods);
        return ropc ? "a password (ROPC) sign-in, which cannot do MFA; " + said : said;
    }

    private static CredentialKind servicePrincipalCredential(String type, boolean managedIdentity) {
        if (managedIdentity || type == null) {
            return CredentialKind.UNKNOWN;
        }
        return switch (type) {
            case "clientSecret" -> CredentialKind.API_KEY;
            case "clientAssertion", "certificate" -> CredentialKind.CERTIFICATE;
            case "federatedIdentityCredential" -> CredentialKind.ASSERTION;
            default -> CredentialKind.UNKNOWN;
        };
    }

    /**
     * MFA behind a user sign-in: satisfied when the sign-in required and met multi-factor
     * authentication or a multi-factor method succeeded; absent when only one factor was required.
     */
    private static Mfa mfa(String requirement, String methods, Outcome outcome) {
        if (methods != null) {
            for (String method : methods.split(",")) {
                if (MFA_METHODS.contains(method.toLowerCase(Locale.ROOT)) || method.startsWith("MFA ")) {
                    return Mfa.TRUE;
                }
            }
        }
        if ("multiFactorAuthentication".equals(requirement)) {
            return outcome == Outcome.SUCCESS ? Mfa.TRUE : Mfa.UNKNOWN;
        }
        return "singleFactorAuthentication".equals(requirement) ? Mfa.FALSE : Mfa.UNKNOWN;
    }

    private static String succeededMethods(JsonNode details) {
        if (details == null || !details.isArray()) {
            return null;
        }
        StringBuilder methods = new StringBuilder();
        for (JsonNode step : details) {
            JsonNode succeeded = Format.field(step, "succeeded");
            String method = Format.text(step, "authenticationMethod");
            String stepDetail = Format.text(step, "authenticationStepResultDetail");
            if (method == null || succeeded == null || !succeeded.asBoolean(false)) {
                continue;
            }
            if ("Previously satisfied".equalsIgnoreCase(method) && stepDetail != null) {
                method = stepDetail.toLowerCase(Locale.ROOT).contains("mfa") ? "MFA previously satisfied" : method;
            }
            methods.append(methods.length() == 0 ? "" : ",").append(method);
        }
        return methods.length() == 0 ? null : methods.toString();
    }

    private static String failure(String code, String reason) {
        return reason == null ? code : code + ": " + reason;
    }

    private static String firstTarget(JsonNode targets) {
        if (targets == null || !targets.isArray() || targets.isEmpty()) {
            return null;
        }
        JsonNode first = targets.get(0);
        String name = Format.text(first, "displayName");
        return name != null ? name : Format.text(first, "id");
    }
}
