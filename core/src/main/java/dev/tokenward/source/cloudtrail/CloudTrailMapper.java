package dev.tokenward.source.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.event.Action;
import dev.tokenward.event.Credential;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.NetworkClass;
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
import dev.tokenward.source.Timestamps;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
public final class CloudTrailMapper extends ShapedMapper {
    static final String SOURCE = "cloudtrail";

    /** What AWS API calls amount to ({@code operations.tsv}). */
    private static final OperationTable OPERATIONS = new OperationTable(CloudTrailMapper.class, "operations.tsv");
    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field EVENT_TIME = SHAPE.scalar("eventTime");
    /** Logstash's own time: records shipped through it (a Kafka topic dumped to JSON lines) may carry no eventTime. */
    private static final Field LOGSTASH_TIME = SHAPE.scalar("@timestamp");
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
    private static final Field SAML_PROVIDER = SHAPE.scalar("additionalEventData.SamlProviderArn");
    private static final Field CONSOLE_LOGIN = SHAPE.scalar("responseElements.ConsoleLogin");
    private static final Field ISSUED_KEY = SHAPE.scalar("responseElements.credentials.accessKeyId");
    private static final Field ISSUED_EXPIRATION = SHAPE.scalar("responseElements.credentials.expiration");
    private static final Field ASSUMED_ROLE_ARN = SHAPE.scalar("responseElements.assumedRoleUser.arn");
    private static final Field FEDERATED_USER_ARN = SHAPE.scalar("responseElements.federatedUser.arn");
    private static final Field ROLE_ARN = SHAPE.scalar("requestParameters.roleArn");
    /** A federation token's user name (GetFederationToken), a parameter's name (GetParameter). */
    private static final Field REQUEST_NAME = SHAPE.scalar("requestParameters.name");
    private static final Field REQUEST_POLICY = SHAPE.scalar("requestParameters.policy");
    private static final Field REQUEST_POLICY_ARNS = SHAPE.tree("requestParameters.policyArns");
    private static final Field DURATION = SHAPE.scalar("requestParameters.durationSeconds");
    private static final Field INSTANCE_IDS = SHAPE.tree("requestParameters.instanceIds");
    private static final Field USER_NAME_PARAMETER = SHAPE.scalar("requestParameters.userName");
    private static final Field POLICY_ARN = SHAPE.scalar("requestParameters.policyArn");
    private static final Field POLICY_DOCUMENT = SHAPE.scalar("requestParameters.policyDocument");
    private static final Field CREATED_KEY = SHAPE.scalar("responseElements.accessKey.accessKeyId");
    private static final Field SESSION_TARGET = SHAPE.scalar("requestParameters.target");
    private static final Field INSTANCE_ID_PARAMETER = SHAPE.scalar("requestParameters.instanceId");
    private static final Field SECRET_ID = SHAPE.scalar("requestParameters.secretId");
    private static final Field WITH_DECRYPTION = SHAPE.scalar("requestParameters.withDecryption");
    private static final Field PARAMETER_NAMES = SHAPE.tree("requestParameters.names");
    private static final Field PARAMETER_PATH = SHAPE.scalar("requestParameters.path");

    private static final Set<String> ISSUING_CALLS = Set.of("AssumeRole", "AssumeRoleWithSAML",
            "AssumeRoleWithWebIdentity", "GetSessionToken", "GetFederationToken", "AssumeRoot");
    private static final String PROVIDER = "AWS";
    private static final Duration LONGEST_TEMPORARY_KEY = Duration.ofHours(36);
    private static final Duration CONSOLE_SESSION = Duration.ofHours(12);
    private static final Duration STS_DEFAULT = Duration.ofHours(12);
    private static final Duration STS_ROLE_DEFAULT = Duration.ofHours(1);
    private static final DateTimeFormatter STS_EXPIRATION = DateTimeFormatter.ofPattern("MMM d, yyyy, h:mm:ss a", Locale.US);
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");
    /** The runtime AWS SDKs name in their user agent from AWS_EXECUTION_ENV: a Lambda function, an ECS task. */
    private static final Pattern MANAGED_RUNTIME = Pattern.compile("exec-env/AWS_(Lambda|ECS)_");

