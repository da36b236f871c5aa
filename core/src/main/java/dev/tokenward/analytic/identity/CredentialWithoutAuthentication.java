package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.EventField;
import dev.tokenward.analytic.Expiring;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.baseline.CredentialRegistry;
import dev.tokenward.analytic.baseline.Lineage;
import dev.tokenward.event.Credential;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A credential used with no event that issued it: a session nobody signed in to, a temporary key no
 * call minted — forged, minted elsewhere, or stolen before the logs began.
 *
 * <p>Keyed by credential lineage (a session with its re-issued ids, a temporary key). A credential
 * is issued when the logs show its issuance: an event its source marks as issuing it (a sign-in, an
 * MFA completing one) or a token-issuing call whose response names it. Judged are sessions, refresh
 * tokens and temporary keys whose source logs their issuance at all (not console-session keys nor
 * IAM Identity Center role credentials) and says how long they live. A use of a credential never
 * issued alerts once, but only after the part of the logs it belongs to (source, account, region)
 * has been watched for longer than the credential lives, so that a run starting in the middle of
 * sessions does not alert on all of them — or sooner, when the credential says it was created after
 * that part of the logs began (an AWS key's {@code creationDate}) and its issuer is the account
 * whose logs these are.
 *
 * <p>Before that, two uses are judged at once, at medium, as no one's session left over from before
 * the logs: one from attack infrastructure (a hosting provider other than the issuer's cloud, an
 * attack tool, a script) on a network none of the tenant's people share; and a browser session
 * (not a refresh token: apps on phones and managed devices refresh theirs silently for months) that
 * turns up only after its owner has been seen signing in on {@value #REVIVED_AFTER_DAYS} days of
 * these logs, from a network the owner never used in them: a prefix on a fixed line; the network
 * owner (few of the tenant's people use) on a VPN, relay or mobile carrier, which hand out another
 * prefix with each connection. A session from before the logs is the owner's browser and is used
 * at once, from where the owner is; one that surfaces days later from a network the owner never
 * touched is someone else's copy. A browser session used in its owner's first such days is held
 * until they end, and raised then unless, on a fixed line, the owner used that prefix on as many
 * days or completed MFA on it (the owner was sitting there), or, on a network that pools its users,
 * the owner used its network owner on as many days. An owner the logs never show signing in on as
 * many days (a holiday export, someone on leave) gives nothing to judge by: a session through a
 * secure web gateway, which carries only its customers' staff, is then raised only if few of the
 * tenant's people work from its autonomous system.
 *
 * <p>When no id joins, a weaker join looks for a sign-in to the same principal within the lifetime
 * from the same network or device. Found, the alert is low (the source may have re-issued the id)
 * and names that sign-in. Keys get no weaker join: an issuer never issues one key under two ids.
 *
 * <p>ATT&CK: T1550.001, T1606 (Forge Web Credentials); detection analytics AN0722 ("tokens used
 * without a corresponding authentication") and AN0201.
 */
public final class CredentialWithoutAuthentication implements Analytic<CredentialWithoutAuthentication.State> {
    public static final String ID = "credential-without-authentication";

    private static final AnalyticSpec SPEC = new AnalyticSpec(ID,
            "Credential used with no authentication that issued it",
            List.of("T1550.001", "T1606", "AN0722", "AN0201"), EntityKind.CREDENTIAL, Severity.MEDIUM,
            List.of(FieldNeed.of(EventField.CREDENTIAL_ID, EventKind.SESSION_START, EventKind.AUTHENTICATION,
                    EventKind.CREDENTIAL_USE, EventKind.TOKEN_REFRESHED)),
            List.of(FieldNeed.of(EventField.ISSUED_CREDENTIAL_ID, EventKind.TOKEN_ISSUED),
                    FieldNeed.of(EventField.CLIENT_IP, EventKind.CREDENTIAL_USE, EventKind.AUTHENTICATION)));

    private static final Set<CredentialKind> JUDGED = EnumSet.of(CredentialKind.SESSION, CredentialKind.REFRESH_TOKEN,
            CredentialKind.TEMPORARY_KEY, CredentialKind.FEDERATION_TOKEN);
    /** Days of the owner's sign-ins after which a session from before the logs would have shown itself. */
    static final int REVIVED_AFTER_DAYS = 2;

    /**
     * @param lifetimes the longest a credential of each issuer lives in your organisation, by the issuer's name as
     *                  alerts give it ({@code Okta: 30d} for a longer global session policy); an issuer not listed
     *                  keeps what its source says (Okta sessions 7 days, Entra sessions 90, AWS temporary keys 36 h)
     */
    public record Settings(Map<String, Duration> lifetimes) {
        public static final Settings DEFAULTS = new Settings(Map.of());

        public Settings {
            lifetimes = Map.copyOf(lifetimes);
        }
    }

    /** Per credential that alerted, until when it could still be used; or one held while its owner is too new to the logs. */
    public static final class State extends Expiring {
        public boolean alerted;
        public Instant lastSeen;
        public Duration lifetime;
        public LeftoverCredential.Held held;
    }

    private final Settings settings;

    public CredentialWithoutAuthentication(Settings settings) {
        this.settings = settings;
    }

    @Override
    public AnalyticSpec spec() {
        return SPEC;
    }

    @Override
    public boolean accepts(Event event) {
        Credential credential = event.credential();
        return credential != null && event.outcome() == Outcome.SUCCESS && credential.lineageId() != null
                && JUDGED.contains(credential.kind()) && credential.issuance().issuanceLogged() && lifetime(credential) != null;
    }

    @Override
    public List<String> keys(Event event) {
        return List.of(event.credential().lineageId());
    }

    @Override
    public State newState() {
        return new State();
    }

    /**
     * Issued credentials need no state: the registry remembers their issuance. A credential that
     * alerted keeps a little, so that it alerts once.
     */
    @Override
    public State onEvent(Event event, State state, Context context) {
        if (state.alerted) {
            return seen(state, state.lifetime, context);
        }
        Lineage lineage = context.lineage(context.key());
        if (lineage != null && lineage.issued() || context.key().equals(CredentialRegistry.issuedId(event))) {
            return null;
        }
        Duration lifetime = lifetime(event.credential());
        Instant since = context.watchedSince(event);
        if (since == null || CredentialRoaming.thirdPartyApp(event) || issuedInSilence(event, context)) {
            return null;
        }
        boolean watchedLongEnough = !since.plus(lifetime).isAfter(context.now()) || LeftoverCredential.createdWhileWatched(event, since);
        if (!watchedLongEnough && !LeftoverCredential.fromAttackInfrastructure(event, context)
                && LeftoverCredential.revivedElsewhere(event, since, context) == null) {
            if (state.held == null) {
                state.held = LeftoverCredential.hold(SPEC, event, since, lifetime, context);
                if (state.held == null) {
                    return null;
                }
                context.setTimer(state.held.until());
            }
            return seen(state, lifetime, context);
        }
        context.emit(UnissuedAlert.of(SPEC, event, since, lifetime, watchedLongEnough, context));
        state.alerted = true;
        state.held = null;
        return seen(state, lifetime, context);
    }

    /** When its owner's first days end, a held session is raised unless its network owner turned out to be theirs. */
    @Override
    public State onTimer(Instant time, State state, Context context) {
        if (state.held != null && !time.isBefore(state.held.until())) {
            Instant later = state.held.judgeLater(context, time);
            if (later != null) {
                state.held = state.held.withUntil(later);
                context.setTimer(later);
                return keep(state, context);
            }
            if (state.held.stranger(context)) {
                context.emit(state.held.signal());
                state.alerted = true;
            }
            state.held = null;
        }
        return keep(state, context);
    }

    /**
     * Whether the credential says it was created while its logs were silent after being busy (a
     * delivery missing from them, see {@link Context#silentAt}): the call that minted it may be in
     * the lost minutes. One used from attack infrastructure is judged all the same.
     */
    private static boolean issuedInSilence(Event event, Context context) {
        Instant created = event.credential().issuedAt();
        return created != null && !created.isAfter(event.time()) && context.silentAt(event, created)
                && !LeftoverCredential.fromAttackInfrastructure(event, context);
    }

    private static State seen(State state, Duration lifetime, Context context) {
        state.lifetime = lifetime;
        state.lastSeen = context.now();
        return keep(state, context);
    }

    /** How long the credential lives: the configured lifetime of its issuer, else what its source says; null when unknown. */
    private Duration lifetime(Credential credential) {
        Duration configured = settings.lifetimes().get(credential.issuance().provider() == null ? "" : credential.issuance().provider());
        return configured != null ? configured : credential.issuance().lifetime();
    }

    /** Kept while the credential could still be used: its lifetime after it was last seen. */
    private static State keep(State state, Context context) {
        Instant heldUntil = state.held == null ? null : state.held.until();
        return Expiring.keep(state, Expiring.later(state.lastSeen.plus(state.lifetime), heldUntil), context);
    }
}
