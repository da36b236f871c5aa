package dev.tokenward.simulate;

import dev.tokenward.evaluate.Storyline;
import dev.tokenward.simulate.CloudTrailLog.Call;
import dev.tokenward.simulate.CloudTrailLog.Caller;
import dev.tokenward.simulate.Geography.Address;
import dev.tokenward.simulate.Geography.City;

import dev.tokenward.simulate.Tenant.Person;
import dev.tokenward.simulate.Tenant.Workload;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Attacks injected into the benign telemetry, and benign look-alikes (decoys). Each play writes
 * its records and returns the ground truth: who, which credentials, when, and which analytics
 * should fire (none, for a decoy).
 */
final class Storylines {

    /** The kinds of storyline, with the analytics expected to detect each. */
    enum Kind {
        AITM_SESSION_REPLAY("aitm-session-replay", "credential-roaming", "impossible-travel"),
        REFRESH_TOKEN_REPLAY("refresh-token-replay", "credential-roaming", "impossible-travel"),
        LEAKED_ACCESS_KEY("leaked-access-key", "credential-roaming", "mass-api-access"),
        INSTANCE_CREDENTIAL_EXFILTRATION("instance-credential-exfiltration", "workload-credential-exfiltration",
                "credential-roaming"),
        FEDERATION_TOKEN_PERSISTENCE("federation-token-persistence", "federation-token-abuse", "credential-roaming",
                "new-credential-unusual-api"),
        PASSWORD_SPRAY_THEN_SESSION("password-spray-then-session", "failures-then-access"),
        MFA_FATIGUE("mfa-fatigue", "failures-then-access"),
        OAUTH_CONSENT_PHISHING("oauth-consent-phishing", "oauth-consent-then-use"),
        API_ENUMERATION_BURST("api-enumeration-burst", "mass-api-access"),
        CONSOLE_LOGIN_WITHOUT_MFA("console-login-without-mfa", "mfa-not-satisfied"),
        UNISSUED_SESSION_USE("unissued-session-use", "credential-without-authentication"),
        DECOY_BUSINESS_TRIP("decoy-business-trip"),
        DECOY_NEW_LAPTOP("decoy-new-laptop"),
        DECOY_SESSION_TOKEN("decoy-session-token"),
        DECOY_PHONE_ROAMING("decoy-phone-roaming");

        final String id;
        final List<String> analytics;

        Kind(String id, String... analytics) {
            this.id = id;
            this.analytics = List.of(analytics);
        }

        boolean decoy() {
            return analytics.isEmpty();
        }
    }

    private static final String PYTHON = "python-requests/2.32.3";
    private static final String ATTACKER_BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/153.0.0.0 Safari/537.36";
    private static final String ATTACKER_CLI = "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.0-40-generic md/arch#x86_64 "
            + "lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#kali.2024 md/prompt#off";
    private static final String[] CONSENT_APPS = {"Mail Archiver Pro", "DocuSign eSignature Viewer", "PDF Converter Online",
            "Secure Voicemail Access", "Teams Meeting Notes AI"};

    private final Tenant tenant;
    private final Geography geography;
    private final Sinks sinks;
    private final Workloads workloads;

    Storylines(Tenant tenant, Sinks sinks, Workloads workloads) {
        this.tenant = tenant;
        this.geography = tenant.geography;
        this.sinks = sinks;
        this.workloads = workloads;
    }

    /** Who a kind can happen to. */
    static Predicate<Person> eligible(Kind kind) {
        return switch (kind) {
            case LEAKED_ACCESS_KEY, FEDERATION_TOKEN_PERSISTENCE, DECOY_SESSION_TOKEN -> p -> p.iamUser() != null;
            case CONSOLE_LOGIN_WITHOUT_MFA -> p -> p.iamUser() != null && p.iamUser().consolePassword();
            case API_ENUMERATION_BURST -> p -> p.awsRole() != null;
            case DECOY_PHONE_ROAMING -> p -> p.carrier() != null;
            default -> p -> true;
        };
    }

