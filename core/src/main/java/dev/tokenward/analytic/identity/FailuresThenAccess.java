package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.EventField;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Expiring;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.analytic.Severity;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.IpAddress;
import dev.tokenward.event.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Failed attempts followed by access: MFA fatigue and password guessing against one principal, and
 * password spraying from one network across many principals, each followed within a window by a
 * successful sign-in (the attempt that worked).
 *
 * <p>Two views of the same events. Keyed by principal: at least {@code minFailures} failed
 * passwords or refused MFA challenges within {@code window}, then a success for that principal.
 * Keyed by source network (/24 or /64), and by exact client (a spray rotating through addresses keeps
 * its tool's user agent): failures for at least {@code minPrincipals} distinct
 * principals within {@code window}, more of them than principals who signed in successfully from
 * there in the same time (an office or a carrier's NAT sees mostly successes; a spraying host sees
 * almost none), then a success from that network at the same identity provider (a password sprayed
 * at Okta is proved by a sign-in at Okta; Chrome sends every Windows user of one version the same
 * user agent, so an AWS console sign-in that shares the spray's browser string proves nothing).
 *
 * <p>What counts as a failure: a sign-in, session start or MFA verification that failed (wrong
 * password, unknown user, locked account, push denied or timed out). Interrupts that are part of a
 * normal flow (the sources' mappers tell them apart: an MFA prompt, "keep me signed in", consent
 * required) are not failures.
 *
 * <p>A third view, for tokens minted for other identities (a role assumed, a service account
 * impersonated): a caller refused tokens for at least {@code minFailures} distinct identities within
 * {@code window}, more of them than it was granted, then granted one. That is someone trying which
 * identities a stolen credential can become. It is counted per calling principal, and per network
 * for refusals whose caller the provider leaves out (Google Cloud redacts the caller of a refused
 * read). A scanner assuming a role in every account of an organisation is granted far more than it
 * is refused, and stays quiet.
 *
 * <p>ATT&CK: T1110.003 (Password Spraying), T1621 (MFA Request Generation), T1550.001 playbook
 * ("failed attempts before token use").
 */
public final class FailuresThenAccess implements Analytic<FailuresThenAccess.State> {
    public static final String ID = "failures-then-access";

    /** The events that are attempts: sign-ins, MFA, and tokens asked for another identity. */
    private static final EventKind[] ATTEMPTS = {EventKind.AUTHENTICATION, EventKind.SESSION_START, EventKind.MFA, EventKind.TOKEN_ISSUED};

    private static final AnalyticSpec SPEC = new AnalyticSpec(ID,
            "Failed sign-ins, refused MFA or refused tokens, then access",
            List.of("T1110.003", "T1621", "T1550.001", "AN0722"), EntityKind.PRINCIPAL, Severity.HIGH,
            List.of(FieldNeed.of(EventField.PRINCIPAL, ATTEMPTS), FieldNeed.of(EventField.OUTCOME, ATTEMPTS)),
            List.of(FieldNeed.of(EventField.CLIENT_IP, ATTEMPTS)));

    private static final String NETWORK = "network ";
    private static final String CLIENT = "client ";
    private static final int MAX_REMEMBERED = 64;

    /**
     * @param window        how long failures count, and how soon after them a success must follow
     * @param minFailures   failures against one principal that make a burst
     * @param minPrincipals principals failing from one network that make a spray
     * @param repeatAfter   quiet period per principal after an alert
     */
    public record Settings(Duration window, int minFailures, int minPrincipals, Duration repeatAfter) {
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(30), 4, 5, Duration.ofHours(24));

        public Settings {
            dev.tokenward.event.Checks.require(minFailures >= 2, "minFailures must be at least 2, not %d", minFailures);
            dev.tokenward.event.Checks.require(minPrincipals >= 2, "minPrincipals must be at least 2, not %d", minPrincipals);
            dev.tokenward.event.Checks.require(!window.isNegative() && !window.isZero(), "window must be positive");
        }
    }

    /** Per principal or per network: recent failures and successes, and when each principal last alerted. */
    public static final class State extends Expiring {
        public List<Attempt> failures = new ArrayList<>();
        public Map<String, Instant> succeeded = new HashMap<>();
        /** The identities tokens were granted for, for the token view. */
        public Map<String, Instant> granted = new HashMap<>();
        public Map<String, Instant> alerted = new HashMap<>();
    }

    /**
     * A failed attempt, compact: {@code target} is the identity a refused token was asked for, null
     * for a sign-in or MFA; {@code principal} is null where the source leaves the caller out.
     */
    public record Attempt(Instant time, String principal, boolean mfa, Evidence evidence, String target) {
        public Attempt(Instant time, String principal, boolean mfa, Evidence evidence) {
            this(time, principal, mfa, evidence, null);
        }

        boolean token() {
            return target != null;
        }
    }

    private final Settings settings;
    private final AttemptMemory memory;

    public FailuresThenAccess(Settings settings) {
        this.settings = settings;
        this.memory = new AttemptMemory(settings);
    }

    @Override
    public AnalyticSpec spec() {
        return SPEC;
    }

    @Override
    public boolean accepts(Event event) {
        if (event.kind() == EventKind.TOKEN_ISSUED) {
            return target(event) != null && (event.outcome() == Outcome.SUCCESS && event.principal() != null || failure(event));
        }
        if (event.principal() == null) {
            return false;
        }
        return switch (event.kind()) {
            case AUTHENTICATION, SESSION_START -> event.outcome() == Outcome.SUCCESS || failure(event);
            case MFA -> verified(event) || failure(event);
            default -> false;
        };
    }

    /**
     * The principal; the source network; and the exact client (a spray from rotating addresses keeps
     * its tool), each with a prefix that keeps it apart from principal names. Tokens are counted by
     * principal and network only.
     */
    @Override
    public List<String> keys(Event event) {
        List<String> keys = new ArrayList<>(event.keys(EntityKind.PRINCIPAL));
        event.keys(EntityKind.NETWORK).forEach(network -> keys.add(NETWORK + network));
        String client = event.client().userAgent();
        if (client != null && !client.isBlank() && event.kind() != EventKind.TOKEN_ISSUED) {
            keys.add(CLIENT + client);
        }
        return keys;
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public State onEvent(Event event, State state, Context context) {
        Instant now = context.now();
        memory.forget(state, now);
        boolean byNetwork = context.key().startsWith(NETWORK) || context.key().startsWith(CLIENT);
        if (event.kind() == EventKind.TOKEN_ISSUED) {
            tokens(event, state, context);
            return keep(state, context);
        }
        String principal = event.principal().name();
        if (failure(event)) {
            AttemptMemory.failed(state, new Attempt(now, principal, event.kind() == EventKind.MFA, context.evidence(event)));
            return keep(state, context);
        }
        if (byNetwork) {
            spray(event, state, context);
            AttemptMemory.succeeded(state, principal, now);
        } else {
            burst(event, state, context);
        }
        return keep(state, context);
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        memory.forget(state, time);
        return keep(state, context);
    }

    /**
     * A token asked for another identity: a refusal is remembered; a grant is judged against the
     * refusals by the same caller (in its principal's state) or, for refusals without a caller,
     * from the same network.
     */
    private void tokens(Event event, State state, Context context) {
        Instant now = context.now();
        String target = target(event);
        String principal = event.principal() == null ? null : event.principal().name();
        if (failure(event)) {
            AttemptMemory.failed(state, new Attempt(now, principal, false, context.evidence(event), target));
            return;
        }
        AttemptMemory.granted(state, target, now);
        boolean byCaller = !context.key().startsWith(NETWORK);
        List<Attempt> refusals = state.failures.stream().filter(f -> f.token() && (byCaller || f.principal() == null)).toList();
        Set<String> refused = new LinkedHashSet<>();
        refusals.forEach(f -> refused.add(f.target()));
        refused.removeAll(state.granted.keySet());
        if (refused.size() < settings.minFailures() || refused.size() <= state.granted.size()) {
            return;
        }
        String sweeper = sweeper(principal, event);
        if (memory.alertedRecently(state, sweeper, now)) {
            return;
        }
        state.alerted.put(sweeper, now);
        String network = byCaller ? null : context.key().substring(NETWORK.length());
        context.emit(FailureAlert.sweep(SPEC, event, refusals, refused, state.granted.size(), context.evidence(event), network,
                settings.window(), now));
    }

    /**
     * Whose sweep it is, for the quiet period after an alert: the caller from one network owner. A
     * leaked key is often tried by more than one party (scanners harvest the same public leak), and a
     * second sweep from another network owner within the day is another hand on the key, raised
     * again; the same sweep going on from the same owner is not.
     */
    private static String sweeper(String principal, Event event) {
        Long asn = event.network().asn();
        IpAddress ip = event.client().ip();
        return principal + " from " + (asn != null ? "AS" + asn : ip != null ? ip.prefix() : "no address");
    }

    /** The identity a token event asks a token for (the role, the service account); null when the source does not say. */
    private static String target(Event event) {
        return event.action() == null ? null : event.action().resource();
    }

    private void burst(Event event, State state, Context context) {
        List<Attempt> failures = AttemptMemory.signIns(state);
        if (failures.size() < settings.minFailures() || memory.alertedRecently(state, event.principal().name(), context.now())) {
            return;
        }
        state.alerted.put(event.principal().name(), context.now());
        context.emit(FailureAlert.burst(SPEC, event, failures, context.evidence(event), settings.window(), context.now()));
    }

    private void spray(Event event, State state, Context context) {
        String principal = event.principal().name();
        List<Attempt> failures = AttemptMemory.signInsAt(state, context.evidence(event).issuer());
        Set<String> failed = AttemptMemory.failedOthers(failures, principal);
        long succeeded = state.succeeded.keySet().stream().filter(p -> !p.equals(principal)).count() + 1;
        if (failed.size() < settings.minPrincipals() || failed.size() <= succeeded
                || memory.alertedRecently(state, principal, context.now())) {
            return;
        }
        String network = context.key().startsWith(CLIENT) ? null : context.key().substring(NETWORK.length());
        state.alerted.put(principal, context.now());
        context.emit(FailureAlert.spray(SPEC, event, failures, failed, succeeded, context.evidence(event), network, settings.window(),
                context.now()));
    }

    /** A completed MFA verification; a challenge sent is not access. */
    private static boolean verified(Event event) {
        return event.outcome() == Outcome.SUCCESS && event.credential() != null
                && event.credential().mfa() == dev.tokenward.event.Mfa.TRUE;
    }

    /**
     * A failed password, a refused MFA challenge or a refused token, as opposed to an interrupt of a
     * normal sign-in flow.
     */
    static boolean failure(Event event) {
        if (event.outcome() != Outcome.FAILURE) {
            return false;
        }
        return event.kind() == EventKind.SESSION_START || event.kind() == EventKind.MFA
                || event.kind() == EventKind.AUTHENTICATION || event.kind() == EventKind.TOKEN_ISSUED;
    }

    /** The state, or null once empty; a timer forgets the rest when it expires. */
    private State keep(State state, Context context) {
        return Expiring.keep(state, memory.expiry(state), context);
    }
}
