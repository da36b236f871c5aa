package dev.tokenward.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenward.output.Json;
import dev.tokenward.simulate.Tenant.IamUser;
import dev.tokenward.simulate.Tenant.Person;
import dev.tokenward.simulate.Tenant.Workload;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * AWS CloudTrail records (eventVersion 1.11): STS credential issuance, console sign-in and API
 * calls, with the userIdentity block each kind of caller gets.
 */
final class CloudTrailLog {

    /** Who makes a call, as its userIdentity block, and the key it signs with. */
    record Caller(ObjectNode identity, String accessKeyId, String principal) {
    }

    /**
     * An API call: service, operation, its request parameters and its response elements (null when
     * CloudTrail logs none).
     */
    record Call(String service, String name, boolean readOnly, ObjectNode request, ObjectNode response) {
        static Call of(String service, String name, boolean readOnly) {
            return new Call(service, name, readOnly, null, null);
        }

        Call with(String key, String value) {
            ObjectNode request = this.request == null ? Json.mapper().createObjectNode() : this.request.deepCopy();
            request.put(key, value);
            return new Call(service, name, readOnly, request, response);
        }

        /** The same call with these request parameters. */
        Call requesting(ObjectNode request) {
            return new Call(service, name, readOnly, request, response);
        }

        /** The same call with these response elements. */
        Call responding(ObjectNode response) {
            return new Call(service, name, readOnly, request, response);
        }
    }

    /** CloudTrail's date format in response elements: {@code Nov 5, 2026, 3:04:05 PM}. */
    static String responseDate(Instant time) {
        return EXPIRATION.format(time);
    }

