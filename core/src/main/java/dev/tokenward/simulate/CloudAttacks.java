package dev.tokenward.simulate;

import dev.tokenward.simulate.CloudTrailLog.Call;
import dev.tokenward.simulate.CloudTrailLog.Caller;
import dev.tokenward.simulate.Geography.Address;
import dev.tokenward.simulate.Infrastructure.Variant;
import dev.tokenward.simulate.Storylines.Truth;
import dev.tokenward.simulate.Tenant.Person;
import dev.tokenward.simulate.Tenant.Workload;

import java.time.Duration;
import java.time.Instant;
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

    private final Sinks sinks;
    private final Workloads workloads;
    private final Infrastructure infrastructure;

    CloudAttacks(Sinks sinks, Workloads workloads, Infrastructure infrastructure) {
        this.sinks = sinks;
        this.workloads = workloads;
        this.infrastructure = infrastructure;
    }

    /** An IAM user's long-term key, leaked in a repository, swept across regions for reconnaissance. */
    Instant leakedKey(Person victim, Instant t, Variant from, Rand r, Truth truth) {
        Caller caller = CloudTrailLog.iamUser(victim.iamUser());
        truth.principals.add(caller.principal());
        truth.credentials.add(caller.accessKeyId());
        truth.variant = from.id;
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

    /**
     * A leaked key asks for a federation token with AdministratorAccess; the federated user signs
     * in to the console and creates an IAM user with a key of its own.
     */
    Instant federation(Person victim, Instant t, Variant from, Rand r, Truth truth) {
        Caller user = CloudTrailLog.iamUser(victim.iamUser());
        truth.principals.add(user.principal());
        truth.credentials.add(user.accessKeyId());
        truth.variant = from.id;
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