    /** Plays an attack or a non-travel decoy starting at {@code start}; trips and laptops are set up by the plan. */
    Storyline play(String id, Kind kind, Person victim, Workload workload, Instant start, Rand r) {
        Set<String> principals = new LinkedHashSet<>();
        Set<String> credentials = new LinkedHashSet<>();
        Instant end = switch (kind) {
            case AITM_SESSION_REPLAY -> aitm(victim, start, r, principals, credentials);
            case REFRESH_TOKEN_REPLAY -> refreshTokenReplay(victim, start, r, principals, credentials);
            case LEAKED_ACCESS_KEY -> leakedKey(victim, start, r, principals, credentials);
            case INSTANCE_CREDENTIAL_EXFILTRATION -> instanceExfiltration(workload, start, r, principals, credentials);
            case FEDERATION_TOKEN_PERSISTENCE -> federation(victim, start, r, principals, credentials);
            case PASSWORD_SPRAY_THEN_SESSION -> spray(victim, start, r, principals, credentials);
            case MFA_FATIGUE -> fatigue(victim, start, r, principals, credentials);
            case OAUTH_CONSENT_PHISHING -> consent(victim, start, r, principals, credentials);
            case API_ENUMERATION_BURST -> enumeration(victim, start, r, principals, credentials);
            case CONSOLE_LOGIN_WITHOUT_MFA -> consoleWithoutMfa(victim, start, r, principals, credentials);
            case UNISSUED_SESSION_USE -> unissued(victim, start, r, principals, credentials);
            case DECOY_SESSION_TOKEN -> sessionToken(victim, start, r, principals, credentials);
            case DECOY_BUSINESS_TRIP, DECOY_NEW_LAPTOP, DECOY_PHONE_ROAMING -> {
                principals.add(victim.login());
                yield start.plus(Duration.ofDays(1));
            }
        };
        return new Storyline(id, kind.id, List.copyOf(principals), List.copyOf(credentials), start, end, kind.analytics,
                kind.decoy());
    }

    private Address hosting(Rand r, City awayFrom) {
        List<Geography.Network> far = geography.networks(Geography.Kind.HOSTING).stream()
                .filter(n -> n.city().kilometresTo(awayFrom) > 1500).toList();
        Geography.Network network = r.pick(far.isEmpty() ? geography.networks(Geography.Kind.HOSTING) : far);
        return geography.address(network, network.city(), r);
    }

    private Address residentialAbroad(Rand r, City awayFrom) {
        City city = r.pick(geography.city("Lagos"), geography.city("São Paulo"), geography.city("Bucharest"));
        if (city.name().equals("Bucharest")) {
            return hosting(r, awayFrom);
        }
        return geography.address(geography.networks(Geography.Kind.RESIDENTIAL, city).get(0), city, r);
    }

    private Vantage home(Person victim) {
        return Vantage.of(victim.homeAddress(), victim.laptop());
    }

    /** Phished through an adversary-in-the-middle proxy; the captured session is replayed from elsewhere. */
    private Instant aitm(Person victim, Instant t, Rand r, Set<String> principals, Set<String> credentials) {
        principals.add(victim.login());
        Address proxy = hosting(r, victim.home());
        Vantage relayed = new Vantage(proxy, null, victim.laptop().userAgent(), null);
        Vantage attacker = Vantage.tool(hosting(r, proxy.city()), r.chance(0.5) ? victim.laptop().userAgent() : ATTACKER_BROWSER);
        Instant at = t;
        if (r.chance(0.5)) {
            String session = "idx" + r.base62(22);
            credentials.add(session);
            sinks.okta().signInAttempt(at, victim, relayed, session, true, r);
            sinks.okta().pushSent(at.plusSeconds(2), victim, relayed, session, r);
            sinks.okta().pushAnswered(at.plusSeconds(r.between(6, 20)), victim, relayed, session, "approved", r);
            at = at.plus(Duration.ofMinutes(r.between(4, 40)));
            for (int i = 0, n = r.between(3, 8); i < n; i++) {
                at = at.plusSeconds(r.between(30, 400));
                sinks.okta().singleSignOn(at, victim, attacker, session,
                        r.pick(OktaLog.OFFICE_365, OktaLog.SALESFORCE, OktaLog.ATLASSIAN, OktaLog.SLACK), r);
            }
        } else {
            String session = r.uuid();
            credentials.add(session);
            sinks.entra().userSignIn(at, victim, relayed, EntraLog.OFFICE_HOME, EntraLog.OFFICE_HOME, session, true, "fresh", 0, r);
            at = at.plus(Duration.ofMinutes(r.between(4, 40)));
            for (int i = 0, n = r.between(3, 8); i < n; i++) {
                at = at.plusSeconds(r.between(60, 600));
                sinks.entra().userSignIn(at, victim, attacker, EntraLog.OUTLOOK_WEB, r.pick(EntraLog.EXCHANGE, EntraLog.SHAREPOINT),
                        session, false, "claim", 0, r);
            }
        }
        return at;
    }

