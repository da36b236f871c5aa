package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.EventField;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Expiring;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.analytic.Severity;
import dev.tokenward.event.Credential;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's consent to an OAuth application for more than signing in, followed by that application
 * using the tokens: consent phishing (illicit consent grant), where the "app" is the attacker's
 * backend reading mail and files with a refresh token the user handed over.
 *
 * <p>Keyed by principal. A user consent (Entra audit: {@code Consent to application},
 * {@code Add delegated permission grant}) is remembered for {@code window} with the scopes it
 * granted; the first later sign-in, token refresh or API call with an access token (Google
 * Workspace logs a client's calls, not its refreshes) of that user with that client raises one
 * alert. Consents that grant only the low-impact permissions Microsoft lets users consent to by
 * default ({@code openid}, {@code profile}, {@code email}, {@code offline_access},
 * {@code User.Read}) are not judged, nor are administrators' tenant-wide consents unless
 * {@code includeAdminConsent}, nor the apps in {@code trustedApps}.
 *
 * <p>Severity is high when the app's first use comes from a hosting provider or by a script,
 * bot or attack tool, or when the scopes reach mail, files, directory or mailbox settings;
 * medium otherwise.
 *
 * <p>ATT&CK: T1528 (Steal Application Access Token), T1550.001; detection analytic AN0722.
 */
public final class OauthConsentThenUse implements Analytic<OauthConsentThenUse.State> {
    public static final String ID = "oauth-consent-then-use";

    private static final AnalyticSpec SPEC = new AnalyticSpec(ID,
            "OAuth consent followed by the application's token use",
            List.of("T1528", "T1550.001", "AN0722"), EntityKind.PRINCIPAL, Severity.HIGH,
            List.of(FieldNeed.of(EventField.PRINCIPAL, EventKind.CONSENT),
                    FieldNeed.of(EventField.CLIENT_APP, EventKind.TOKEN_REFRESHED, EventKind.AUTHENTICATION,
                            EventKind.CREDENTIAL_USE)),
            List.of(FieldNeed.of(EventField.CLIENT_IP, EventKind.TOKEN_REFRESHED, EventKind.AUTHENTICATION),
                    FieldNeed.of(EventField.NETWORK_ASN, EventKind.TOKEN_REFRESHED, EventKind.AUTHENTICATION)));

    private static final int MAX_GRANTS = 16;

    /**
     * @param window              how long after a consent the app's first use is judged
     * @param includeAdminConsent judge administrators' tenant-wide consents too
     * @param trustedApps         app ids or names never alerted on
     */
    public record Settings(Duration window, boolean includeAdminConsent, List<String> trustedApps) {
        public static final Settings DEFAULTS = new Settings(Duration.ofDays(7), false, List.of());

        public Settings {
            trustedApps = List.copyOf(trustedApps);
        }
    }

    /** Per principal: the consents still within their window. */
    public static final class State extends Expiring {
        public List<Grant> grants = new ArrayList<>();
        /** For an application: the sensitive grants and the secrets of the last day. */
        public List<ApplicationSecrets.Step> steps = new ArrayList<>();
    }

    /** A consent: the application, what it may do, and the audit record. */
    public record Grant(String appId, String appName, String scopes, Instant time, Evidence evidence) {
    }

    private final Settings settings;

    public OauthConsentThenUse(Settings settings) {
        this.settings = settings;
    }

    @Override
    public AnalyticSpec spec() {
        return SPEC;
    }

    @Override
    public boolean accepts(Event event) {
        if (event.principal() == null || event.outcome() != Outcome.SUCCESS) {
            return false;
        }
        if (event.kind() == EventKind.CONSENT) {
            return event.client().app() != null && event.credential() != null;
        }
        if (event.kind() == EventKind.TOKEN_ISSUED && event.credential() != null && ApplicationSecrets.key(event) != null) {
            return true;
        }
        return event.client().app() != null && (event.kind() == EventKind.AUTHENTICATION || event.kind() == EventKind.TOKEN_REFRESHED
                || event.kind() == EventKind.TOKEN_ISSUED || apiCallWithToken(event));
    }

    /**
     * An API call the application makes with the user's access token: where the provider logs the
     * calls an OAuth client makes rather than its refreshes (Google Workspace's token activity), the
     * first call is the application's first use of the grant.
     */
    private static boolean apiCallWithToken(Event event) {
        return event.kind() == EventKind.CREDENTIAL_USE && event.credential() != null
                && event.credential().kind() == dev.tokenward.event.CredentialKind.ACCESS_TOKEN && event.credential().id() != null;
    }

    /** The user, for consents and uses; the application too, for grants and the secrets added to it. */
    @Override
    public List<String> keys(Event event) {
        String application = event.credential() == null ? null : ApplicationSecrets.key(event);
        boolean secretOnly = event.kind() == EventKind.TOKEN_ISSUED && application != null && event.client().app() == null;
        return application == null ? List.of(event.principal().name())
                : secretOnly ? List.of(application) : List.of(event.principal().name(), application);
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public State onEvent(Event event, State state, Context context) {
        Instant now = context.now();
        if (ApplicationSecrets.handles(context.key())) {
            ApplicationSecrets.onEvent(event, state.steps, ConsentScopes.SENSITIVE, ID, SPEC.attack(), context);
            return keep(state, context);
        }
        state.grants.removeIf(g -> !g.time().plus(settings.window()).isAfter(now));
        if (event.kind() == EventKind.CONSENT) {
            remember(event, state);
        } else {
            String app = event.client().app();
            Grant grant = state.grants.stream().filter(g -> g.appId().equalsIgnoreCase(app)).findFirst().orElse(null);
            if (grant != null) {
                state.grants.remove(grant);
                context.emit(ConsentAlert.of(SPEC, event, grant, context.evidence(event)));
            }
        }
        return keep(state, context);
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        state.grants.removeIf(g -> !g.time().plus(settings.window()).isAfter(time));
        return keep(state, context);
    }

    private void remember(Event event, State state) {
        String appId = event.client().app();
        String appName = event.client().appName() != null ? event.client().appName()
                : event.action() == null ? null : event.action().resource();
        Credential.Issuance grant = event.credential().issued();
        String scopes = grant.scopes().isEmpty() ? null : String.join(" ", grant.scopes());
        if (grant.tenantWide() && !settings.includeAdminConsent() || trusted(appId, appName) || scopes == null
                || ConsentScopes.lowImpact(scopes)) {
            return;
        }
        for (int i = 0; i < state.grants.size(); i++) {
            Grant known = state.grants.get(i);
            if (known.appId().equalsIgnoreCase(appId)) {
                state.grants.set(i, new Grant(appId, known.appName(), ConsentScopes.union(known.scopes(), scopes), known.time(),
                        known.evidence()));
                return;
            }
        }
        state.grants.add(new Grant(appId, appName, scopes, event.time(), Evidence.of(event)));
        if (state.grants.size() > MAX_GRANTS) {
            state.grants.remove(0);
        }
    }

    private boolean trusted(String appId, String appName) {
        return settings.trustedApps().stream().anyMatch(t -> t.equalsIgnoreCase(appId) || t.equalsIgnoreCase(appName));
    }

    private State keep(State state, Context context) {
        Instant expiry = state.grants.stream().map(g -> g.time().plus(settings.window())).max(Instant::compareTo).orElse(null);
        for (ApplicationSecrets.Step step : state.steps) {
            expiry = Expiring.later(expiry, step.time().plus(ApplicationSecrets.WINDOW));
        }
        return Expiring.keep(state, expiry, context);
    }
}
