package dev.tokenward.simulate;

import dev.tokenward.evaluate.Storyline;
import dev.tokenward.simulate.Infrastructure.Variant;
import dev.tokenward.simulate.Tenant.Person;
import dev.tokenward.simulate.Tenant.Workload;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Attacks injected into the benign telemetry (the benign look-alikes are {@link HardCases}). Each
 * play writes its records and returns the ground truth: who the attacker acts as, which
 * credentials, when, which variant, and which analytics should fire.
 */
final class Storylines {

    private static final List<Variant> ANYWHERE = List.of(Variant.values());
    private static final List<Variant> NOWHERE = List.of();

    /**
     * The kinds of storyline: the analytics expected to detect each, those whose alerts on it are
     * right too though not expected (an attack seen from a second angle), and the infrastructures
     * the attacker may come from (none when the attack comes from the victim's own network).
     */
    enum Kind {
        AITM_SESSION_REPLAY("aitm-session-replay", expects("credential-roaming", "impossible-travel"), accepts(), ANYWHERE),
        STOLEN_ACCESS_KEY("stolen-access-key", expects("credential-roaming"),
                accepts("mass-api-access", "new-credential-unusual-api", "impossible-travel"),
                List.of(Variant.HOSTING_ABROAD, Variant.RESIDENTIAL_ABROAD)),
        NEW_USER_PERSISTENCE("new-user-persistence", expects("new-credential-unusual-api"),
                accepts("credential-roaming", "mass-api-access"), ANYWHERE),
        INSTANCE_CREDENTIALS_BY_OPERATOR("instance-credentials-by-operator", expects("workload-credential-exfiltration"),
                accepts("credential-roaming", "new-credential-unusual-api", "mass-api-access"), NOWHERE,
                "ssm-send-command", "ssm-start-session", "ec2-instance-connect"),
        INSTANCE_CREDENTIALS_ON_DESKTOP("instance-credentials-on-desktop", expects("workload-credential-exfiltration"),
                accepts("credential-roaming", "new-credential-unusual-api", "mass-api-access"), NOWHERE,
                "macos-cli", "macos-cli-bracketed", "imdsv1"),
        ENTRA_APP_SECRET_ADDED("entra-app-secret-added", expects("oauth-consent-then-use"),
                accepts("impossible-travel", "credential-roaming"),
                List.of(Variant.HOSTING_ABROAD, Variant.CLOUD_IN_COUNTRY), "delegated-all-principals", "admin-consent-app-roles"),
        REFRESH_TOKEN_REPLAY("refresh-token-replay", expects("credential-roaming", "impossible-travel"), accepts(), ANYWHERE),
        LEAKED_ACCESS_KEY("leaked-access-key", expects("credential-roaming", "mass-api-access"),
                accepts("new-credential-unusual-api", "impossible-travel"), ANYWHERE),
        INSTANCE_CREDENTIAL_EXFILTRATION("instance-credential-exfiltration", expects("workload-credential-exfiltration"),
                accepts("credential-roaming", "impossible-travel", "new-credential-unusual-api", "mass-api-access"), ANYWHERE),
        ROLE_ASSUMPTION_SWEEP("role-assumption-sweep", expects("failures-then-access"),
                accepts("credential-roaming", "mass-api-access", "new-credential-unusual-api", "impossible-travel",
                        "credential-without-authentication"), List.of(Variant.HOSTING_ABROAD, Variant.RESIDENTIAL_ABROAD, Variant.COMMERCIAL_VPN)),
        FEDERATION_TOKEN_PERSISTENCE("federation-token-persistence", expects("federation-token-abuse",
                "new-credential-unusual-api"), accepts("credential-roaming"), ANYWHERE),
        PASSWORD_SPRAY_THEN_SESSION("password-spray-then-session", expects("failures-then-access"),
                accepts("impossible-travel", "credential-roaming", "mfa-not-satisfied", "automation-client"), ANYWHERE),
        MFA_FATIGUE("mfa-fatigue", expects("failures-then-access"), accepts("impossible-travel", "credential-roaming",
                "mfa-not-satisfied"), ANYWHERE),
        OAUTH_CONSENT_PHISHING("oauth-consent-phishing", expects("oauth-consent-then-use"), accepts(),
                List.of(Variant.HOSTING_ABROAD, Variant.CLOUD_IN_COUNTRY, Variant.COMMERCIAL_VPN)),
        API_ENUMERATION_BURST("api-enumeration-burst", expects("mass-api-access"), accepts("new-credential-unusual-api"), NOWHERE),
        CONSOLE_LOGIN_WITHOUT_MFA("console-login-without-mfa", expects("mfa-not-satisfied"),
                accepts("impossible-travel", "credential-roaming", "new-credential-unusual-api", "mass-api-access"), ANYWHERE),
        UNISSUED_SESSION_USE("unissued-session-use", expects("credential-without-authentication"),
                accepts("credential-roaming", "impossible-travel"), ANYWHERE),
        VAULT_SESSION_SCRAPING("vault-session-scraping", expects("credential-store-scraping", "automation-client"), accepts(),
                ANYWHERE, "headless-chrome", "playwright-firefox", "selenium-chrome", "paced-reveals"),
        VAULT_SERVICE_TOKEN_LEAK("vault-service-token-leak", expects("credential-store-scraping"), accepts("automation-client"),
                List.of(Variant.HOSTING_ABROAD, Variant.RESIDENTIAL_ABROAD, Variant.COMMERCIAL_VPN, Variant.CLOUD_IN_COUNTRY)),
        SSO_BULK_ACCESS("sso-bulk-access", expects("sso-bulk-access"),
                accepts("credential-roaming", "impossible-travel", "credential-store-scraping"), ANYWHERE);