    /** A refresh token lifted from the victim's laptop, redeemed from abroad by a script. */
    private Instant refreshTokenReplay(Person victim, Instant t, Rand r, Set<String> principals, Set<String> credentials) {
        principals.add(victim.login());
        String session = r.uuid();
        credentials.add(session);
        sinks.entra().userSignIn(t, victim, home(victim), EntraLog.OFFICE_DESKTOP, EntraLog.OFFICE_HOME, session, true, "fresh", 0, r);
        Instant at = t.plus(Duration.ofMinutes(r.between(88, 580)));
        Vantage attacker = Vantage.tool(residentialAbroad(r, victim.home()), r.pick(PYTHON, "Mozilla/5.0 (compatible; MSAL 1.0) "
                + "PKeyAuth/1.0", "azurehound/v2.2.1"));
        for (int i = 0, n = r.between(4, 12); i < n; i++) {
            at = at.plusSeconds(r.between(120, 1200));
            sinks.entra().userSignIn(at, victim, attacker, EntraLog.OFFICE_DESKTOP, r.pick(EntraLog.GRAPH, EntraLog.EXCHANGE),
                    session, false, "claim", 0, r);
        }
        return at;
    }

    private Instant leakedKey(Person victim, Instant t, Rand r, Set<String> principals, Set<String> credentials) {
        Caller caller = CloudTrailLog.iamUser(victim.iamUser());
        principals.add(caller.principal());
        credentials.add(caller.accessKeyId());
        Address from = r.chance(0.6) ? hosting(r, victim.home()) : residentialAbroad(r, victim.home());
        String agent = r.pick(ATTACKER_CLI, Workloads.BOTO, "TruffleHog");
        Instant at = t;
        sinks.cloudTrail().call(at, "us-east-1", caller, from.ip(), agent, Apis.RECON.get(0), null, null, r);
        for (int i = 0, n = r.between(30, 90); i < n; i++) {
            at = at.plusSeconds(r.between(1, 20));
            Call call = r.pick(Apis.RECON);
            boolean denied = call.service().equals("organizations") || call.service().equals("guardduty") || r.chance(0.15);
            sinks.cloudTrail().call(at, r.pick(Apis.REGIONS), caller, from.ip(), agent, call,
                    denied ? "AccessDenied" : null, null, r);
        }
        return at;
    }

    private Instant instanceExfiltration(Workload instance, Instant t, Rand r, Set<String> principals, Set<String> credentials) {
        String key = sinks.cloudTrail().instanceCredentials(t, instance, r);
        Caller caller = CloudTrailLog.role(instance.role(), instance.roleId(), instance.name(), key, t, false, true);
        principals.add(caller.principal());
        credentials.add(key);
        sinks.cloudTrail().call(t.plusSeconds(r.between(20, 200)), instance.region(), caller, instance.privateIp(),
                Workloads.SSM_AGENT, Apis.SSM_HEARTBEAT.with("instanceId", instance.name()), null, workloads.endpoint(instance), r);
        Address from = r.chance(0.5) ? hosting(r, instance.address().city())
                : residentialAbroad(r, instance.address().city());
        String agent = r.pick(ATTACKER_CLI, Workloads.BOTO);
        Instant at = t.plus(Duration.ofMinutes(r.between(10, 90)));
        for (int i = 0, n = r.between(8, 25); i < n; i++) {
            at = at.plusSeconds(r.between(3, 90));
            Call call = r.chance(0.4) ? Apis.INSTANCE.get(1) : r.pick(Apis.RECON);
            sinks.cloudTrail().call(at, instance.region(), caller, from.ip(), agent, call,
                    call.service().equals("iam") ? "AccessDenied" : null, null, r);
        }
        return at;
    }

