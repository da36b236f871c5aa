package dev.tokenward.simulate;

import dev.tokenward.simulate.CloudTrailLog.Call;
import dev.tokenward.simulate.CloudTrailLog.Caller;
import dev.tokenward.simulate.Tenant.Person;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The records some hard cases write themselves rather than through a person's ordinary day:
 * work in the sandbox account, Safari on the iPhone through a relay, command-line sessions taken
 * with temporary credentials. Each names the decoy it writes for.
 */
final class HardCaseRecords {
    private final Sinks sinks;

    HardCaseRecords(Sinks sinks) {
        this.sinks = sinks;
    }

    /**
     * An engineer working in the sandbox account from home: with a role session issued before the
     * account joined the trail, or assuming the sandbox role from the main account's SAML session.
     */
    void sandboxWork(Person engineer, Vantage home, Instant at, boolean issuedBeforeJoin, Decoy decoy, Rand r) {
        sinks.witness().attend(decoy);
        String agent = Population.cliAgent(engineer);
        String key;
        // the first engineer works within 40 minutes of the join, with a session from before it
        Instant created = at.minus(Duration.ofMinutes(issuedBeforeJoin ? r.between(45, 120) : r.between(5, 50)));
        if (issuedBeforeJoin) {
            key = r.accessKeyId("ASIA");
        } else {
            // the main account's trail covers the session the engineer assumes the sandbox role from: its SAML sign-in is logged
            Caller source = sinks.cloudTrail().samlSignIn(created, engineer, home, agent, false, r);
            key = sinks.cloudTrail().assumeRole(at, source, Tenant.SANDBOX_ACCOUNT, "MLEngineer", engineer.login(),
                    home.ip(), agent, null, r);
            created = at;
        }
        Caller caller = CloudTrailLog.role(Tenant.SANDBOX_ACCOUNT, "MLEngineer", CloudTrailLog.roleId("MLEngineer"),
                engineer.login(), key, created, false, false);
        Instant t = at;
        for (int i = 0, n = r.between(10, 40); i < n; i++) {
            t = t.plusSeconds(r.between(10, 120));
            sinks.cloudTrail().call(t, "us-west-2", caller, home.ip(), agent, r.pick(Apis.SANDBOX), null, null, r);
        }
        sinks.witness().leave();
    }

    /** Safari on the iPhone through iCloud Private Relay: a sign-in with a push, then an app or two. */
    void iPhoneSafari(Person person, List<Instant> times, List<Geography.Address> egress, Decoy decoy, Rand r) {
        sinks.witness().attend(decoy);
        for (int i = 0; i < times.size(); i++) {
            Instant t = times.get(i);
            Vantage from = Vantage.of(egress.get(i), person.phone());
            String session = "idx" + r.base62(22);
            sinks.okta().signInAttempt(t, person, from, session, true, r);
            sinks.okta().pushSent(t.plusSeconds(2), person, from, session, r);
            sinks.okta().pushAnswered(t.plusSeconds(r.between(6, 20)), person, from, session, "approved", r);
            sinks.okta().singleSignOn(t.plusSeconds(r.between(30, 300)), person, from, session, r.pick(OktaLog.SLACK, OktaLog.OFFICE_365), r);
        }
        sinks.witness().leave();
    }

    /** An engineer's GetSessionToken credentials taken the evening before the logs, used from home in their first hours. */
    void sessionTokenFromTheEveningBefore(Person engineer, Vantage home, Instant at, Decoy decoy, Rand r) {
        sinks.witness().attend(decoy);
        Tenant.IamUser user = engineer.iamUser();
        String key = r.accessKeyId("ASIA");
        Caller session = new Caller(CloudTrailLog.iamUser(user).identity().deepCopy()
                .put("accessKeyId", key), key, user.arn());
        Instant t = at;
        for (int c = 0, calls = r.between(5, 20); c < calls; c++) {
            t = t.plusSeconds(r.between(20, 400));
            sinks.cloudTrail().call(t, "us-east-1", session, home.ip(), Population.cliAgent(engineer), r.pick(Apis.CLI),
                    null, null, r);
        }
        sinks.witness().leave();
    }

    /** An engineer's temporary credentials for the command line (the cli-temporary-credentials variants), used from the desk. */
    void temporaryCredentials(Person person, Vantage desk, String variant, Instant at, Decoy decoy, Rand r) {
        sinks.witness().attend(decoy);
        String agent = Population.cliAgent(person);
        Caller caller;
        switch (variant) {
            case "get-session-token" -> {
                Tenant.IamUser user = person.iamUser();
                String key = sinks.cloudTrail().temporaryCredentials(at, user, desk.ip(), agent, "GetSessionToken", null, null,
                        "arn:aws:iam::" + Tenant.ACCOUNT + ":mfa/" + user.name(), r);
                caller = new Caller(CloudTrailLog.iamUser(user).identity().deepCopy().put("accessKeyId", key), key,
                        user.arn());
            }
            case "assume-role-mfa" -> {
                Tenant.IamUser user = person.iamUser();
                String session = Long.toString(at.toEpochMilli() * 1_000_000L + r.between(0, 999_999));
                String key = sinks.cloudTrail().assumeRole(at, CloudTrailLog.iamUser(user), Tenant.ACCOUNT, "Okta-Administrator",
                        session, desk.ip(), agent, "arn:aws:iam::" + Tenant.ACCOUNT + ":mfa/" + user.name(), r);
                caller = CloudTrailLog.role("Okta-Administrator", CloudTrailLog.roleId("Okta-Administrator"), session, key, at,
                        true, false);
            }
            default -> {
                caller = sinks.cloudTrail().samlSignIn(at, person, desk, "aws-sdk-go/1.55.5 (go1.22.5; darwin; arm64)", false, r);
            }
        }
        Instant t = at;
        for (int i = 0, n = r.between(5, 20); i < n; i++) {
            t = t.plusSeconds(r.between(20, 600));
            sinks.cloudTrail().call(t, "us-east-1", caller, desk.ip(), agent, r.pick(Apis.CLI), null, null, r);
        }
        sinks.witness().leave();
    }

