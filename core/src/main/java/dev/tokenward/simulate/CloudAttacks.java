package dev.tokenward.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenward.output.Json;
import dev.tokenward.simulate.CloudTrailLog.Call;
import dev.tokenward.simulate.CloudTrailLog.Caller;
import dev.tokenward.simulate.Geography.Address;
import dev.tokenward.simulate.Infrastructure.Variant;
import dev.tokenward.simulate.Storylines.Truth;
import dev.tokenward.simulate.Tenant.Person;
import dev.tokenward.simulate.Tenant.Workload;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Attacks on the AWS account: leaked and stolen long-term keys, instance credentials used
 * elsewhere, federation tokens and new users for persistence, enumeration sweeps and console
 * passwords without MFA. Each writes its CloudTrail records and fills in the truth.
 */
final class CloudAttacks {
    static final String ATTACKER_CLI = "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.0-40-generic md/arch#x86_64 "
            + "lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#kali.2024 md/prompt#off";
    static final String KALI_BOTO = "Boto3/1.34.162 md/Botocore#1.34.162 ua/2.0 os/linux#6.8.11-amd64 md/arch#x86_64 "
            + "lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.162";
    static final String GO_SDK = "aws-sdk-go-v2/1.30.3 ua/2.0 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/sts#1.30.3";

    static final String MAC_CLI = "aws-cli/2.22.35 md/awscrt#0.23.8 ua/2.1 os/macos#24.6.0 md/arch#arm64 lang/python#3.12.9 "
            + "md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off";
    private static final String CURL = "curl/8.5.0";
    private static final String[] SECRETS = {"prod/warehouse-QK3h7Z", "prod/stripe-api-8Lm2Qa", "prod/okta-api-token-Zr4tN1",
            "prod/github-deploy-key-Hc7pWd"};
    private static final String[] NEW_USERS = {"svc-monitoring-agent", "backup-operator", "ci-release-bot", "support-readonly"};

    private final Tenant tenant;
    private final Sinks sinks;
    private final Workloads workloads;
    private final Infrastructure infrastructure;

    CloudAttacks(Tenant tenant, Sinks sinks, Workloads workloads, Infrastructure infrastructure) {
        this.tenant = tenant;
        this.sinks = sinks;
        this.workloads = workloads;
        this.infrastructure = infrastructure;
    }

    /**
     * An IAM user's long-term key, with days of history from the same networks and aws-cli on the
     * user's own OS, stolen and used from a network owner it never came from, in another country,
     * with a client it never used (Boto3 on Linux, or requests signed by curl), for credential
     * access and persistence rather than volume.
     */
    Instant stolenKey(Person victim, Instant t, Variant from, Rand r, Truth truth) {
        Tenant.IamUser user = victim.iamUser();
        Caller caller = CloudTrailLog.iamUser(user);
        truth.principals.add(caller.principal());
        truth.credentials.add(caller.accessKeyId());
        boolean curl = r.chance(0.4);
        truth.variant = (curl ? "curl-sigv4+" : "boto3+") + from.id;
        String agent = curl ? CURL : KALI_BOTO;
        Address address = infrastructure.address(from, victim.home(), r);
        List<Call> calls = new ArrayList<>(List.of(Call.of("sts", "GetCallerIdentity", true),
                Call.of("iam", "ListAccessKeys", true).with("userName", user.name())));
        for (int i = 0, n = r.between(1, 3); i < n; i++) {
            calls.add(Call.of("secretsmanager", "GetSecretValue", true)
                    .with("secretId", "arn:aws:secretsmanager:us-east-1:" + Tenant.ACCOUNT + ":secret:" + r.pick(SECRETS)));
        }
        Instant at = t;
        List<Call> persistence = new ArrayList<>();
        persistence.add(Call.of("iam", "CreateAccessKey", false).with("userName", user.name())
                .responding(accessKey(user.name(), r.accessKeyId("AKIA"), at)));
        if (r.chance(0.6)) {
            persistence.add(Call.of("iam", "CreateLoginProfile", false).requesting(Json.mapper().createObjectNode()
                    .put("userName", user.name()).put("passwordResetRequired", false)).responding(loginProfile(user.name(), at)));
        }
        if (r.chance(0.6)) {
            persistence.add(Call.of("iam", "AttachUserPolicy", false).with("userName", user.name())
                    .with("policyArn", "arn:aws:iam::aws:policy/AdministratorAccess"));
        }
        calls.addAll(persistence);
        Instant last = at;
        for (Call call : calls) {
            sinks.cloudTrail().call(at, call.service().equals("secretsmanager") ? r.pick("us-east-1", "us-west-2") : "us-east-1",
                    caller, address.ip(), agent, stamped(call, at), null, null, r);
            last = at;
            at = at.plusSeconds(r.between(20, 300));
        }
        return last;
    }