    private Instant federation(Person victim, Instant t, Rand r, Set<String> principals, Set<String> credentials) {
        Caller user = CloudTrailLog.iamUser(victim.iamUser());
        principals.add(user.principal());
        credentials.add(user.accessKeyId());
        Address from = hosting(r, victim.home());
        String agent = r.pick(ATTACKER_CLI, Workloads.BOTO);
        sinks.cloudTrail().call(t, "us-east-1", user, from.ip(), agent, Apis.RECON.get(0), null, null, r);
        String name = r.pick("backup-svc", "admin", "support", "monitoring-sync");
        Instant issued = t.plusSeconds(r.between(30, 300));
        String key = sinks.cloudTrail().temporaryCredentials(issued, victim.iamUser(), from.ip(), agent, "GetFederationToken",
                name, "arn:aws:iam::aws:policy/AdministratorAccess", null, r);
        Caller federated = CloudTrailLog.federated(victim.iamUser(), name, key, issued);
        principals.add(federated.principal());
        credentials.add(key);
        Address second = r.chance(0.5) ? from : hosting(r, victim.home());
        Instant at = issued.plus(Duration.ofMinutes(r.between(2, 30)));
        sinks.cloudTrail().federatedConsoleSignIn(at, federated, second.ip(), ATTACKER_BROWSER, r);
        String newUser = r.pick("svc-backup-2", "aws-support-ops", "ci-deployer-legacy");
        List<Call> persistence = List.of(Call.of("iam", "ListUsers", true),
                Call.of("iam", "CreateUser", false).with("userName", newUser),
                Call.of("iam", "AttachUserPolicy", false).with("userName", newUser)
                        .with("policyArn", "arn:aws:iam::aws:policy/AdministratorAccess"),
                Call.of("iam", "CreateAccessKey", false).with("userName", newUser),
                Call.of("secretsmanager", "ListSecrets", true), Call.of("s3", "ListBuckets", true));
        for (Call call : persistence) {
            at = at.plusSeconds(r.between(10, 120));
            sinks.cloudTrail().call(at, "us-east-1", federated, second.ip(), ATTACKER_BROWSER, call, null, null, r);
        }
        return at;
    }

    /** One address tries a common password against many people; one of them works. */
    private Instant spray(Person victim, Instant t, Rand r, Set<String> principals, Set<String> credentials) {
        Vantage attacker = Vantage.tool(hosting(r, victim.home()), r.pick(PYTHON, ATTACKER_BROWSER));
        List<Person> targets = new ArrayList<>(tenant.people);
        Instant at = t;
        int sprayed = Math.min(targets.size() - 1, r.between(15, 40));
        for (int i = 0; i < sprayed; i++) {
            Person target = targets.get(r.below(targets.size()));
            if (target.equals(victim)) {
                continue;
            }
            principals.add(target.login());
            sinks.okta().signInAttempt(at, target, attacker, null, false, r);
            at = at.plusSeconds(r.between(20, 90));
        }
        principals.add(victim.login());
        String session = "idx" + r.base62(22);
        credentials.add(session);
        sinks.okta().signInAttempt(at, victim, attacker, session, true, r);
        sinks.okta().pushSent(at.plusSeconds(1), victim, attacker, session, r);
        at = at.plusSeconds(r.between(10, 60));
        sinks.okta().pushAnswered(at, victim, attacker, session, "approved", r);
        for (int i = 0, n = r.between(2, 5); i < n; i++) {
            at = at.plusSeconds(r.between(30, 300));
            sinks.okta().singleSignOn(at, victim, attacker, session, r.pick(OktaLog.OFFICE_365, OktaLog.SALESFORCE), r);
        }
        return at;
    }

    /** The password is known; pushes are sent until the victim gives in. */
    private Instant fatigue(Person victim, Instant t, Rand r, Set<String> principals, Set<String> credentials) {
        principals.add(victim.login());
        Vantage attacker = Vantage.tool(residentialAbroad(r, victim.home()), ATTACKER_BROWSER);
        String session = "idx" + r.base62(22);
        credentials.add(session);
        Instant at = t;
        sinks.okta().signInAttempt(at, victim, attacker, session, true, r);
        for (int i = 0, n = r.between(5, 12); i < n; i++) {
            at = at.plusSeconds(r.between(20, 120));
            sinks.okta().pushSent(at, victim, attacker, session, r);
            at = at.plusSeconds(r.between(5, 60));
            sinks.okta().pushAnswered(at, victim, attacker, session, r.chance(0.6) ? "denied" : "timed out", r);
        }
        at = at.plusSeconds(r.between(20, 120));
        sinks.okta().pushSent(at, victim, attacker, session, r);
        at = at.plusSeconds(r.between(5, 30));
        sinks.okta().pushAnswered(at, victim, attacker, session, "approved", r);
        for (int i = 0, n = r.between(2, 5); i < n; i++) {
            at = at.plusSeconds(r.between(30, 300));
            sinks.okta().singleSignOn(at, victim, attacker, session, r.pick(OktaLog.OFFICE_365, OktaLog.SLACK), r);
        }
        return at;
    }