    public CloudTrailMapper() {
        super(SHAPE);
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
        String service = shortService(r.required(EVENT_SOURCE));
        EventBuilder e = r.text(EVENT_TIME) == null && r.text(LOGSTASH_TIME) != null
                ? new EventBuilder(SOURCE).time("@timestamp", r.text(LOGSTASH_TIME))
                : new EventBuilder(SOURCE).time("eventTime", r.required(EVENT_TIME));
        String identityType = r.text(ID_TYPE);
        boolean consoleLogin = name.equals("ConsoleLogin");
        boolean fromConsole = Boolean.TRUE.equals(r.bool(FROM_CONSOLE));
        OperationTable.Judged judged = OPERATIONS.judge(service, name);

        e.kind(kind(name, r))
                .outcome(outcome(r, consoleLogin), failure(r))
                .principal(principalName(r, identityType), r.text(ID_PRINCIPAL),
                        principalType(r, identityType, consoleLogin || fromConsole), tenant(r))
                .parent(r.text(ISSUER_ARN))
                .root("Root".equals(identityType))
                .ip("sourceIPAddress", r.text(SOURCE_IP))
                .host(r.text(ID_INVOKED_BY))
                .userAgent(r.text(USER_AGENT))
                .action(service, name, judged.tactic() == Action.Tactic.EXECUTION ? instances(r) : resource(r), judged.sensitive())
                .region(r.text(REGION))
                .tactic(judged.tactic())
                .revealed(revealed(service, name, r))
                .written(written(service, name, r))
                .origin(r.origin(r.text(EVENT_ID)));
        if (r.text(VPC_ENDPOINT) != null) {
            e.networkClass(NetworkClass.PRIVATE);
        }
        if (consoleLogin) {
            e.appName("AWS Management Console", true);
        }
        credential(e, r, identityType, consoleLogin, fromConsole);
        e.issuance(issuance(e, r, name, identityType, consoleLogin, fromConsole))
                .issued(issued(e, r, name, identityType));
        e.unmapped("cloudtrail.eventType", r.text(EVENT_TYPE))
                .unmapped("cloudtrail.identityType", identityType)
                .unmapped("cloudtrail.sourceIdentity", r.text(SOURCE_IDENTITY))
                .unmapped("cloudtrail.vpcEndpointId", r.text(VPC_ENDPOINT))
                .unmapped("cloudtrail.readOnly", r.text(READ_ONLY))
                .unmapped("cloudtrail.loginTo", r.text(LOGIN_TO));
        return e.build();
    }

    /**
     * What the record says of issuance. Of the key used: AWS logs the STS call that mints a
     * temporary key, except for console sessions, IAM Identity Center role sessions (the access
     * portal's GetRoleCredentials is logged without the key) and instance profiles (EC2's AssumeRole
     * is logged in the instance's region, whose trail may not be collected: its absence proves
     * nothing); temporary keys live 36 hours at most
     * (a federation token), console sessions 12, long-term keys until deleted. For an STS call, of the
     * key it mints: whom it acts as, when it expires, the policies the request narrowed it to, and
     * for an instance profile or a web identity, how it reached the workload.
     */
    private static Credential.Issuance issuance(EventBuilder e, Record r, String name, String identityType, boolean consoleLogin,
                                                boolean fromConsole) {
        String keyId = r.text(ID_ACCESS_KEY);
        boolean temporary = keyId != null && keyId.startsWith("ASIA");
        String issuer = r.text(ISSUER_ARN);
        boolean identityCenter = issuer != null && (issuer.contains("/aws-reserved/sso.amazonaws.com/")
                || issuer.contains(":role/AWSReservedSSO_"));
        Duration lifetime = fromConsole ? CONSOLE_SESSION : temporary ? LONGEST_TEMPORARY_KEY : null;
        String instance = instanceSession(r);
        Credential.Delivery delivery = delivery(r.text(EC2_ROLE_DELIVERY), r.text(WEB_ID_PROVIDER), instance);
        boolean instanceProfile = delivery != null && delivery != Credential.Delivery.WEB_IDENTITY;
        Credential.Issuance issuance = Credential.Issuance.by(PROVIDER, !fromConsole && !identityCenter && !consoleLogin && !instanceProfile,
                        lifetime)
                .issuedBy(accountOf(r.text(ID_ARN), r.text(ID_ACCOUNT)))
                .delivered(delivery)
                .deliveredTo(instance);
        if (consoleLogin) {
            String used = r.text(MFA_USED);
            boolean federated = !"IAMUser".equals(identityType) && !"Root".equals(identityType) || r.text(SAML_PROVIDER) != null;
            return issuance.mfaDetail(federated ? "a federated console sign-in: MFA, if any, happened at the identity provider"
                    + (used == null ? "" : " (the record says MFAUsed \"" + used + "\")")
                    : "ConsoleLogin reports MFAUsed \"" + (used == null ? "(missing)" : used) + "\" for a password sign-in");
        }
        return issuance;
    }