    private static final DateTimeFormatter EXPIRATION = DateTimeFormatter.ofPattern("MMM d, yyyy, h:mm:ss a", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final Spool spool;
    private final Witness witness;

    CloudTrailLog(Spool spool, Witness witness) {
        this.spool = spool;
        this.witness = witness;
    }

    /**
     * Writes the record, telling the witness the principal as Tokenward names it and the key used;
     * for an AWS service assuming a role for a workload, the role session and the key it issued.
     */
    private void add(Instant time, String region, ObjectNode e) {
        ObjectNode identity = (ObjectNode) e.get("userIdentity");
        String principal = identity.hasNonNull("arn") ? identity.get("arn").asText()
                : identity.hasNonNull("userName") ? lowerIfEmail(identity.get("userName").asText())
                : e.path("responseElements").path("assumedRoleUser").path("arn").asText(null);
        String key = identity.hasNonNull("accessKeyId") ? identity.get("accessKeyId").asText()
                : e.path("responseElements").path("credentials").path("accessKeyId").asText(null);
        String account = e.path("recipientAccountId").asText(Tenant.ACCOUNT);
        if (!spool.isLost(account, region, time)) {
            witness.saw(time, principal, key);
        }
        spool.add(time, Spool.Stream.CLOUDTRAIL, account, region, e);
    }

    private static String lowerIfEmail(String name) {
        return name.contains("@") ? name.toLowerCase(Locale.ROOT) : name;
    }

    static Caller iamUser(IamUser user) {
        ObjectNode id = Json.mapper().createObjectNode().put("type", "IAMUser").put("principalId", user.userId())
                .put("arn", user.arn()).put("accountId", Tenant.ACCOUNT).put("accessKeyId", user.accessKeyId())
                .put("userName", user.name());
        return new Caller(id, user.accessKeyId(), user.arn());
    }

    static Caller role(String role, String roleId, String session, String accessKeyId, Instant created, boolean mfa, boolean ec2) {
        return role(Tenant.ACCOUNT, role, roleId, session, accessKeyId, created, mfa, ec2);
    }

    static Caller role(String account, String role, String roleId, String session, String accessKeyId, Instant created, boolean mfa,
                       boolean ec2) {
        String arn = "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session;
        ObjectNode id = Json.mapper().createObjectNode().put("type", "AssumedRole").put("principalId", roleId + ":" + session)
                .put("arn", arn).put("accountId", account).put("accessKeyId", accessKeyId);
        ObjectNode context = id.putObject("sessionContext");
        context.putObject("sessionIssuer").put("type", "Role").put("principalId", roleId)
                .put("arn", "arn:aws:iam::" + account + ":role/" + role).put("accountId", account)
                .put("userName", role);
        context.putObject("attributes").put("creationDate", created.toString()).put("mfaAuthenticated", Boolean.toString(mfa));
        if (ec2) {
            context.put("ec2RoleDelivery", "2.0");
        }
        return new Caller(id, accessKeyId, arn);
    }

    static Caller federated(IamUser issuer, String name, String accessKeyId, Instant created) {
        String arn = "arn:aws:sts::" + Tenant.ACCOUNT + ":federated-user/" + name;
        ObjectNode id = Json.mapper().createObjectNode().put("type", "FederatedUser")
                .put("principalId", Tenant.ACCOUNT + ":" + name).put("arn", arn).put("accountId", Tenant.ACCOUNT)
                .put("accessKeyId", accessKeyId);
        ObjectNode context = id.putObject("sessionContext");
        context.putObject("sessionIssuer").put("type", "IAMUser").put("principalId", issuer.userId()).put("arn", issuer.arn())
                .put("accountId", Tenant.ACCOUNT).put("userName", issuer.name());
        context.putObject("attributes").put("creationDate", created.toString()).put("mfaAuthenticated", "false");
        return new Caller(id, accessKeyId, arn);
    }

    /** A call by {@code caller} from {@code ip}: refused with {@code errorCode} unless null, through {@code vpcEndpoint} unless null. */
    void call(Instant time, String region, Caller caller, String ip, String userAgent, Call call, String errorCode,
              String vpcEndpoint, Rand rand) {
        ObjectNode e = record(time, region, caller.identity(), ip, userAgent, call.service(), call.name(), rand);
        if (errorCode != null) {
            e.put("errorCode", errorCode).put("errorMessage", "User: " + caller.principal()
                    + " is not authorized to perform: " + call.service() + ":" + call.name()
                    + " because no identity-based policy allows the " + call.service() + ":" + call.name() + " action");
        }
        if (call.request() == null) {
            e.putNull("requestParameters");
        } else {
            e.set("requestParameters", call.request());
        }
        if (call.response() == null || errorCode != null) {
            e.putNull("responseElements");
        } else {
            e.set("responseElements", call.response());
        }
        finish(e, call.readOnly(), "AwsApiCall", region, vpcEndpoint, caller.identity().path("accountId").asText(Tenant.ACCOUNT), rand);
        if (userAgent != null && userAgent.startsWith("Mozilla/")) {
            e.put("sessionCredentialFromConsole", "true");
        }
        add(time, region, e);
    }

    /** The account's and region's five-minute delivery holding {@code time} never reaches the logs. */
    void loseDelivery(String account, String region, Instant time) {
        spool.lose(account, region, time);
    }

    /** EC2 delivering instance-profile credentials to an instance: an AssumeRole by ec2.amazonaws.com. */
    String instanceCredentials(Instant time, Workload instance, Rand rand) {
        return serviceCredentials(time, instance, "ec2.amazonaws.com", instance.name(), Duration.ofHours(6), rand);
    }

    /**
     * An AWS service assuming a workload's role for it (EC2 for an instance profile, ECS for a
     * task, Lambda for a function), as CloudTrail logs it in the workload's account; returns the
     * temporary key issued.
     */
    String serviceCredentials(Instant time, Workload workload, String service, String session, Duration lifetime, Rand rand) {
        ObjectNode identity = Json.mapper().createObjectNode().put("type", "AWSService").put("invokedBy", service);
        ObjectNode e = record(time, workload.region(), identity, service, service, "sts", "AssumeRole", rand);
        e.putObject("requestParameters").put("roleArn", workload.roleArn()).put("roleSessionName", session);
        String key = rand.accessKeyId("ASIA");
        ObjectNode response = e.putObject("responseElements");
        credentials(response, key, time.plus(lifetime), rand);
        response.putObject("assumedRoleUser").put("assumedRoleId", workload.roleId() + ":" + session)
                .put("arn", workload.sessionArn(session));
        finish(e, true, "AwsApiCall", workload.region(), null, workload.account(), rand);
        e.put("sharedEventID", rand.uuid());
        add(time, workload.region(), e);
        return key;
    }

    /** The unique id IAM gave a role of the tenant's: fixed per role name. */
    static String roleId(String role) {
        return "AROA" + Integer.toHexString(role.hashCode()).toUpperCase(Locale.ROOT) + "Q3MZK7W2";
    }

    /**
     * A principal assuming a role, possibly in another account: the AssumeRole as CloudTrail
     * delivers it to the role's account. Returns the key issued.
     *
     * @param mfaSerial the MFA device the caller proved, or null
     */
    String assumeRole(Instant time, Caller source, String account, String role, String session, String ip, String userAgent,
                      String mfaSerial, Rand rand) {
        ObjectNode e = record(time, "us-east-1", source.identity().deepCopy(), ip, userAgent, "sts", "AssumeRole", rand);
        String roleArn = "arn:aws:iam::" + account + ":role/" + role;
        ObjectNode request = e.putObject("requestParameters").put("roleArn", roleArn).put("roleSessionName", session)
                .put("durationSeconds", 3600);
        if (mfaSerial != null) {
            request.put("serialNumber", mfaSerial).put("tokenCode", "HIDDEN_DUE_TO_SECURITY_REASONS");
        }
        String key = rand.accessKeyId("ASIA");
        ObjectNode response = e.putObject("responseElements");
        credentials(response, key, time.plus(Duration.ofHours(1)), rand);
        response.putObject("assumedRoleUser").put("assumedRoleId", roleId(role) + ":" + session)
                .put("arn", "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session);
        finish(e, true, "AwsApiCall", "us-east-1", null, account, rand);
        e.put("sharedEventID", rand.uuid());
        add(time, "us-east-1", e);
        return key;
    }

    /**
     * An AssumeRole the role's trust policy refuses: AccessDenied, the request logged, no
     * credentials, in the caller's account.
     */
    void assumeRoleRefused(Instant time, Caller source, String account, String role, String session, String ip, String userAgent,
                           Rand rand) {
        ObjectNode e = record(time, "us-east-1", source.identity().deepCopy(), ip, userAgent, "sts", "AssumeRole", rand);
        String roleArn = "arn:aws:iam::" + account + ":role/" + role;
        e.put("errorCode", "AccessDenied").put("errorMessage", "User: " + source.principal()
                + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
        e.putObject("requestParameters").put("roleArn", roleArn).put("roleSessionName", session).put("durationSeconds", 3600);
        e.putNull("responseElements");
        finish(e, true, "AwsApiCall", "us-east-1", null, rand);
        add(time, "us-east-1", e);
    }

    /** A person's SAML sign-in through Okta, then the console sign-in with the role session. */
    Caller samlSignIn(Instant time, Person person, Vantage from, Rand rand) {
        return samlSignIn(time, person, from, from.userAgent(), true, rand);
    }

    /**
     * A person's SAML sign-in through Okta: the role session, and when {@code console} the console
     * sign-in with it (otherwise a command-line tool such as saml2aws exchanged the assertion).
     */
    Caller samlSignIn(Instant time, Person person, Vantage from, String userAgent, boolean console, Rand rand) {
        String roleId = roleId(person.awsRole());
        ObjectNode identity = Json.mapper().createObjectNode().put("type", "SAMLUser")
                .put("principalId", "wZ0qSkL1sG6HLQ7vTNPhC4o3o5E=:" + person.login()).put("userName", person.login())
                .put("identityProvider", "wZ0qSkL1sG6HLQ7vTNPhC4o3o5E=");
        ObjectNode e = record(time, "us-east-1", identity, from.ip(), userAgent, "sts", "AssumeRoleWithSAML", rand);
        e.putObject("requestParameters").put("sAMLAssertionID", "id" + rand.base62(30)).put("roleSessionName", person.login())
                .put("roleArn", "arn:aws:iam::" + Tenant.ACCOUNT + ":role/" + person.awsRole())
                .put("principalArn", Tenant.OKTA_SAML_PROVIDER).put("durationSeconds", 3600);
        String key = rand.accessKeyId("ASIA");
        ObjectNode response = e.putObject("responseElements");
        credentials(response, key, time.plus(Duration.ofHours(1)), rand);
        Caller caller = role(person.awsRole(), roleId, person.login(), key, time, false, false);
        response.putObject("assumedRoleUser").put("assumedRoleId", roleId + ":" + person.login()).put("arn", caller.principal());
        response.put("packedPolicySize", 6).put("subject", person.login()).put("subjectType", "persistent")
                .put("issuer", Tenant.OKTA_IDP_ISSUER).put("audience", "https://signin.aws.amazon.com/saml")
                .put("nameQualifier", "wZ0qSkL1sG6HLQ7vTNPhC4o3o5E=");
        finish(e, true, "AwsApiCall", "us-east-1", null, rand);
        add(time, "us-east-1", e);
        if (!console) {
            return caller;
        }
        Instant login = time.plusMillis(rand.between(800, 2500));
        ObjectNode signIn = record(login, "us-east-1", caller.identity().deepCopy(), from.ip(), from.userAgent(), "signin",
                "ConsoleLogin", rand);
        ((ObjectNode) signIn.get("userIdentity")).remove("accessKeyId");
        signIn.putNull("requestParameters");
        signIn.putObject("responseElements").put("ConsoleLogin", "Success");
        signIn.putObject("additionalEventData").put("LoginTo", "https://console.aws.amazon.com/console/home?region=us-east-1")
                .put("MobileVersion", "No").put("MFAUsed", "No").put("SamlProviderArn", Tenant.OKTA_SAML_PROVIDER);
        finish(signIn, false, "AwsConsoleSignIn", "us-east-1", null, rand);
        add(login, "us-east-1", signIn);
        return caller;
    }

    /** An IAM user's password sign-in to the console. */
    void iamConsoleSignIn(Instant time, IamUser user, Vantage from, boolean mfa, Rand rand) {
        ObjectNode identity = iamUser(user).identity().deepCopy();
        identity.remove("accessKeyId");
        ObjectNode e = record(time, "us-east-1", identity, from.ip(), from.userAgent(), "signin", "ConsoleLogin", rand);
        e.putNull("requestParameters");
        e.putObject("responseElements").put("ConsoleLogin", "Success");
        e.putObject("additionalEventData").put("LoginTo", "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true")
                .put("MobileVersion", "No").put("MFAIdentifier", mfa ? "arn:aws:iam::" + Tenant.ACCOUNT + ":mfa/" + user.name() : null)
                .put("MFAUsed", mfa ? "Yes" : "No");
        if (!mfa) {
            ((ObjectNode) e.get("additionalEventData")).remove("MFAIdentifier");
        }
        finish(e, false, "AwsConsoleSignIn", "us-east-1", null, rand);
        add(time, "us-east-1", e);
    }

    /** A CI job exchanging its GitHub OIDC token for role credentials. */
    Caller webIdentity(Instant time, Workload pipeline, String subject, Rand rand) {
        ObjectNode identity = Json.mapper().createObjectNode().put("type", "WebIdentityUser")
                .put("principalId", Tenant.GITHUB_OIDC + ":sts.amazonaws.com:" + subject).put("userName", subject)
                .put("identityProvider", Tenant.GITHUB_OIDC);
        String agent = "aws-sdk-nodejs/2.1692.0 linux/v20.18.1 configure-aws-credentials-for-github-actions promise";
        ObjectNode e = record(time, pipeline.region(), identity, pipeline.address().ip(), agent, "sts",
                "AssumeRoleWithWebIdentity", rand);
        e.putObject("requestParameters").put("roleArn", pipeline.roleArn()).put("roleSessionName", "GitHubActions")
                .put("durationSeconds", 3600);
        String key = rand.accessKeyId("ASIA");
        ObjectNode response = e.putObject("responseElements");
        credentials(response, key, time.plus(Duration.ofHours(1)), rand);
        response.put("subjectFromWebIdentityToken", subject);
        response.putObject("assumedRoleUser").put("assumedRoleId", pipeline.roleId() + ":GitHubActions")
                .put("arn", pipeline.sessionArn("GitHubActions"));
        response.put("provider", Tenant.GITHUB_OIDC).put("audience", "sts.amazonaws.com");
        finish(e, true, "AwsApiCall", pipeline.region(), null, rand);
        add(time, pipeline.region(), e);
        Caller session = role(pipeline.role(), pipeline.roleId(), "GitHubActions", key, time, false, false);
        ((ObjectNode) session.identity().get("sessionContext")).putObject("webIdFederationData")
                .put("federatedProvider", Tenant.GITHUB_OIDC).putObject("attributes");
        return session;
    }

    /** GetFederationToken or GetSessionToken by an IAM user's long-term key; returns the new key. */
    String temporaryCredentials(Instant time, IamUser user, String ip, String userAgent, String operation, String federatedName,
                                String policyArn, String mfaSerial, Rand rand) {
        ObjectNode e = record(time, "us-east-1", iamUser(user).identity(), ip, userAgent, "sts", operation, rand);
        ObjectNode request = e.putObject("requestParameters");
        int seconds = operation.equals("GetFederationToken") ? 129_600 : 43_200;
        if (federatedName != null) {
            request.put("name", federatedName);
        }
        if (policyArn != null) {
            request.putArray("policyArns").addObject().put("arn", policyArn);
        }
        if (mfaSerial != null) {
            request.put("serialNumber", mfaSerial);
        }
        request.put("durationSeconds", seconds);
        String key = rand.accessKeyId("ASIA");
        ObjectNode response = e.putObject("responseElements");
        credentials(response, key, time.plusSeconds(seconds), rand);
        if (federatedName != null) {
            response.putObject("federatedUser").put("federatedUserId", Tenant.ACCOUNT + ":" + federatedName)
                    .put("arn", "arn:aws:sts::" + Tenant.ACCOUNT + ":federated-user/" + federatedName);
            response.put("packedPolicySize", 9);
        }
        finish(e, true, "AwsApiCall", "us-east-1", null, rand);
        add(time, "us-east-1", e);
        return key;
    }

    /** A federated user's console sign-in (through the federation endpoint's sign-in token). */
    void federatedConsoleSignIn(Instant time, Caller federated, String ip, String userAgent, Rand rand) {
        ObjectNode identity = federated.identity().deepCopy();
        identity.remove("accessKeyId");
        ObjectNode e = record(time, "us-east-1", identity, ip, userAgent, "signin", "ConsoleLogin", rand);
        e.putNull("requestParameters");
        e.putObject("responseElements").put("ConsoleLogin", "Success");
        e.putObject("additionalEventData").put("LoginTo", "https://console.aws.amazon.com/").put("MobileVersion", "No")
                .put("MFAUsed", "No");
        finish(e, false, "AwsConsoleSignIn", "us-east-1", null, rand);
        add(time, "us-east-1", e);
    }

    private static ObjectNode record(Instant time, String region, ObjectNode identity, String ip, String userAgent,
                                     String service, String name, Rand rand) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("eventVersion", service.equals("signin") ? "1.09" : "1.11");
        e.set("userIdentity", identity);
        e.put("eventTime", time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
                .put("eventSource", service + ".amazonaws.com").put("eventName", name).put("awsRegion", region)
                .put("sourceIPAddress", ip).put("userAgent", userAgent);
        return e;
    }

    private static void finish(ObjectNode e, boolean readOnly, String type, String region, String vpcEndpoint, Rand rand) {
        finish(e, readOnly, type, region, vpcEndpoint, Tenant.ACCOUNT, rand);
    }

    private static void finish(ObjectNode e, boolean readOnly, String type, String region, String vpcEndpoint, String account,
                               Rand rand) {
        e.put("requestID", type.equals("AwsConsoleSignIn") ? rand.uuid() : rand.uuid().toLowerCase(Locale.ROOT))
                .put("eventID", rand.uuid()).put("readOnly", readOnly).put("eventType", type).put("managementEvent", true)
                .put("recipientAccountId", account);
        if (vpcEndpoint != null) {
            e.put("vpcEndpointId", vpcEndpoint).put("vpcEndpointAccountId", account);
        }
        e.put("eventCategory", "Management");
        if (!type.equals("AwsConsoleSignIn")) {
            e.putObject("tlsDetails").put("tlsVersion", "TLSv1.3").put("cipherSuite", "TLS_AES_128_GCM_SHA256")
                    .put("clientProvidedHostHeader", e.get("eventSource").asText().replace(".amazonaws.com", "")
                            + "." + region + ".amazonaws.com");
        }
    }

    private static void credentials(ObjectNode response, String accessKeyId, Instant expiration, Rand rand) {
        response.putObject("credentials").put("accessKeyId", accessKeyId).put("sessionToken", rand.sessionToken())
                .put("expiration", EXPIRATION.format(expiration));
    }
}