    /**
     * A principal creates an IAM user and within the hour gives it an access key and a console
     * password or AdministratorAccess; the new key is then used from a network and a client its
     * creator never used. The creator is an administrator's console session (hijacked on the
     * administrator's own machine) or an IAM user's key from its usual desk.
     */
    Instant newUserPersistence(Person creator, Instant t, Variant from, Rand r, Truth truth) {
        Vantage desk = Vantage.of(creator.homeAddress(), creator.laptop());
        boolean console = creator.role() == Tenant.Role.ADMIN && (creator.iamUser() == null || r.chance(0.5));
        Caller caller;
        String agent;
        if (console) {
            caller = sinks.cloudTrail().samlSignIn(t, creator, desk, r);
            agent = desk.userAgent();
            truth.variant = "console-session+" + from.id;
        } else {
            caller = CloudTrailLog.iamUser(creator.iamUser());
            agent = Population.cliAgent(creator);
            truth.variant = "cli-key+" + from.id;
        }
        truth.principals.add(caller.principal());
        truth.credentials.add(caller.accessKeyId());
        String name = r.pick(NEW_USERS);
        String userId = r.awsUniqueId("AIDA");
        String newKey = r.accessKeyId("AKIA");
        Tenant.IamUser created = new Tenant.IamUser(name, userId, newKey, false);
        Instant at = console ? t.plusSeconds(r.between(40, 300)) : t;
        ObjectNode user = Json.mapper().createObjectNode();
        user.putObject("user").put("path", "/").put("userName", name).put("userId", userId).put("arn", created.arn())
                .put("createDate", CloudTrailLog.responseDate(at));
        List<Call> calls = new ArrayList<>(List.of(Call.of("iam", "CreateUser", false).with("userName", name).responding(user),
                Call.of("iam", "CreateAccessKey", false).with("userName", name).responding(accessKey(name, newKey, at))));
        boolean password = r.chance(0.5);
        if (password) {
            calls.add(Call.of("iam", "CreateLoginProfile", false).requesting(Json.mapper().createObjectNode().put("userName", name)
                    .put("passwordResetRequired", false)).responding(loginProfile(name, at)));
        }
        if (!password || r.chance(0.7)) {
            calls.add(Call.of("iam", "AttachUserPolicy", false).with("userName", name)
                    .with("policyArn", "arn:aws:iam::aws:policy/AdministratorAccess"));
        }
        for (Call call : calls) {
            sinks.cloudTrail().call(at, "us-east-1", caller, desk.ip(), agent, stamped(call, at), null, null, r);
            at = at.plusSeconds(r.between(30, 600));
        }
        Caller intruder = CloudTrailLog.iamUser(created);
        truth.principals.add(intruder.principal());
        truth.credentials.add(newKey);
        Address address = infrastructure.address(from, creator.home(), r);
        String tool = r.pick(KALI_BOTO, GO_SDK, ATTACKER_CLI);
        at = at.plus(Duration.ofMinutes(r.between(20, 360)));
        for (int i = 0, n = r.between(10, 30); i < n; i++) {
            at = at.plusSeconds(r.between(2, 90));
            Call call = i == 0 ? Apis.RECON.get(0) : r.pick(Apis.RECON);
            sinks.cloudTrail().call(at, i < 3 ? "us-east-1" : r.pick(Apis.REGIONS), intruder, address.ip(), tool, call, null, null, r);
        }
        return at;
    }

