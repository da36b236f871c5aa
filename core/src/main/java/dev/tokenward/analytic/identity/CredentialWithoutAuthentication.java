package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.EventField;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Expiring;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.baseline.CredentialRegistry;
import dev.tokenward.analytic.baseline.Facet;
import dev.tokenward.analytic.baseline.Lineage;
import dev.tokenward.analytic.baseline.Profile;
import dev.tokenward.analytic.baseline.Seen;
import dev.tokenward.event.Credential;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.NetworkClass;
import dev.tokenward.event.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
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
 * these logs, from a network prefix the owner never used in them (on a fixed line: VPN, relay,
 * mobile and corporate egress hand out another prefix with each connection). A session from before the logs
 * is the owner's browser and is used at once, from where the owner is; one that surfaces days later
 * from a network the owner never touched is someone else's copy.
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
    private static final Set<CredentialKind> KEYS = EnumSet.of(CredentialKind.TEMPORARY_KEY, CredentialKind.FEDERATION_TOKEN);
    /** Principals on a network (with MFA behind them) that make it the tenant's people's. */
    private static final int COLLEAGUES = 5;
    /** Networks that hand their users a different egress prefix from one connection to the next. */
    private static final Set<NetworkClass> POOLED = EnumSet.of(NetworkClass.VPN, NetworkClass.PRIVACY_RELAY, NetworkClass.MOBILE,
            NetworkClass.CORPORATE, NetworkClass.PRIVATE);
    /** Days of the owner's sign-ins after which a session from before the logs would have shown itself. */
    private static final int REVIVED_AFTER_DAYS = 2;
    /** How long after the start of the logs a key's creation must lie for its minting to be in them. */
    private static final Duration SETTLE = Duration.ofMinutes(15);

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

    /** Per credential that alerted: until when it could still be used. */
    public static final class State extends Expiring {
        public boolean alerted;
        public Instant lastSeen;
        public Duration lifetime;
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
            state.lastSeen = context.now();
            return keep(state, context);
        }
        Lineage lineage = context.lineage(context.key());
        if (lineage != null && lineage.issued() || context.key().equals(CredentialRegistry.issuedId(event))) {
            return null;
        }
        Duration lifetime = lifetime(event.credential());
        Instant since = context.watchedSince(event);
        if (since == null || CredentialRoaming.thirdPartyApp(event)) {
            return null;
        }
        boolean watchedLongEnough = !since.plus(lifetime).isAfter(context.now()) || createdWhileWatched(event, since);
        if (!watchedLongEnough && !fromAttackInfrastructure(event, context) && revivedElsewhere(event, since, context) == null) {
            return null;
        }
        alert(event, since, lifetime, watchedLongEnough, context);
        state.alerted = true;
        state.lastSeen = context.now();
        state.lifetime = lifetime;
        return keep(state, context);
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        return keep(state, context);
    }

    /**
     * A credential created {@link #SETTLE} or more after its part of the logs began to be watched, by
     * the account whose logs these are: its issuance must be in them, whatever its lifetime.
     */
    private static boolean createdWhileWatched(Event event, Instant since) {
        Instant created = event.credential().issuedAt();
        String tenant = event.principal() == null ? null : event.principal().tenant();
        return created != null && !created.isBefore(since.plus(SETTLE)) && !created.isAfter(event.time())
                && tenant != null && tenant.equals(event.credential().issuance().issuerTenant());
    }

    /**
     * Before its logs have been watched for a lifetime, an unissued credential may be older than they
     * are; but one used from attack infrastructure (a hosting provider other than the issuer's cloud,
     * an attack tool, a script), on a network none of the tenant's people share, is no one's session
     * left over from before: judged at once, at medium. Not from a network owner its principal used
     * before: people rent VPN exits on hosting networks and sign in through them. (On the run's first
     * days, when nothing is known of the principal yet, the signal is held back and dropped if the
     * principal turns out to complete MFA from that network: see {@code LearningHold}.)
     */
    private static boolean fromAttackInfrastructure(Event event, Context context) {
        Evidence use = context.evidence(event);
        return (use.attackInfrastructure() != null || use.scripted()) && event.network().sharedBy() < COLLEAGUES
                && !principalsNetworkOwner(event, context);
    }

    /** Whether the event's principal used the event's autonomous system before it. */
    private static boolean principalsNetworkOwner(Event event, Context context) {
        Profile owner = event.principal() == null ? null : context.profile(event.principal().name());
        Long asn = event.network().asn();
        Seen seen = owner == null || asn == null ? null : owner.seen(Facet.ASN, "AS" + asn);
        return seen != null && seen.first.isBefore(event.time());
    }

    /**
     * A session first used after its owner has signed in on {@link #REVIVED_AFTER_DAYS} days of these
     * logs, from a network prefix the owner never used in them: how long the owner had been seen, or null.
     */
    private static String revivedElsewhere(Event event, Instant since, Context context) {
        if (event.credential().kind() != CredentialKind.SESSION || event.sourceNetwork() == null || POOLED.contains(event.network().networkClass())) {
            return null;
        }
        Profile owner = context.profile(event.principal().name());
        if (owner == null || owner.signIns < 2 || owner.firstSeen.isBefore(since)
                || owner.firstSeen.plus(Duration.ofDays(REVIVED_AFTER_DAYS)).isAfter(event.time())
                || owner.seen(Facet.NETWORK, event.sourceNetwork()) != null) {
            return null;
        }
        return "its owner has been signing in for " + Describe.between(owner.firstSeen, event.time()) + " of these logs (" + owner.signIns
                + " sign-ins), never from " + event.sourceNetwork();
    }

    private void alert(Event event, Instant since, Duration lifetime, boolean watchedLongEnough, Context context) {
        Evidence use = context.evidence(event);
        Credential credential = event.credential();
        String what = Describe.credential(credential);
        String issuance = KEYS.contains(credential.kind()) ? "call that minted it" : "sign-in that issued it";
        boolean byCreation = createdWhileWatched(event, since);
        String watched = Describe.between(since, event.time());
        String title = what + " " + context.key() + " used by " + event.principal().name() + " from " + use.where()
                + (byCreation ? ", created at " + credential.issuedAt() + " while its logs were watched, with no " + issuance
                : " with no " + issuance + " in " + watched + " of its logs");
        Map<String, String> facts = new LinkedHashMap<>();
        if (!watchedLongEnough) {
            String revived = revivedElsewhere(event, since, context);
            facts.put("Token used without a corresponding authentication?", "likely: no " + issuance + " in the " + watched
                    + " its logs have been watched, fewer than such a credential lives (" + Describe.duration(lifetime) + "), so it could"
                    + " be older than they are; but " + (revived != null && use.attackInfrastructure() == null && !use.scripted()
                    ? "it turns up only now, and " + revived : "it is used from " + (use.attackInfrastructure() != null
                    ? use.attackInfrastructure() : "a script") + ", on a network none of the tenant's people share"));
            facts.put("Used from", use.where());
            context.emit(new Signal(ID, SPEC.attack(), event.time(), Severity.MEDIUM, event.principal().name(), context.key(), title,
                    List.of(use), facts).excusableBy(use));
            return;
        }
        facts.put("Token used without a corresponding authentication?", byCreation
                ? "yes: it says it was created at " + credential.issuedAt() + ", after its logs began to be watched (" + since
                + "), and no " + issuance + " is in them (one minted through an endpoint of a region or account whose logs are"
                + " not collected would look like this)"
                : "yes: no " + issuance + " since " + since + ", longer than such a credential lives (" + Describe.duration(lifetime) + ")");
        Lineage weak = KEYS.contains(credential.kind()) ? null : weakJoin(event, lifetime, context);
        Severity severity = use.scripted() ? Severity.HIGH : Severity.MEDIUM;
        List<Evidence> evidence = List.of(use);
        if (weak == null) {
            facts.put("Join", KEYS.contains(credential.kind())
                    ? "on credential ids: high confidence that no issuing event was logged (keys get no weaker join: an issuer"
                    + " never issues one key under two ids)"
                    : "on credential ids: high confidence that no issuing event was logged; nor did the principal sign in from this"
                    + " device or network in the last " + Describe.duration(lifetime) + " (principal, device, network and time)");
        } else {
            severity = Severity.LOW;
            evidence = List.of(weak.issuedBy, use);
            facts.put("Join", "low confidence: no issuing event carries this id, but on principal, "
                    + (weak.network != null && weak.network.equals(event.sourceNetwork()) ? "network" : "device") + " and time it may"
                    + " come from " + weak.issuedBy.summary() + " at " + weak.issuedAt + " (a source that re-issued the id would"
                    + " look like this)");
        }
        facts.put("Used from", use.where());
        context.emit(new Signal(ID, SPEC.attack(), event.time(), severity, event.principal().name(), context.key(), title,
                evidence, facts));
    }

    /** A sign-in of the same source that issued a session to the same principal within the lifetime, from the same network or device. */
    private static Lineage weakJoin(Event event, Duration lifetime, Context context) {
        String network = event.sourceNetwork();
        String device = event.client().deviceId();
        for (Lineage issued : context.issuedTo(event.principal().name())) {
            boolean recent = !issued.issuedAt.plus(lifetime).isBefore(context.now());
            boolean sameSource = event.source().equals(issued.issuedBy.source());
            boolean sameNetwork = network != null && network.equals(issued.network);
            boolean sameDevice = device != null && device.equals(issued.issuedBy.deviceId());
            if (recent && sameSource && (sameNetwork || sameDevice)) {
                return issued;
            }
        }
        return null;
    }

    /** How long the credential lives: the configured lifetime of its issuer, else what its source says; null when unknown. */
    private Duration lifetime(Credential credential) {
        Duration configured = settings.lifetimes().get(credential.issuance().provider() == null ? "" : credential.issuance().provider());
        return configured != null ? configured : credential.issuance().lifetime();
    }

    /** Kept while the credential could still be used: its lifetime after it was last seen. */
    private static State keep(State state, Context context) {
        return Expiring.keep(state, state.lastSeen.plus(state.lifetime), context);
    }
}