    /** The victim grants a lookalike app mail and file access; its backend then reads with the tokens. */
    private Instant consent(Person victim, Instant t, Rand r, Set<String> principals, Set<String> credentials) {
        principals.add(victim.login());
        EntraLog.App app = new EntraLog.App(r.uuid(), r.pick(CONSENT_APPS));
        String servicePrincipal = r.uuid();
        credentials.add(app.id());
        Vantage victimAt = home(victim);
        String session = r.uuid();
        sinks.entra().userSignIn(t, victim, victimAt, app, EntraLog.GRAPH, session, true, "fresh", 0, r);
        sinks.entra().consent(t.plusSeconds(r.between(10, 60)), victim, victimAt, app, servicePrincipal,
                r.pick("Mail.Read Mail.Send offline_access User.Read", "Files.ReadWrite.All Mail.Read offline_access User.Read",
                        "Mail.ReadWrite MailboxSettings.ReadWrite offline_access Contacts.Read User.Read"), false, r);
        Vantage backend = Vantage.tool(hosting(r, victim.home()), PYTHON);
        Instant at = t.plus(Duration.ofMinutes(r.between(3, 45)));
        for (int i = 0, n = r.between(4, 14); i < n; i++) {
            at = at.plus(Duration.ofMinutes(r.between(10, 50)));
            sinks.entra().userSignIn(at, victim, backend, app, r.pick(EntraLog.GRAPH, EntraLog.EXCHANGE), session, false, "claim", 0, r);
        }
        return at;
    }

    /** Someone with the victim's console session sweeps the account's configuration. */
    private Instant enumeration(Person victim, Instant t, Rand r, Set<String> principals, Set<String> credentials) {
        Vantage from = home(victim);
        principals.add(victim.login());
        Caller caller = sinks.cloudTrail().samlSignIn(t, victim, from, r);
        principals.add(caller.principal());
        credentials.add(caller.accessKeyId());
        String agent = r.pick(Workloads.BOTO, "aws-cli/2.22.35 md/awscrt#0.23.8 ua/2.1 os/linux#6.8.0 md/arch#x86_64 "
                + "lang/python#3.12.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off");
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
    private Instant consoleWithoutMfa(Person victim, Instant t, Rand r, Set<String> principals, Set<String> credentials) {
        Tenant.IamUser user = victim.iamUser();
        principals.add(user.arn());
        Vantage attacker = Vantage.tool(residentialAbroad(r, victim.home()), ATTACKER_BROWSER);
        sinks.cloudTrail().iamConsoleSignIn(t, user, attacker, false, r);
        String consoleKey = r.accessKeyId("ASIA");
        credentials.add(consoleKey);
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

    /** A session id the identity provider never issued in this telemetry shows up from a foreign network. */
    private Instant unissued(Person victim, Instant t, Rand r, Set<String> principals, Set<String> credentials) {
        principals.add(victim.login());
        String session = "idx" + r.base62(22);
        credentials.add(session);
        Vantage attacker = Vantage.tool(hosting(r, victim.home()), victim.laptop().userAgent());
        Instant at = t;
        for (int i = 0, n = r.between(3, 8); i < n; i++) {
            at = i == 0 ? at : at.plusSeconds(r.between(60, 900));
            sinks.okta().singleSignOn(at, victim, attacker, session,
                    r.pick(OktaLog.OFFICE_365, OktaLog.SALESFORCE, OktaLog.ATLASSIAN), r);
        }
        return at;
    }

    /** Decoy: an engineer gets MFA-backed session credentials for the CLI and uses them from the same desk. */
    private Instant sessionToken(Person victim, Instant t, Rand r, Set<String> principals, Set<String> credentials) {
        Tenant.IamUser user = victim.iamUser();
        Vantage from = home(victim);
        String agent = Population.cliAgent(victim);
        String key = sinks.cloudTrail().temporaryCredentials(t, user, from.ip(), agent, "GetSessionToken", null, null,
                "arn:aws:iam::" + Tenant.ACCOUNT + ":mfa/" + user.name(), r);
        principals.add(user.arn());
        credentials.add(key);
        Caller session = new Caller(CloudTrailLog.iamUser(user).identity().deepCopy().put("accessKeyId", key), key, user.arn());
        Instant at = t;
        for (int i = 0, n = r.between(5, 15); i < n; i++) {
            at = at.plusSeconds(r.between(20, 600));
            sinks.cloudTrail().call(at, "us-east-1", session, from.ip(), agent, r.pick(Apis.CLI), null, null, r);
        }
        return at;
    }
}
