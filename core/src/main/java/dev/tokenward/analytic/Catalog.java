package dev.tokenward.analytic;

import dev.tokenward.analytic.identity.CredentialRoaming;
import dev.tokenward.analytic.identity.CredentialWithoutAuthentication;
import dev.tokenward.analytic.identity.FailuresThenAccess;
import dev.tokenward.analytic.identity.FederationTokenAbuse;
import dev.tokenward.analytic.identity.ImpossibleTravel;
import dev.tokenward.analytic.identity.MassApiAccess;
import dev.tokenward.analytic.identity.MfaNotSatisfied;
import dev.tokenward.analytic.identity.NewCredentialUnusualApi;
import dev.tokenward.analytic.identity.OauthConsentThenUse;
import dev.tokenward.analytic.identity.WorkloadCredentialExfiltration;
import dev.tokenward.analytic.store.AutomationClient;
import dev.tokenward.analytic.store.SsoBulkAccess;
import dev.tokenward.analytic.store.VaultTokenRoaming;
import dev.tokenward.analytic.host.UnscheduledBackgroundApi;
import dev.tokenward.analytic.store.CredentialStoreScraping;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every analytic Tokenward has, with its settings type and defaults: the one place an analytic is
 * registered. Settings come from the configuration's {@code analytics.<id>} section.
 */
public enum Catalog {
    CREDENTIAL_ROAMING(Entry.of(CredentialRoaming.ID, CredentialRoaming.Settings.class,
            CredentialRoaming.Settings.DEFAULTS, CredentialRoaming::new)),
    IMPOSSIBLE_TRAVEL(Entry.of(ImpossibleTravel.ID, ImpossibleTravel.Settings.class,
            ImpossibleTravel.Settings.DEFAULTS, ImpossibleTravel::new)),
    MFA_NOT_SATISFIED(Entry.of(MfaNotSatisfied.ID, MfaNotSatisfied.Settings.class,
            MfaNotSatisfied.Settings.DEFAULTS, MfaNotSatisfied::new)),
    FAILURES_THEN_ACCESS(Entry.of(FailuresThenAccess.ID, FailuresThenAccess.Settings.class,
            FailuresThenAccess.Settings.DEFAULTS, FailuresThenAccess::new)),
    OAUTH_CONSENT_THEN_USE(Entry.of(OauthConsentThenUse.ID, OauthConsentThenUse.Settings.class,
            OauthConsentThenUse.Settings.DEFAULTS, OauthConsentThenUse::new)),
    NEW_CREDENTIAL_UNUSUAL_API(Entry.of(NewCredentialUnusualApi.ID, NewCredentialUnusualApi.Settings.class,
            NewCredentialUnusualApi.Settings.DEFAULTS, NewCredentialUnusualApi::new)),
    FEDERATION_TOKEN_ABUSE(Entry.of(FederationTokenAbuse.ID, FederationTokenAbuse.Settings.class,
            FederationTokenAbuse.Settings.DEFAULTS, FederationTokenAbuse::new)),
    WORKLOAD_CREDENTIAL_EXFILTRATION(Entry.of(WorkloadCredentialExfiltration.ID, WorkloadCredentialExfiltration.Settings.class,
            WorkloadCredentialExfiltration.Settings.DEFAULTS, WorkloadCredentialExfiltration::new)),
    MASS_API_ACCESS(Entry.of(MassApiAccess.ID, MassApiAccess.Settings.class,
            MassApiAccess.Settings.DEFAULTS, MassApiAccess::new)),
    CREDENTIAL_WITHOUT_AUTHENTICATION(Entry.of(CredentialWithoutAuthentication.ID, CredentialWithoutAuthentication.Settings.class,
            CredentialWithoutAuthentication.Settings.DEFAULTS, CredentialWithoutAuthentication::new)),
    CREDENTIAL_STORE_SCRAPING(Entry.of(CredentialStoreScraping.ID, CredentialStoreScraping.Settings.class,
            CredentialStoreScraping.Settings.DEFAULTS, CredentialStoreScraping::new)),
    AUTOMATION_CLIENT(Entry.of(AutomationClient.ID, AutomationClient.Settings.class,
            AutomationClient.Settings.DEFAULTS, AutomationClient::new)),
    SSO_BULK_ACCESS(Entry.of(SsoBulkAccess.ID, SsoBulkAccess.Settings.class,
            SsoBulkAccess.Settings.DEFAULTS, SsoBulkAccess::new)),
    VAULT_TOKEN_ROAMING(Entry.of(VaultTokenRoaming.ID, VaultTokenRoaming.Settings.class,
            VaultTokenRoaming.Settings.DEFAULTS, VaultTokenRoaming::new)),
    UNSCHEDULED_BACKGROUND_API(Entry.of(UnscheduledBackgroundApi.ID, UnscheduledBackgroundApi.Settings.class,
            UnscheduledBackgroundApi.Settings.DEFAULTS, UnscheduledBackgroundApi::new));

    private final Entry<?> entry;

    Catalog(Entry<?> entry) {
        this.entry = entry;
    }

    public String id() {
        return entry.id();
    }

    public Entry<?> entry() {
        return entry;
    }

    /** The analytic with its default settings. */
    public Analytic<?> withDefaults() {
        return entry.withDefaults();
    }

    public static Optional<Catalog> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id().equals(id)).findFirst();
    }

    /** The ids of the analytics whose alerts name a host (keyed by HOST). */
    public static java.util.Set<String> hostKeyed() {
        return Arrays.stream(values()).filter(c -> c.withDefaults().spec().keyedBy() == dev.tokenward.event.EntityKind.HOST)
                .map(Catalog::id).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /**
     * An analytic's id, settings type, defaults and constructor.
     *
     * @param <T> its settings record
     */
    public record Entry<T extends Record>(String id, Class<T> settingsType, T defaults, Function<T, Analytic<?>> factory) {
        static <T extends Record> Entry<T> of(String id, Class<T> type, T defaults, Function<T, Analytic<?>> factory) {
            return new Entry<>(id, type, defaults, factory);
        }

        public Analytic<?> withDefaults() {
            return factory.apply(defaults);
        }

        /** The analytic with settings of this entry's type (as bound from configuration). */
        public Analytic<?> with(Object settings) {
            return factory.apply(settingsType.cast(settings));
        }
    }
}