    /**
     * What the call issues or grants, or nothing. An STS call: the new key (whom it acts as, when it
     * expires, the policies the request narrowed it to, and for an instance profile or a web identity,
     * how it reached the workload). An IAM call: an access key or a password for a user, or a policy
     * attached to one.
     */
    private static Credential.Issuance issued(EventBuilder e, Record r, String name, String identityType) {
        if (ISSUING_CALLS.contains(name) && r.text(ISSUED_KEY) != null) {
            String issuedTo = firstNonNull(firstNonNull(r.text(ASSUMED_ROLE_ARN), r.text(FEDERATED_USER_ARN)),
                    name.equals("GetSessionToken") ? principalName(r, identityType) : null);
            Credential.Delivery delivery = name.equals("AssumeRoleWithWebIdentity") ? Credential.Delivery.WEB_IDENTITY
                    : name.equals("AssumeRole") && "ec2.amazonaws.com".equals(r.text(ID_INVOKED_BY)) ? Credential.Delivery.INSTANCE_METADATA
                    : null;
            String session = issuedTo == null ? null : issuedTo.substring(issuedTo.lastIndexOf('/') + 1);
            String instance = delivery == Credential.Delivery.INSTANCE_METADATA && session != null && INSTANCE_ID.matcher(session).matches()
                    ? session : null;
            return Credential.Issuance.by(PROVIDER, true, LONGEST_TEMPORARY_KEY).granting(requestedPolicies(r), false)
                    .delivered(delivery).deliveredTo(instance).issuedTo(issuedTo, expiry(e, r, name, e.eventTime()))
                    .ofKind(name.equals("GetFederationToken") ? CredentialKind.FEDERATION_TOKEN : CredentialKind.TEMPORARY_KEY);
        }
        String user = targetUser(r);
        if (user == null) {
            return Credential.Issuance.NONE;
        }
        return switch (name) {
            case "CreateAccessKey" -> Credential.Issuance.by(PROVIDER, true, null).issuedTo(user, null).ofKind(CredentialKind.API_KEY);
            case "CreateLoginProfile", "UpdateLoginProfile" ->
                    Credential.Issuance.by(PROVIDER, true, null).issuedTo(user, null).ofKind(CredentialKind.PASSWORD);
            case "AttachUserPolicy", "PutUserPolicy" ->
                    Credential.Issuance.by(PROVIDER, true, null).granting(requestedPolicies(r), false).issuedTo(user, null);
            default -> Credential.Issuance.NONE;
        };
    }

    /** The policies a request names: {@code policyArns[].arn}, {@code policyArn}, and an inline {@code policy} or {@code policyDocument}. */
    private static List<String> requestedPolicies(Record r) {
        List<String> policies = new ArrayList<>(policyArns(r.tree(REQUEST_POLICY_ARNS)));
        if (r.text(POLICY_ARN) != null) {
            policies.add(r.text(POLICY_ARN));
        }
        for (String inline : new String[] {r.text(REQUEST_POLICY), r.text(POLICY_DOCUMENT)}) {
            if (inline != null) {
                policies.add(cut(inline));
            }
        }
        return policies;
    }

    /** The IAM user a call acts on ({@code requestParameters.userName}), as an ARN in the caller's account; null for none. */
    private static String targetUser(Record r) {
        String user = r.text(USER_NAME_PARAMETER);
        String account = firstNonNull(r.text(RECIPIENT_ACCOUNT), r.text(ID_ACCOUNT));
        return user == null || account == null || !"iam".equals(shortService(firstNonNull(r.text(EVENT_SOURCE), "")))
                ? null : "arn:aws:iam::" + account + ":user/" + user;
    }