    /**
     * An engineer runs a command on an instance, opens a Session Manager session to it, or pushes
     * an SSH key to it through EC2 Instance Connect; minutes later the instance's role key is used
     * from the engineer's own address with the engineer's own client.
     */
    Instant operatorTakesInstanceKey(Person engineer, Workload instance, Instant t, String api, Rand r, Truth truth) {
        Vantage desk = Vantage.of(engineer.homeAddress(), engineer.laptop());
        String agent = Population.cliAgent(engineer);
        Caller caller;
        if (engineer.iamUser() != null) {
            caller = CloudTrailLog.iamUser(engineer.iamUser());
        } else {
            caller = sinks.cloudTrail().samlSignIn(t.minusSeconds(r.between(30, 240)), engineer, desk,
                    "aws-sdk-go/1.55.5 (go1.22.5; darwin; arm64)", false, r);
        }
        truth.variant = api;
        truth.principals.add(caller.principal());
        String sessionName = caller.principal().substring(caller.principal().lastIndexOf('/') + 1);
        Call call = switch (api) {
            case "ssm-send-command" -> {
                ObjectNode request = Json.mapper().createObjectNode().put("documentName", "AWS-RunShellScript")
                        .put("parameters", "HIDDEN_DUE_TO_SECURITY_REASONS").put("interactive", false);
                request.putArray("instanceIds").add(instance.name());
                ObjectNode response = Json.mapper().createObjectNode();
                ObjectNode command = response.putObject("command").put("commandId", r.uuid().toLowerCase(java.util.Locale.ROOT))
                        .put("documentName", "AWS-RunShellScript").put("documentVersion", "$DEFAULT").put("comment", "")
                        .put("expiresAfter", CloudTrailLog.responseDate(t.plus(Duration.ofHours(2))))
                        .put("parameters", "HIDDEN_DUE_TO_SECURITY_REASONS");
                command.putArray("instanceIds").add(instance.name());
                command.putArray("targets");
                command.put("requestedDateTime", CloudTrailLog.responseDate(t)).put("status", "Pending")
                        .put("statusDetails", "Pending").put("outputS3Region", instance.region()).put("outputS3BucketName", "")
                        .put("outputS3KeyPrefix", "").put("maxConcurrency", "50").put("maxErrors", "0").put("targetCount", 1)
                        .put("completedCount", 0).put("errorCount", 0).put("deliveryTimedOutCount", 0).put("serviceRole", "")
                        .put("timeoutSeconds", 3600).put("interactive", false);
                yield Call.of("ssm", "SendCommand", false).requesting(request).responding(response);
            }
            case "ssm-start-session" -> {
                String session = sessionName + "-" + r.hex(17);
                ObjectNode response = Json.mapper().createObjectNode().put("sessionId", session)
                        .put("tokenValue", "Value hidden due to security reasons.")
                        .put("streamUrl", "wss://ssmmessages." + instance.region() + ".amazonaws.com/v1/data-channel/" + session
                                + "?role=publish_subscribe");
                yield Call.of("ssm", "StartSession", false).with("target", instance.name()).responding(response);
            }
            default -> Call.of("ec2-instance-connect", "SendSSHPublicKey", false).requesting(Json.mapper().createObjectNode()
                            .put("instanceId", instance.name()).put("availabilityZone", instance.region() + r.pick("a", "b", "c"))
                            .put("instanceOSUser", "ec2-user").put("sSHPublicKey", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + r.base64url(43)
                                    .replace('-', '+').replace('_', '/') + " " + sessionName))
                    .responding(Json.mapper().createObjectNode().put("requestId", r.uuid()).put("success", true));
        };
        sinks.cloudTrail().call(t, instance.region(), caller, desk.ip(), agent, call, null, null, r);
        Instant at = t.plus(Duration.ofMinutes(r.between(2, 15)));
        Caller held = instanceKey(instance, at, false, r, truth);
        for (int i = 0, n = r.between(5, 20); i < n; i++) {
            at = at.plusSeconds(r.between(5, 120));
            sinks.cloudTrail().call(at, instance.region(), held, desk.ip(), agent, r.pick(Apis.INSTANCE), null, null, r);
        }
        return at;
    }