        final String id;
        final List<String> analytics;
        final List<String> accepted;
        final List<Variant> infrastructures;
        /** The kind's own variants (the API used, the client), played in turn; empty when it has none. */
        final List<String> variants;

        Kind(String id, List<String> analytics, List<String> accepted, List<Variant> infrastructures, String... variants) {
            this.id = id;
            this.analytics = analytics;
            this.accepted = accepted;
            this.infrastructures = infrastructures;
            this.variants = List.of(variants);
        }

        /** An attack on a workload rather than a person. */
        boolean onWorkload() {
            return this == INSTANCE_CREDENTIAL_EXFILTRATION || this == INSTANCE_CREDENTIALS_BY_OPERATOR
                    || this == INSTANCE_CREDENTIALS_ON_DESKTOP;
        }

        private static List<String> expects(String... analytics) {
            return List.of(analytics);
        }

        private static List<String> accepts(String... analytics) {
            return List.of(analytics);
        }
    }

    /**
     * What a storyline tells the truth file besides its kind and times: the principals the attacker
     * acts as and the credentials used, in the form Tokenward names them; the principals touched
     * without being acted as (accounts sprayed in vain); and the variant played.
     */
    static final class Truth {
        final Set<String> principals = new LinkedHashSet<>();
        final Set<String> credentials = new LinkedHashSet<>();
        final Set<String> bystanders = new LinkedHashSet<>();
        String variant;
    }

    /**
     * A storyline waiting for its day.
     *
     * @param infrastructure where the attacker comes from; null when the kind has no choice
     * @param variant        the kind's own variant, or null
     */
    record Planned(String id, Kind kind, Person victim, Workload workload, Instant start, Variant infrastructure, String variant) {
    }

    private final Sinks sinks;
    private final IdentityAttacks identity;
    private final CloudAttacks cloud;
    private final VaultAttacks vault;

    /** @param trips the trip a person is on, or null: a victim's own sign-ins come from where their laptop is */
    Storylines(Tenant tenant, Sinks sinks, Workloads workloads, Vaults vaults, Dashboard dashboard,
               Function<Person, PersonState.Trip> trips) {
        this.sinks = sinks;
        Infrastructure infrastructure = new Infrastructure(tenant.geography);
        this.identity = new IdentityAttacks(tenant, sinks, infrastructure, dashboard, trips);
        this.cloud = new CloudAttacks(tenant, sinks, workloads, infrastructure);
        this.vault = new VaultAttacks(tenant, vaults, sinks, infrastructure);
    }