    /**
     * When an issued key expires: the response's {@code credentials.expiration} (CloudTrail writes it
     * as {@code "Jan 22, 2026, 9:08:29 PM"} in UTC, or ISO 8601), else the requested
     * {@code durationSeconds}, else STS's default (12 hours for GetSessionToken and
     * GetFederationToken, 1 hour for the AssumeRole calls).
     */
    private static Instant expiry(EventBuilder e, Record r, String name, Instant now) {
        String expiration = r.text(ISSUED_EXPIRATION);
        if (expiration != null) {
            Instant at = Timestamps.parse(expiration);
            if (at == null) {
                try {
                    at = LocalDateTime.parse(expiration.trim(), STS_EXPIRATION).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException unreadable) {
                    e.invalid("responseElements.credentials.expiration", expiration, "not a timestamp");
                }
            }
            if (at != null) {
                return at;
            }
        }
        String seconds = r.text(DURATION);
        if (seconds != null && seconds.trim().matches("\\d{1,9}")) {
            return now.plusSeconds(Long.parseLong(seconds.trim()));
        }
        return now.plus(name.equals("GetFederationToken") || name.equals("GetSessionToken") ? STS_DEFAULT : STS_ROLE_DEFAULT);
    }

    private static Credential.Delivery delivery(String ec2RoleDelivery, String webIdentityProvider, String instance) {
        if (ec2RoleDelivery != null || instance != null && webIdentityProvider == null) {
            return switch (ec2RoleDelivery == null ? "" : ec2RoleDelivery.trim()) {
                case "1.0" -> Credential.Delivery.INSTANCE_METADATA_V1;
                case "2.0" -> Credential.Delivery.INSTANCE_METADATA_V2;
                default -> Credential.Delivery.INSTANCE_METADATA;
            };
        }
        return webIdentityProvider != null ? Credential.Delivery.WEB_IDENTITY : null;
    }

    /**
     * The instance a role session belongs to: EC2 names an instance profile's role sessions after
     * the instance ({@code assumed-role/app-role/i-0abcdef1234567890}). Null for other sessions.
     */
    private static String instanceSession(Record r) {
        String arn = r.text(ID_ARN);
        if (!"AssumedRole".equals(r.text(ID_TYPE)) || arn == null) {
            return null;
        }
        String session = arn.substring(arn.lastIndexOf('/') + 1);
        return INSTANCE_ID.matcher(session).matches() ? session : null;
    }

    /**
     * The instances a command, session or SSH key is for ({@code requestParameters.instanceIds},
     * {@code .target}, {@code .instanceId}), comma-separated, at most eight; else the resource as usual.
     */
    private static String instances(Record r) {
        List<String> ids = new ArrayList<>();
        JsonNode listed = r.tree(INSTANCE_IDS);
        if (listed != null && listed.isArray()) {
            for (JsonNode id : listed) {
                if (id.isTextual() && INSTANCE_ID.matcher(id.asText()).matches() && ids.size() < 8) {
                    ids.add(id.asText());
                }
            }
        }
        for (String single : new String[] {r.text(SESSION_TARGET), r.text(INSTANCE_ID_PARAMETER)}) {
            if (single != null && INSTANCE_ID.matcher(single).matches() && ids.isEmpty()) {
                ids.add(single);
            }
        }
        return ids.isEmpty() ? resource(r) : String.join(",", ids);
    }