    /**
     * An instance's role key used by aws-cli on a Mac (its user agent sometimes in the bracketed
     * form CloudTrail logs for some services), from a block no network announces, sometimes with the
     * key marked as delivered by IMDSv1.
     */
    Instant instanceKeyOnDesktop(Workload instance, Instant t, String how, Rand r, Truth truth) {
        truth.variant = how;
        Geography.Network unannounced = tenant.geography.networks(Geography.Kind.UNANNOUNCED).get(0);
        Address address = tenant.geography.address(unannounced, tenant.hq, r);
        Caller held = instanceKey(instance, t, how.equals("imdsv1"), r, truth);
        Instant at = t;
        for (int i = 0, n = r.between(6, 25); i < n; i++) {
            at = i == 0 ? at : at.plusSeconds(r.between(5, 240));
            Call call = r.pick(Apis.DESKTOP);
            String command = call.service() + "." + call.name().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
            String agent = MAC_CLI + " md/command#" + command;
            if (!how.equals("macos-cli") && r.chance(0.6)) {
                agent = "[" + agent + "]";
            }
            sinks.cloudTrail().call(at, instance.region(), held, address.ip(), agent, call, null, null, r);
        }
        return at;
    }

    /** The key the instance holds at {@code at}, as its caller identity (IMDSv1 delivery if asked), named in the truth. */
    private Caller instanceKey(Workload instance, Instant at, boolean imdsV1, Rand r, Truth truth) {
        Workloads.Issued issued = workloads.keyAt(instance, at);
        String key = issued != null ? issued.key() : sinks.cloudTrail().instanceCredentials(at.minusSeconds(r.between(60, 600)),
                instance, r);
        Instant created = issued != null ? issued.at() : at;
        Caller caller = CloudTrailLog.role(instance.account(), instance.role(), instance.roleId(), instance.name(), key, created,
                false, true);
        if (imdsV1) {
            ((ObjectNode) caller.identity().get("sessionContext")).put("ec2RoleDelivery", "1.0");
        }
        truth.principals.add(caller.principal());
        truth.credentials.add(key);
        return caller;
    }

    /** The call with its response's creation date set to when it was made. */
    private static Call stamped(Call call, Instant at) {
        if (call.response() == null) {
            return call;
        }
        ObjectNode response = call.response().deepCopy();
        response.forEach(element -> {
            if (element instanceof ObjectNode object && object.has("createDate")) {
                object.put("createDate", CloudTrailLog.responseDate(at));
            }
        });
        return call.responding(response);
    }

    private static ObjectNode accessKey(String user, String key, Instant at) {
        ObjectNode response = Json.mapper().createObjectNode();
        response.putObject("accessKey").put("userName", user).put("accessKeyId", key).put("status", "Active")
                .put("createDate", CloudTrailLog.responseDate(at));
        return response;
    }

    private static ObjectNode loginProfile(String user, Instant at) {
        ObjectNode response = Json.mapper().createObjectNode();
        response.putObject("loginProfile").put("userName", user).put("createDate", CloudTrailLog.responseDate(at))
                .put("passwordResetRequired", false);
        return response;
    }

    /** The victim's IAM user key in the attacker's hands, as the truth names it. */
    private static Caller leakedUserKey(Person victim, Variant from, Truth truth) {
        Caller caller = CloudTrailLog.iamUser(victim.iamUser());
        truth.principals.add(caller.principal());
        truth.credentials.add(caller.accessKeyId());
        truth.variant = from.id;
        return caller;
    }

    /** An IAM user's long-term key, leaked in a repository, swept across regions for reconnaissance. */
    Instant leakedKey(Person victim, Instant t, Variant from, Rand r, Truth truth) {
        Caller caller = leakedUserKey(victim, from, truth);
        Address address = infrastructure.address(from, victim.home(), r);
        String agent = r.pick(ATTACKER_CLI, Workloads.BOTO, "TruffleHog", GO_SDK);
        Instant at = t;
        sinks.cloudTrail().call(at, "us-east-1", caller, address.ip(), agent, Apis.RECON.get(0), null, null, r);
        for (int i = 0, n = r.between(30, 90); i < n; i++) {
            at = at.plusSeconds(r.between(1, 20));
            Call call = r.pick(Apis.RECON);
            boolean denied = call.service().equals("organizations") || call.service().equals("guardduty") || r.chance(0.15);
            sinks.cloudTrail().call(at, r.pick(Apis.REGIONS), caller, address.ip(), agent, call,
                    denied ? "AccessDenied" : null, null, r);
        }
        return at;
    }

