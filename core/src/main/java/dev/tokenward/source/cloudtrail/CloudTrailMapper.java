package dev.tokenward.source.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import dev.tokenward.source.Format;
import dev.tokenward.source.Record;
import dev.tokenward.source.RecordMapper;
import dev.tokenward.source.RecordShape;
import dev.tokenward.source.RecordShape.Field;

import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * AWS CloudTrail records, as delivered in {@code {"Records":[...]}} files, as JSON lines or as an
 * array. Follows the record contents documented in the CloudTrail User Guide ("CloudTrail record
 * contents for management, data, and network activity events" and "CloudTrail userIdentity
 * element").
 *
 * <p>Credentials: an access key id in {@code userIdentity.accessKeyId} is the credential used
 * (ASIA... temporary, AKIA... long-term); STS calls that issue credentials name the new key in
 * {@code responseElements.credentials.accessKeyId}, which becomes {@code issuedCredentialId}.
 */
public final class CloudTrailMapper implements RecordMapper {
    static final String SOURCE = "cloudtrail";

    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field EVENT_TIME = SHAPE.scalar("eventTime");
    private static final Field EVENT_SOURCE = SHAPE.scalar("eventSource");
    private static final Field EVENT_NAME = SHAPE.scalar("eventName");
    private static final Field EVENT_ID = SHAPE.scalar("eventID");
    private static final Field EVENT_TYPE = SHAPE.scalar("eventType");
    private static final Field REGION = SHAPE.scalar("awsRegion");
    private static final Field SOURCE_IP = SHAPE.scalar("sourceIPAddress");
    private static final Field USER_AGENT = SHAPE.scalar("userAgent");
    private static final Field ERROR_CODE = SHAPE.scalar("errorCode");
    private static final Field ERROR_MESSAGE = SHAPE.scalar("errorMessage");
    private static final Field RECIPIENT_ACCOUNT = SHAPE.scalar("recipientAccountId");
    private static final Field READ_ONLY = SHAPE.scalar("readOnly");
    private static final Field FROM_CONSOLE = SHAPE.scalar("sessionCredentialFromConsole");
    private static final Field VPC_ENDPOINT = SHAPE.scalar("vpcEndpointId");
    private static final Field RESOURCES = SHAPE.tree("resources");
    private static final Field ID_TYPE = SHAPE.scalar("userIdentity.type");
    private static final Field ID_PRINCIPAL = SHAPE.scalar("userIdentity.principalId");
    private static final Field ID_ARN = SHAPE.scalar("userIdentity.arn");
    private static final Field ID_ACCOUNT = SHAPE.scalar("userIdentity.accountId");
    private static final Field ID_ACCESS_KEY = SHAPE.scalar("userIdentity.accessKeyId");
    private static final Field ID_USER_NAME = SHAPE.scalar("userIdentity.userName");
    private static final Field ID_INVOKED_BY = SHAPE.scalar("userIdentity.invokedBy");
    private static final Field ID_PROVIDER = SHAPE.scalar("userIdentity.identityProvider");
    private static final Field ISSUER_ARN = SHAPE.scalar("userIdentity.sessionContext.sessionIssuer.arn");
    private static final Field ISSUER_NAME = SHAPE.scalar("userIdentity.sessionContext.sessionIssuer.userName");
    private static final Field SESSION_MFA = SHAPE.scalar("userIdentity.sessionContext.attributes.mfaAuthenticated");
    private static final Field SESSION_CREATED = SHAPE.scalar("userIdentity.sessionContext.attributes.creationDate");
    private static final Field WEB_ID_PROVIDER = SHAPE.scalar("userIdentity.sessionContext.webIdFederationData.federatedProvider");
    private static final Field SOURCE_IDENTITY = SHAPE.scalar("userIdentity.sessionContext.sourceIdentity");
    private static final Field EC2_ROLE_DELIVERY = SHAPE.scalar("userIdentity.sessionContext.ec2RoleDelivery");
    private static final Field MFA_USED = SHAPE.scalar("additionalEventData.MFAUsed");
    private static final Field LOGIN_TO = SHAPE.scalar("additionalEventData.LoginTo");
    private static final Field CONSOLE_LOGIN = SHAPE.scalar("responseElements.ConsoleLogin");
    private static final Field ISSUED_KEY = SHAPE.scalar("responseElements.credentials.accessKeyId");
    private static final Field ISSUED_EXPIRATION = SHAPE.scalar("responseElements.credentials.expiration");
    private static final Field ASSUMED_ROLE_ARN = SHAPE.scalar("responseElements.assumedRoleUser.arn");
    private static final Field FEDERATED_USER_ARN = SHAPE.scalar("responseElements.federatedUser.arn");
    private static final Field ROLE_ARN = SHAPE.scalar("requestParameters.roleArn");
    private static final Field FEDERATION_NAME = SHAPE.scalar("requestParameters.name");
    private static final Field REQUEST_POLICY = SHAPE.scalar("requestParameters.policy");
    private static final Field REQUEST_POLICY_ARNS = SHAPE.tree("requestParameters.policyArns");
    private static final Field DURATION = SHAPE.scalar("requestParameters.durationSeconds");
    private static final RecordShape BUILT = SHAPE.build();

    private static final Set<String> ISSUING_CALLS = Set.of("AssumeRole", "AssumeRoleWithSAML",
            "AssumeRoleWithWebIdentity", "GetSessionToken", "GetFederationToken", "AssumeRoot");
    private static final Set<String> SENSITIVE_SERVICES = Set.of("iam", "sts", "kms", "secretsmanager",
            "organizations", "cloudtrail", "config", "guardduty", "sso", "sso-directory", "identitystore",
            "access-analyzer", "signin", "ssm");
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");

    @Override
    public RecordShape shape() {
        return BUILT;
    }

    @Override
    public boolean recognizes(JsonNode record) {
        return Format.text(record, "eventSource") != null && Format.text(record, "eventName") != null
                && (Format.text(record, "eventVersion") != null || Format.field(record, "userIdentity") != null
                || Format.text(record, "awsRegion") != null);
    }

    @Override
    public Event map(Record r) throws BadRecordException {
        String name = r.required(EVENT_NAME);
        String service = r.required(EVENT_SOURCE);
        EventBuilder e = new EventBuilder(SOURCE).time("eventTime", r.required(EVENT_TIME));
        String identityType = r.text(ID_TYPE);
        boolean consoleLogin = name.equals("ConsoleLogin");
        boolean fromConsole = Boolean.TRUE.equals(r.bool(FROM_CONSOLE));

        e.kind(kind(name, r))
                .outcome(outcome(r, consoleLogin), failure(r))
                .principal(principalName(r, identityType), r.text(ID_PRINCIPAL),
                        principalType(r, identityType, consoleLogin || fromConsole), tenant(r))
                .ip("sourceIPAddress", r.text(SOURCE_IP))
                .host(r.text(ID_INVOKED_BY))
                .userAgent(r.text(USER_AGENT))
                .action(shortService(service), name, resource(r), SENSITIVE_SERVICES.contains(shortService(service)))
                .origin(r.origin(r.text(EVENT_ID)));
        credential(e, r, identityType, consoleLogin, fromConsole);
        e.unmapped("cloudtrail.region", r.text(REGION))
                .unmapped("cloudtrail.eventType", r.text(EVENT_TYPE))
                .unmapped("cloudtrail.identityType", identityType)
                .unmapped("cloudtrail.sessionIssuer", r.text(ISSUER_ARN))
                .unmapped("cloudtrail.sourceIdentity", r.text(SOURCE_IDENTITY))
                .unmapped("cloudtrail.ec2RoleDelivery", r.text(EC2_ROLE_DELIVERY))
                .unmapped("cloudtrail.webIdentityProvider", r.text(WEB_ID_PROVIDER))
                .unmapped("cloudtrail.vpcEndpointId", r.text(VPC_ENDPOINT))
                .unmapped("cloudtrail.readOnly", r.text(READ_ONLY))
                .unmapped("cloudtrail.sessionCredentialFromConsole", r.text(FROM_CONSOLE))
                .unmapped("cloudtrail.loginTo", r.text(LOGIN_TO))
                .unmapped("cloudtrail.issuedRole", firstNonNull(r.text(ASSUMED_ROLE_ARN), r.text(FEDERATED_USER_ARN)))
                .unmapped("cloudtrail.issuedExpiration", r.text(ISSUED_EXPIRATION))
                .unmapped("cloudtrail.durationSeconds", r.text(DURATION))
                .unmapped("cloudtrail.requestPolicy", cut(r.text(REQUEST_POLICY)))
                .unmapped("cloudtrail.requestPolicyArns", policyArns(r.tree(REQUEST_POLICY_ARNS)));
        return e.build();
    }

    private static EventKind kind(String name, Record r) {
        if (name.equals("ConsoleLogin")) {
            return EventKind.AUTHENTICATION;
        }
        if (name.equals("CheckMfa")) {
            return EventKind.MFA;
        }
        if (ISSUING_CALLS.contains(name) || name.equals("GetSigninToken")) {
            return EventKind.TOKEN_ISSUED;
        }
        return r.text(ID_ACCESS_KEY) != null || r.text(ID_ARN) != null ? EventKind.CREDENTIAL_USE : EventKind.OTHER;
    }

    private static Outcome outcome(Record r, boolean consoleLogin) {
        if (consoleLogin) {
            String result = r.text(CONSOLE_LOGIN);
            if ("Success".equalsIgnoreCase(result)) {
                return Outcome.SUCCESS;
            }
            if ("Failure".equalsIgnoreCase(result) || r.text(ERROR_MESSAGE) != null) {
                return Outcome.FAILURE;
            }
            return Outcome.UNKNOWN;
        }
        return r.text(ERROR_CODE) != null ? Outcome.FAILURE : Outcome.SUCCESS;
    }

    private static String failure(Record r) {
        String code = r.text(ERROR_CODE);
        String message = r.text(ERROR_MESSAGE);
        if (code == null) {
            return message;
        }
        return message == null ? code : code + ": " + cut(message);
    }

    private static void credential(EventBuilder e, Record r, String identityType, boolean consoleLogin,
                                   boolean fromConsole) {
        String keyId = r.text(ID_ACCESS_KEY);
        Instant created = e.optionalTime("userIdentity.sessionContext.attributes.creationDate", r.text(SESSION_CREATED));
        if (consoleLogin) {
            String used = r.text(MFA_USED);
            Mfa mfa = "Yes".equalsIgnoreCase(used) ? Mfa.TRUE : "No".equalsIgnoreCase(used) ? Mfa.FALSE : Mfa.UNKNOWN;
            boolean password = "IAMUser".equals(identityType) || "Root".equals(identityType);
            e.credential(password ? CredentialKind.PASSWORD : CredentialKind.ASSERTION, null, null, null, mfa, null);
            return;
        }
        CredentialKind kind;
        if (fromConsole) {
            kind = CredentialKind.SESSION;
        } else if ("FederatedUser".equals(identityType)) {
            kind = CredentialKind.FEDERATION_TOKEN;
        } else if (keyId != null && keyId.startsWith("ASIA")) {
            kind = CredentialKind.TEMPORARY_KEY;
        } else if (keyId != null && keyId.startsWith("AKIA")) {
            kind = CredentialKind.API_KEY;
        } else if ("SAMLUser".equals(identityType) || "WebIdentityUser".equals(identityType)) {
            kind = CredentialKind.ASSERTION;
        } else {
            kind = CredentialKind.UNKNOWN;
        }
        e.credential(kind, keyId, null, created, Mfa.of(r.bool(SESSION_MFA)), r.text(ISSUED_KEY));
    }

    private static String principalName(Record r, String identityType) {
        String arn = r.text(ID_ARN);
        if (arn != null) {
            return arn;
        }
        if ("AWSService".equals(identityType)) {
            return r.text(ID_INVOKED_BY);
        }
        String userName = r.text(ID_USER_NAME);
        String account = r.text(ID_ACCOUNT);
        if ("IAMUser".equals(identityType) && userName != null && account != null) {
            return "arn:aws:iam::" + account + ":user/" + userName;
        }
        if (("SAMLUser".equals(identityType) || "WebIdentityUser".equals(identityType)) && userName != null) {
            return userName.contains("@") ? userName.toLowerCase(java.util.Locale.ROOT) : userName;
        }
        return firstNonNull(userName, r.text(ID_PRINCIPAL));
    }

    private static PrincipalType principalType(Record r, String identityType, boolean interactive) {
        if (identityType == null) {
            return PrincipalType.UNKNOWN;
        }
        return switch (identityType) {
            case "Root", "SAMLUser" -> PrincipalType.HUMAN;
            case "IAMUser" -> interactive ? PrincipalType.HUMAN : PrincipalType.UNKNOWN;
            case "AWSService", "AWSAccount" -> PrincipalType.SERVICE;
            case "WebIdentityUser" -> PrincipalType.WORKLOAD;
            case "AssumedRole" -> assumedRoleType(r, interactive);
            default -> PrincipalType.UNKNOWN;
        };
    }

    private static PrincipalType assumedRoleType(Record r, boolean interactive) {
        String issuer = r.text(ISSUER_NAME);
        String arn = r.text(ID_ARN);
        String session = arn == null ? null : arn.substring(arn.lastIndexOf('/') + 1);
        if (issuer != null && issuer.startsWith("AWSReservedSSO_")) {
            return PrincipalType.HUMAN;
        }
        if (r.text(EC2_ROLE_DELIVERY) != null || (session != null && INSTANCE_ID.matcher(session).matches())
                || r.text(WEB_ID_PROVIDER) != null) {
            return PrincipalType.WORKLOAD;
        }
        return interactive ? PrincipalType.HUMAN : PrincipalType.UNKNOWN;
    }

    private static String tenant(Record r) {
        return firstNonNull(r.text(RECIPIENT_ACCOUNT), r.text(ID_ACCOUNT));
    }

    private static String resource(Record r) {
        JsonNode resources = r.tree(RESOURCES);
        if (resources != null && resources.isArray() && !resources.isEmpty()) {
            String arn = Format.text(resources.get(0), "ARN");
            if (arn != null) {
                return arn;
            }
        }
        return firstNonNull(r.text(ROLE_ARN), r.text(FEDERATION_NAME));
    }

    private static String policyArns(JsonNode arns) {
        if (arns == null || !arns.isArray()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode entry : arns) {
            String arn = Format.text(entry, "arn");
            if (arn != null) {
                text.append(text.length() == 0 ? "" : ",").append(arn);
            }
        }
        return text.length() == 0 ? null : text.toString();
    }

    static String shortService(String eventSource) {
        int dot = eventSource.indexOf('.');
        return dot < 0 ? eventSource : eventSource.substring(0, dot);
    }

    private static String cut(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000) + "…";
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