    /**
     * An engineer assumes the administrator role by hand and gets it wrong first: a misspelt name,
     * the staging account's number, the role's old name; then the right one with MFA, and work.
     */
    void mistypedRoles(Person person, Vantage desk, Instant at, Decoy decoy, Rand r) {
        sinks.witness().attend(decoy);
        String agent = Population.cliAgent(person);
        Caller user = CloudTrailLog.iamUser(person.iamUser());
        String session = person.iamUser().name();
        List<String[]> wrong = List.of(new String[] {Tenant.ACCOUNT, "Okta-Adminstrator"},
                new String[] {Tenant.MEMBER_ACCOUNTS.get(2), "Okta-Administrator"}, new String[] {Tenant.ACCOUNT, "Administrator"});
        Instant t = at;
        for (int i = 0, n = r.between(1, wrong.size()); i < n; i++) {
            sinks.cloudTrail().assumeRoleRefused(t, user, wrong.get(i)[0], wrong.get(i)[1], session, desk.ip(), agent, r);
            t = t.plusSeconds(r.between(15, 90));
        }
        String mfa = "arn:aws:iam::" + Tenant.ACCOUNT + ":mfa/" + person.iamUser().name();
        String key = sinks.cloudTrail().assumeRole(t, user, Tenant.ACCOUNT, "Okta-Administrator", session, desk.ip(), agent, mfa, r);
        Caller caller = CloudTrailLog.role("Okta-Administrator", CloudTrailLog.roleId("Okta-Administrator"), session, key, t, true, false);
        for (int i = 0, n = r.between(5, 20); i < n; i++) {
            t = t.plusSeconds(r.between(20, 600));
            sinks.cloudTrail().call(t, "us-east-1", caller, desk.ip(), agent, r.pick(Apis.CLI), null, null, r);
        }
        sinks.witness().leave();
    }

    /**
     * The organisation's cloud-posture scanner: its instance's address and id in AWS, the accounts it
     * assumes its audit role in (the main account and the members in the trail from the start), and
     * how many of the last of them (added since it was set up) lack the role.
     */
    record Scanner(String ip, String instance, List<String> accounts, int missing) {
        static Scanner of(String ip, Rand r) {
            // the sandbox account is left out: nothing of it reaches the trail before it joins mid-run
            List<String> accounts = new java.util.ArrayList<>(List.of(Tenant.ACCOUNT));
            accounts.addAll(Tenant.MEMBER_ACCOUNTS);
            return new Scanner(ip, "i-0" + r.hex(16), List.copyOf(accounts), r.between(1, 2));
        }
    }

    /**
     * The cloud-posture scanner's night: from its instance in AWS, its instance role assumes the
     * audit role in each account and reads the same configuration every night; the accounts that
     * lack the role refuse it.
     */
    void postureScan(Scanner scanner, Instant at, Decoy decoy, Rand r) {
        sinks.witness().attend(decoy);
        String agent = "aws-sdk-go-v2/1.32.3 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/sts#1.32.3";
        String self = "PostureScanner";
        Caller caller = CloudTrailLog.role(self, CloudTrailLog.roleId(self), scanner.instance(), r.accessKeyId("ASIA"), at, false, true);
        Instant t = at;
        List<String> accounts = scanner.accounts();
        for (int i = 0; i < accounts.size(); i++) {
            t = t.plusSeconds(r.between(2, 40));
            String account = accounts.get(i);
            if (i >= accounts.size() - scanner.missing()) {
                sinks.cloudTrail().assumeRoleRefused(t, caller, account, "TidewaterPostureAudit", "posture-scan", scanner.ip(), agent, r);
                continue;
            }
            String key = sinks.cloudTrail().assumeRole(t, caller, account, "TidewaterPostureAudit", "posture-scan", scanner.ip(), agent,
                    null, r);
            Caller audit = CloudTrailLog.role(account, "TidewaterPostureAudit", CloudTrailLog.roleId("TidewaterPostureAudit"),
                    "posture-scan", key, t, false, false);
            for (Call call : Apis.RECON) {
                t = t.plusSeconds(r.between(1, 10));
                sinks.cloudTrail().call(t, "us-east-1", audit, scanner.ip(), agent, call, null, null, r);
            }
        }
        sinks.witness().leave();
    }
}