    /** An instance's fresh role credentials, read from its metadata service, used outside it. */
    Instant instanceExfiltration(Workload instance, Instant t, Variant from, Rand r, Truth truth) {
        String key = sinks.cloudTrail().instanceCredentials(t, instance, r);
        Caller caller = CloudTrailLog.role(instance.role(), instance.roleId(), instance.name(), key, t, false, true);
        truth.principals.add(caller.principal());
        truth.credentials.add(key);
        truth.variant = from.id;
        sinks.cloudTrail().call(t.plusSeconds(r.between(20, 200)), instance.region(), caller, instance.privateIp(),
                Workloads.SSM_AGENT, Apis.SSM_HEARTBEAT.with("instanceId", instance.name()), null, workloads.endpoint(instance), r);
        Address address = infrastructure.address(from, instance.address().city(), r);
        String agent = r.pick(ATTACKER_CLI, KALI_BOTO);
        Instant at = t.plus(Duration.ofMinutes(r.between(10, 90)));
        for (int i = 0, n = r.between(8, 25); i < n; i++) {
            at = at.plusSeconds(r.between(3, 90));
            Call call = r.chance(0.4) ? Apis.INSTANCE.get(1) : r.pick(Apis.RECON);
            sinks.cloudTrail().call(at, instance.region(), caller, address.ip(), agent, call,
                    call.service().equals("iam") ? "AccessDenied" : null, null, r);
        }
        return at;
    }

    /** Role names an intruder tries first: the usual administrator and automation roles of an AWS organisation. */
    private static final List<String> LIKELY_ROLES = List.of("OrganizationAccountAccessRole", "Admin", "Administrator",
            "AdministratorAccess", "PowerUser", "DevOps", "Terraform", "BreakGlass", "CrossAccountAdmin", "Deploy", "SecurityAudit");

    /**
     * A leaked key finds out which roles it can become (Pacu's role assumption, or by hand): AssumeRole
     * on the likely roles of the main account and a member account, refused but for one (an old
     * trust policy in the member account that lets any of the organisation's users in), then
     * enumeration with the role session.
     */
    Instant roleSweep(Person victim, Instant t, Variant from, Rand r, Truth truth) {
        Caller user = leakedUserKey(victim, from, truth);
        Address address = infrastructure.address(from, victim.home(), r);
        String agent = r.pick(ATTACKER_CLI, KALI_BOTO, GO_SDK);
        sinks.cloudTrail().call(t, "us-east-1", user, address.ip(), agent, Apis.RECON.get(0), null, null, r);
        List<String> roles = new ArrayList<>(LIKELY_ROLES);
        for (int i = roles.size() - 1; i > 0; i--) {
            java.util.Collections.swap(roles, i, r.below(i + 1));
        }
        int refused = r.between(4, 9);
        String session = r.pick("pacu", "session", victim.iamUser().name(), "test");
        Instant at = t.plusSeconds(r.between(20, 180));
        String member = r.pick(Tenant.MEMBER_ACCOUNTS);
        for (int i = 0; i < refused; i++) {
            at = at.plusSeconds(r.between(1, 40));
            String account = r.chance(0.7) ? Tenant.ACCOUNT : member;
            sinks.cloudTrail().assumeRoleRefused(at, user, account, roles.get(i), session, address.ip(), agent, r);
        }
        at = at.plusSeconds(r.between(1, 40));
        String role = roles.get(refused);
        String key = sinks.cloudTrail().assumeRole(at, user, member, role, session, address.ip(), agent, null, r);
        Caller assumed = CloudTrailLog.role(member, role, CloudTrailLog.roleId(role), session, key, at, false, false);
        truth.principals.add(assumed.principal());
        truth.credentials.add(key);
        for (int i = 0, n = r.between(10, 40); i < n; i++) {
            at = at.plusSeconds(r.between(1, 30));
            sinks.cloudTrail().call(at, r.pick(Apis.REGIONS), assumed, address.ip(), agent, r.pick(Apis.RECON), null, null, r);
        }
        return at;
    }