    /** The account an identity belongs to: from its ARN ({@code arn:aws:sts::111122223333:assumed-role/…}), else as logged. */
    private static String accountOf(String arn, String account) {
        if (arn != null && arn.startsWith("arn:")) {
            String[] parts = arn.split(":", 6);
            if (parts.length == 6 && !parts[4].isEmpty()) {
                return parts[4];
            }
        }
        return account;
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
        if (name.equals("CreateUser") && r.text(ERROR_CODE) == null && (r.text(ID_ACCESS_KEY) != null || r.text(ID_ARN) != null)) {
            return EventKind.ACCOUNT_CREATED;
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
            boolean password = ("IAMUser".equals(identityType) || "Root".equals(identityType)) && r.text(SAML_PROVIDER) == null;
            Mfa mfa = !password ? Mfa.UNKNOWN : "Yes".equalsIgnoreCase(used) ? Mfa.TRUE : "No".equalsIgnoreCase(used) ? Mfa.FALSE
                    : Mfa.UNKNOWN;
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
        e.credential(kind, keyId, null, created, Mfa.of(r.bool(SESSION_MFA)), firstNonNull(r.text(ISSUED_KEY), r.text(CREATED_KEY)));
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
            return userName.contains("@") ? userName.toLowerCase(Locale.ROOT) : userName;
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
        String agent = r.text(USER_AGENT);
        if (r.text(EC2_ROLE_DELIVERY) != null || (session != null && INSTANCE_ID.matcher(session).matches())
                || r.text(WEB_ID_PROVIDER) != null || agent != null && MANAGED_RUNTIME.matcher(agent).find()) {
            return PrincipalType.WORKLOAD;
        }
        return interactive ? PrincipalType.HUMAN : PrincipalType.UNKNOWN;
    }

    /**
     * The secrets a successful call handed over, named by {@link SecretNames}: {@code GetSecretValue}'s
     * secret (Secrets Manager logs one of these for each secret a {@code BatchGetSecretValue}
     * returns, so the batch call itself names none), and Parameter Store's parameters read with
     * {@code withDecryption}: a {@code GetParametersByPath} names its path, as CloudTrail does not
     * log which parameters it returned.
     */
    private static List<String> revealed(String service, String name, Record r) {
        if (r.text(ERROR_CODE) != null) {
            return List.of();
        }
        if (service.equals("secretsmanager") && name.equals("GetSecretValue")) {
            return r.text(SECRET_ID) == null ? List.of() : List.of(SecretNames.secret(r.text(SECRET_ID), caller(r)));
        }
        if (!service.equals("ssm") || !"true".equalsIgnoreCase(r.text(WITH_DECRYPTION))) {
            return List.of();
        }
        return switch (name) {
            case "GetParameter" -> r.text(REQUEST_NAME) == null ? List.of() : List.of(SecretNames.parameter(r.text(REQUEST_NAME), caller(r)));
            case "GetParameters" -> texts(r.tree(PARAMETER_NAMES)).stream().map(parameter -> SecretNames.parameter(parameter, caller(r))).toList();
            case "GetParametersByPath" -> r.text(PARAMETER_PATH) == null ? List.of() : List.of(r.text(PARAMETER_PATH) + "*");
            default -> List.of();
        };
    }

    /**
     * The secret a successful call gave a new value, named by {@link SecretNames}: Secrets Manager's
     * {@code PutSecretValue}, and Parameter Store's {@code PutParameter} (a parameter created or
     * overwritten). CloudTrail leaves the value out of both, and does not say whether an
     * {@code UpdateSecret} carried one, so that call names none.
     */
    private static List<String> written(String service, String name, Record r) {
        if (r.text(ERROR_CODE) != null) {
            return List.of();
        }
        if (service.equals("secretsmanager") && name.equals("PutSecretValue") && r.text(SECRET_ID) != null) {
            return List.of(SecretNames.secret(r.text(SECRET_ID), caller(r)));
        }
        if (service.equals("ssm") && name.equals("PutParameter") && r.text(REQUEST_NAME) != null) {
            return List.of(SecretNames.parameter(r.text(REQUEST_NAME), caller(r)));
        }
        return List.of();
    }

    private static List<String> texts(JsonNode array) {
        List<String> found = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(value -> {
                if (value.isTextual() && !value.asText().isBlank()) {
                    found.add(value.asText());
                }
            });
        }
        return found;
    }

    /** The account whose credentials made the call, else the account that logged it. */
    private static String caller(Record r) {
        return firstNonNull(r.text(ID_ACCOUNT), r.text(RECIPIENT_ACCOUNT));
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
        return firstNonNull(firstNonNull(r.text(ROLE_ARN), r.text(REQUEST_NAME)), targetUser(r));
    }

    private static List<String> policyArns(JsonNode arns) {
        if (arns == null || !arns.isArray()) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        for (JsonNode entry : arns) {
            String arn = Format.text(entry, "arn");
            if (arn != null) {
                found.add(arn);
            }
        }
        return found;
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
