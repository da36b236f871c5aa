package dev.tokenward.simulate;

import dev.tokenward.simulate.Geography.Address;
import dev.tokenward.simulate.Infrastructure.Variant;
import dev.tokenward.simulate.Storylines.Truth;
import dev.tokenward.simulate.Tenant.Person;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Attacks on the identity providers: phished and replayed sessions, redeemed refresh tokens,
 * sprays, push fatigue, consent phishing and sessions never issued. Each writes its records and
 * fills in the truth; the infrastructure the attacker comes from is the storyline's variant.
 */
final class IdentityAttacks {
    static final String PYTHON = "python-requests/2.32.3";
    static final String ATTACKER_BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/153.0.0.0 Safari/537.36";
    private static final String LINUX_FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:139.0) Gecko/20100101 Firefox/139.0";
    private static final String[] REGISTERED_APPS = {"Mailbox Migration Utility", "SharePoint Backup Sync",
            "Directory Reporting Connector", "HR Document Sync"};
    private static final String[] CONSENT_APPS = {"Mail Archiver Pro", "DocuSign eSignature Viewer", "PDF Converter Online",
            "Secure Voicemail Access", "Teams Meeting Notes AI"};

    private final Tenant tenant;
    private final Sinks sinks;
    private final Infrastructure infrastructure;
    private final Dashboard dashboard;
    /** The trip a person is on, or null. */
    private final Function<Person, PersonState.Trip> trips;

    IdentityAttacks(Tenant tenant, Sinks sinks, Infrastructure infrastructure, Dashboard dashboard,
                    Function<Person, PersonState.Trip> trips) {
        this.tenant = tenant;
        this.trips = trips;
        this.dashboard = dashboard;
        this.sinks = sinks;
        this.infrastructure = infrastructure;
    }

    /** Phished through an adversary-in-the-middle proxy on a hosting provider; the captured session is replayed. */
    Instant aitm(Person victim, Instant t, Variant from, Rand r, Truth truth) {
        truth.principals.add(victim.login());
        Address proxy = infrastructure.address(Variant.HOSTING_ABROAD, victim.home(), r);
        Vantage relayed = new Vantage(proxy, null, victim.laptop().userAgent(), null);
        Vantage attacker = Vantage.tool(infrastructure.address(from, victim.home(), r),
                r.chance(0.5) ? victim.laptop().userAgent() : r.pick(ATTACKER_BROWSER, LINUX_FIREFOX));
        Instant at = t;
        if (r.chance(0.5)) {
            truth.variant = "okta+" + from.id;
            String session = "idx" + r.base62(22);
            truth.credentials.add(session);
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
            truth.variant = "entra+" + from.id;
            String session = r.uuid();
            truth.credentials.add(session);
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

    /**
     * Phished through an adversary-in-the-middle proxy; the replayed Okta session then opens every
     * app on the victim's dashboard within minutes (the everyday ones and those of the catalogue
     * assigned to them: a session can open only what its user is assigned) and has the dashboard
     * show the stored passwords of its Secure Web Authentication apps.
     */
    Instant ssoBulkAccess(Person victim, Instant t, Variant from, Rand r, Truth truth) {
        truth.principals.add(victim.login());
        truth.variant = from.id;
        Address proxy = infrastructure.address(Variant.HOSTING_ABROAD, victim.home(), r);
        Vantage relayed = new Vantage(proxy, null, victim.laptop().userAgent(), null);
        Vantage attacker = Vantage.tool(infrastructure.address(from, victim.home(), r),
                r.chance(0.5) ? victim.laptop().userAgent() : r.pick(ATTACKER_BROWSER, LINUX_FIREFOX));
        String session = "idx" + r.base62(22);
        truth.credentials.add(session);
        sinks.okta().signInAttempt(t, victim, relayed, session, true, r);
        sinks.okta().pushSent(t.plusSeconds(2), victim, relayed, session, r);
        sinks.okta().pushAnswered(t.plusSeconds(r.between(6, 20)), victim, relayed, session, "approved", r);
        List<OktaLog.App> apps = new java.util.ArrayList<>(List.of(OktaLog.OFFICE_365, OktaLog.SLACK,
                OktaLog.SALESFORCE, OktaLog.ATLASSIAN));
        apps.addAll(dashboard.of(victim));
        java.util.Collections.shuffle(apps, new java.util.Random(r.nextLong()));
        Instant at = t.plus(Duration.ofMinutes(r.between(4, 40)));
        for (OktaLog.App app : apps) {
            at = at.plusSeconds(r.between(20, 150));
            sinks.okta().singleSignOn(at, victim, attacker, session, app, r);
            if (app.signOnMode().equals("BROWSER_PLUGIN")) {
                at = at.plusSeconds(r.between(5, 30));
                sinks.okta().showPassword(at, victim, attacker, session, app, r);
            }
        }
        return at;
    }

    /** A refresh token lifted from the victim's laptop, redeemed hours later by a script. */
    Instant refreshTokenReplay(Person victim, Instant t, Variant from, Rand r, Truth truth) {
        truth.principals.add(victim.login());
        truth.variant = from.id;
        String session = r.uuid();
        truth.credentials.add(session);
        sinks.entra().userSignIn(t, victim, laptop(victim, t), EntraLog.OFFICE_DESKTOP, EntraLog.OFFICE_HOME, session, true, "fresh", 0, r);
        Instant at = t.plus(Duration.ofMinutes(r.between(88, 580)));
        Vantage attacker = Vantage.tool(infrastructure.address(from, victim.home(), r), r.pick(PYTHON,
                "Mozilla/5.0 (compatible; MSAL 1.0) PKeyAuth/1.0", "azurehound/v2.2.1"));
        for (int i = 0, n = r.between(4, 12); i < n; i++) {
            at = at.plusSeconds(r.between(120, 1200));
            sinks.entra().userSignIn(at, victim, attacker, EntraLog.OFFICE_DESKTOP, r.pick(EntraLog.GRAPH, EntraLog.EXCHANGE),
                    session, false, "claim", 0, r);
        }
        return at;
    }

    /**
     * A common password tried against many people from a rotating pool of addresses (several /24s
     * and networks); the last account works and its session is used. Only that account is the
     * attacking principal; the others are bystanders.
     */
    Instant spray(Person victim, Instant t, Variant from, Rand r, Truth truth) {
        truth.variant = from.id;
        List<Address> pool = infrastructure.rotating(from, victim.home(), r.between(4, 10), r);
        String agent = r.pick(PYTHON, ATTACKER_BROWSER, "Go-http-client/2.0");
        List<Person> targets = tenant.people;
        Instant at = t;
        int sprayed = Math.min(targets.size() - 1, r.between(15, 40));
        for (int i = 0; i < sprayed; i++) {
            Person target = targets.get(r.below(targets.size()));
            if (target.equals(victim)) {
                continue;
            }
            truth.bystanders.add(target.login());
            sinks.okta().signInAttempt(at, target, Vantage.tool(pool.get(i % pool.size()), agent), null, false, r);
            at = at.plusSeconds(r.between(20, 90));
        }
        truth.principals.add(victim.login());
        String session = "idx" + r.base62(22);
        truth.credentials.add(session);
        Vantage attacker = Vantage.tool(r.pick(pool), agent);
        sinks.okta().signInAttempt(at, victim, attacker, session, true, r);
        sinks.okta().pushSent(at.plusSeconds(1), victim, attacker, session, r);
        at = at.plusSeconds(r.between(10, 60));
        sinks.okta().pushAnswered(at, victim, attacker, session, "approved", r);
        for (int i = 0, n = r.between(2, 5); i < n; i++) {
            at = at.plusSeconds(r.between(30, 300));
            Vantage next = r.chance(0.3) ? Vantage.tool(r.pick(pool), agent) : attacker;
            sinks.okta().singleSignOn(at, victim, next, session, r.pick(OktaLog.OFFICE_365, OktaLog.SALESFORCE), r);
        }
        return at;
    }

    /** The password is known; pushes are sent until the victim gives in. */
    Instant fatigue(Person victim, Instant t, Variant from, Rand r, Truth truth) {
        truth.principals.add(victim.login());
        truth.variant = from.id;
        Vantage attacker = Vantage.tool(infrastructure.address(from, victim.home(), r), r.pick(ATTACKER_BROWSER, LINUX_FIREFOX));
        String session = "idx" + r.base62(22);
        truth.credentials.add(session);
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

    /** The victim grants a look-alike app mail and file access; its backend then reads with the tokens. */
    Instant consent(Person victim, Instant t, Variant from, Rand r, Truth truth) {
        truth.principals.add(victim.login());
        truth.variant = from.id;
        EntraLog.App app = new EntraLog.App(r.uuid(), r.pick(CONSENT_APPS));
        String servicePrincipal = r.uuid();
        truth.credentials.add(app.id());
        Vantage victimAt = laptop(victim, t);
        String session = r.uuid();
        truth.credentials.add(session);
        sinks.entra().userSignIn(t, victim, victimAt, app, EntraLog.GRAPH, session, true, "fresh", 0, r);
        sinks.entra().consent(t.plusSeconds(r.between(10, 60)), victim, victimAt, app, servicePrincipal,
                r.pick("Mail.Read Mail.Send offline_access User.Read", "Files.ReadWrite.All Mail.Read offline_access User.Read",
                        "Mail.ReadWrite MailboxSettings.ReadWrite offline_access Contacts.Read User.Read"), false, r);
        Vantage backend = Vantage.tool(infrastructure.address(from, victim.home(), r), r.pick(PYTHON, "node-fetch/1.0 "
                + "(+https://github.com/bitinn/node-fetch)"));
        Instant at = t.plus(Duration.ofMinutes(r.between(3, 45)));
        for (int i = 0, n = r.between(4, 14); i < n; i++) {
            at = at.plus(Duration.ofMinutes(r.between(10, 50)));
            sinks.entra().userSignIn(at, victim, backend, app, r.pick(EntraLog.GRAPH, EntraLog.EXCHANGE), session, false, "claim", 0, r);
        }
        return at;
    }

    /**
     * With an administrator's hijacked session, the attacker registers an application and grants it
     * mail, file and directory access for the whole tenant (a delegated grant to all principals, or
     * an administrator's consent to application permissions); within the day a client secret is
     * added to it, and the application then signs in with the secret from a hosting provider.
     */
    Instant appSecretAdded(Person admin, Instant t, Variant from, String grant, Rand r, Truth truth) {
        truth.variant = grant + "+" + from.id;
        Address address = infrastructure.address(from, admin.home(), r);
        Vantage attacker = Vantage.tool(address, ATTACKER_BROWSER);
        EntraLog.App app = new EntraLog.App(r.uuid(), r.pick(REGISTERED_APPS));
        String applicationObjectId = r.uuid();
        String servicePrincipalId = r.uuid();
        truth.principals.add(admin.login());
        truth.principals.add(app.name());
        sinks.entra().applicationRegistered(t, admin, attacker, app, applicationObjectId, servicePrincipalId, r);
        Instant granted = t.plusSeconds(r.between(60, 900));
        if (grant.equals("delegated-all-principals")) {
            sinks.entra().consent(granted, admin, attacker, app, servicePrincipalId,
                    "Mail.ReadWrite Files.ReadWrite.All Directory.Read.All offline_access User.Read", true, false, r);
        } else {
            sinks.entra().appRoleConsent(granted, admin, attacker, app, servicePrincipalId,
                    List.of("Mail.Read", "Files.Read.All", "Directory.Read.All"), r);
        }
        Instant added = granted.plus(Duration.ofMinutes(r.between(90, 20 * 60)));
        String keyId = r.uuid();
        sinks.entra().applicationSecretAdded(added, admin, attacker, app, applicationObjectId, keyId,
                r.pick("sync", "prod", "connector-key", "client-secret-" + added.atZone(java.time.ZoneOffset.UTC).getYear()), r);
        truth.credentials.add(keyId);
        truth.credentials.add(app.id());
        Instant at = added.plus(Duration.ofMinutes(r.between(5, 90)));
        String library = r.pick("Family: MSAL Library: MSAL.Python 1.31.0 Platform: Python",
                "Family: MSAL Library: MSAL.NET 4.66.1 Platform: .NET Core");
        for (int i = 0, n = r.between(4, 12); i < n; i++) {
            at = i == 0 ? at : at.plus(Duration.ofMinutes(r.between(10, 120)));
            sinks.entra().servicePrincipalSignIn(at, app, servicePrincipalId, keyId, address,
                    r.pick(EntraLog.GRAPH, EntraLog.GRAPH, EntraLog.EXCHANGE), library, r);
        }
        return at;
    }

    /** A session id the identity provider never issued in this telemetry shows up from a foreign network. */
    Instant unissued(Person victim, Instant t, Variant from, Rand r, Truth truth) {
        truth.principals.add(victim.login());
        truth.variant = from.id;
        String session = "idx" + r.base62(22);
        truth.credentials.add(session);
        Vantage attacker = Vantage.tool(infrastructure.address(from, victim.home(), r), victim.laptop().userAgent());
        Instant at = t;
        for (int i = 0, n = r.between(3, 8); i < n; i++) {
            at = i == 0 ? at : at.plusSeconds(r.between(60, 900));
            sinks.okta().singleSignOn(at, victim, attacker, session,
                    r.pick(OktaLog.OFFICE_365, OktaLog.SALESFORCE, OktaLog.ATLASSIAN), r);
        }
        return at;
    }

    /** The victim's laptop at {@code time}: at home, or on the hotel's line while away on a trip. */
    private Vantage laptop(Person victim, Instant time) {
        PersonState.Trip trip = trips.apply(victim);
        return Vantage.of(trip != null && trip.away(time) ? trip.hotel() : victim.homeAddress(), victim.laptop());
    }
}