    /**
     * A leaked key asks for a federation token with AdministratorAccess; the federated user signs
     * in to the console and creates an IAM user with a key of its own.
     */
    Instant federation(Person victim, Instant t, Variant from, Rand r, Truth truth) {
        Caller user = leakedUserKey(victim, from, truth);
        Address address = infrastructure.address(from, victim.home(), r);
        String agent = r.pick(ATTACKER_CLI, KALI_BOTO);
        sinks.cloudTrail().call(t, "us-east-1", user, address.ip(), agent, Apis.RECON.get(0), null, null, r);
        String name = r.pick("backup-svc", "admin", "support", "monitoring-sync");
        Instant issued = t.plusSeconds(r.between(30, 300));
        String key = sinks.cloudTrail().temporaryCredentials(issued, victim.iamUser(), address.ip(), agent, "GetFederationToken",
                name, "arn:aws:iam::aws:policy/AdministratorAccess", null, r);
        Caller federated = CloudTrailLog.federated(victim.iamUser(), name, key, issued);
        truth.principals.add(federated.principal());
        truth.credentials.add(key);
        Address second = r.chance(0.5) ? address : infrastructure.address(from, victim.home(), r);
        Instant at = issued.plus(Duration.ofMinutes(r.between(2, 30)));
        sinks.cloudTrail().federatedConsoleSignIn(at, federated, second.ip(), IdentityAttacks.ATTACKER_BROWSER, r);
        String newUser = r.pick("svc-backup-2", "aws-support-ops", "ci-deployer-legacy");
        List<Call> persistence = List.of(Call.of("iam", "ListUsers", true),
                Call.of("iam", "CreateUser", false).with("userName", newUser),
                Call.of("iam", "AttachUserPolicy", false).with("userName", newUser)
                        .with("policyArn", "arn:aws:iam::aws:policy/AdministratorAccess"),
                Call.of("iam", "CreateAccessKey", false).with("userName", newUser),
                Call.of("secretsmanager", "ListSecrets", true), Call.of("s3", "ListBuckets", true));
        for (Call call : persistence) {
            at = at.plusSeconds(r.between(10, 120));
            sinks.cloudTrail().call(at, "us-east-1", federated, second.ip(), IdentityAttacks.ATTACKER_BROWSER, call, null, null, r);
        }
        return at;
    }

    /** Someone with the victim's console session sweeps the account's configuration from the victim's own network. */
    Instant enumeration(Person victim, Instant t, Rand r, Truth truth) {
        Vantage from = Vantage.of(victim.homeAddress(), victim.laptop());
        Caller caller = sinks.cloudTrail().samlSignIn(t, victim, from, r);
        truth.principals.add(caller.principal());
        truth.credentials.add(caller.accessKeyId());
        boolean boto = r.chance(0.5);
        truth.variant = boto ? "boto3-from-victims-network" : "aws-cli-from-victims-network";
        String agent = boto ? Workloads.BOTO : "aws-cli/2.22.35 md/awscrt#0.23.8 ua/2.1 os/linux#6.8.0 md/arch#x86_64 "
                + "lang/python#3.12.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off";
        Instant at = t.plus(Duration.ofMinutes(r.between(2, 20)));
        for (Call call : Apis.enumeration()) {
            at = at.plusMillis(r.between(200, 2500));
            sinks.cloudTrail().call(at, "us-east-1", caller, from.ip(), agent, call, null, null, r);
        }
        for (String region : Apis.REGIONS) {
            for (Call call : Apis.REGIONAL) {
                at = at.plusMillis(r.between(200, 2500));
                sinks.cloudTrail().call(at, region, caller, from.ip(), agent, call, null, null, r);
            }
        }
        return at;
    }

    /** An IAM user's console password, phished or reused, works without a second factor. */
    Instant consoleWithoutMfa(Person victim, Instant t, Variant from, Rand r, Truth truth) {
        Tenant.IamUser user = victim.iamUser();
        truth.principals.add(user.arn());
        truth.variant = from.id;
        Vantage attacker = Vantage.tool(infrastructure.address(from, victim.home(), r), IdentityAttacks.ATTACKER_BROWSER);
        sinks.cloudTrail().iamConsoleSignIn(t, user, attacker, false, r);
        String consoleKey = r.accessKeyId("ASIA");
        truth.credentials.add(consoleKey);
        Caller console = new Caller(CloudTrailLog.iamUser(user).identity().deepCopy().put("accessKeyId", consoleKey),
                consoleKey, user.arn());
        Instant at = t;
        for (Call call : List.of(Call.of("iam", "ListUsers", true), Call.of("iam", "ListAccessKeys", true),
                Call.of("secretsmanager", "ListSecrets", true), Call.of("s3", "ListBuckets", true))) {
            at = at.plusSeconds(r.between(15, 180));
            sinks.cloudTrail().call(at, "us-east-1", console, attacker.ip(), attacker.userAgent(), call, null, null, r);
        }
        return at;
    }
}