    /** Who a kind can happen to. */
    static Predicate<Person> eligible(Kind kind) {
        return switch (kind) {
            case LEAKED_ACCESS_KEY, FEDERATION_TOKEN_PERSISTENCE, STOLEN_ACCESS_KEY, ROLE_ASSUMPTION_SWEEP -> p -> p.iamUser() != null;
            case NEW_USER_PERSISTENCE -> p -> p.iamUser() != null || p.role() == Tenant.Role.ADMIN;
            case INSTANCE_CREDENTIALS_BY_OPERATOR -> p -> p.iamUser() != null || p.awsRole() != null;
            case ENTRA_APP_SECRET_ADDED -> p -> p.role() == Tenant.Role.ADMIN;
            case CONSOLE_LOGIN_WITHOUT_MFA -> p -> p.iamUser() != null && p.iamUser().consolePassword();
            case API_ENUMERATION_BURST -> p -> p.awsRole() != null;
            default -> p -> true;
        };
    }

    /** Plays an attack or a decoy. */
    Storyline play(Planned planned, Rand r) {
        Truth truth = new Truth();
        Person victim = planned.victim();
        Instant start = planned.start();
        Variant from = planned.infrastructure();
        Instant end = switch (planned.kind()) {
            case AITM_SESSION_REPLAY -> identity.aitm(victim, start, from, r, truth);
            case REFRESH_TOKEN_REPLAY -> identity.refreshTokenReplay(victim, start, from, r, truth);
            case PASSWORD_SPRAY_THEN_SESSION -> identity.spray(victim, start, from, r, truth);
            case MFA_FATIGUE -> identity.fatigue(victim, start, from, r, truth);
            case OAUTH_CONSENT_PHISHING -> identity.consent(victim, start, from, r, truth);
            case UNISSUED_SESSION_USE -> identity.unissued(victim, start, from, r, truth);
            case ENTRA_APP_SECRET_ADDED -> identity.appSecretAdded(victim, start, from, planned.variant(), r, truth);
            case STOLEN_ACCESS_KEY -> cloud.stolenKey(victim, start, from, r, truth);
            case NEW_USER_PERSISTENCE -> cloud.newUserPersistence(victim, start, from, r, truth);
            case INSTANCE_CREDENTIALS_BY_OPERATOR -> cloud.operatorTakesInstanceKey(victim, planned.workload(), start,
                    planned.variant(), r, truth);
            case INSTANCE_CREDENTIALS_ON_DESKTOP -> cloud.instanceKeyOnDesktop(planned.workload(), start, planned.variant(), r, truth);
            case LEAKED_ACCESS_KEY -> cloud.leakedKey(victim, start, from, r, truth);
            case INSTANCE_CREDENTIAL_EXFILTRATION -> cloud.instanceExfiltration(planned.workload(), start, from, r, truth);
            case FEDERATION_TOKEN_PERSISTENCE -> cloud.federation(victim, start, from, r, truth);
            case ROLE_ASSUMPTION_SWEEP -> cloud.roleSweep(victim, start, from, r, truth);
            case API_ENUMERATION_BURST -> cloud.enumeration(victim, start, r, truth);
            case CONSOLE_LOGIN_WITHOUT_MFA -> cloud.consoleWithoutMfa(victim, start, from, r, truth);
            case VAULT_SESSION_SCRAPING -> vault.sessionScraping(victim, start, from, planned.variant(), r, truth);
            case VAULT_SERVICE_TOKEN_LEAK -> vault.serviceTokenLeak(start, from, r, truth);
            case SSO_BULK_ACCESS -> identity.ssoBulkAccess(victim, start, from, r, truth);
        };
        Kind kind = planned.kind();
        return new Storyline(planned.id(), kind.id, truth.variant, List.copyOf(truth.principals), List.copyOf(truth.credentials),
                List.copyOf(truth.bystanders), start, end, kind.analytics, kind.accepted, false);
    }
}
