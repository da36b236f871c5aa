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
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
 * almost none), then a success from that network.
 *
 * <p>What counts as a failure: a sign-in, session start or MFA verification that failed (wrong
 * password, unknown user, locked account, push denied or timed out). Interrupts that are part of a
 * normal flow (the sources' mappers tell them apart: an MFA prompt, "keep me signed in", consent
 * required) are not failures.
 *
 * <p>ATT&CK: T1110.003 (Password Spraying), T1621 (MFA Request Generation), T1550.001 playbook
 * ("failed attempts before token use").
 */
public final class FailuresThenAccess implements Analytic<FailuresThenAccess.State> {
    public static final String ID = "failures-then-access";

    private static final AnalyticSpec SPEC = new AnalyticSpec(ID,
            "Failed sign-ins or refused MFA, then access",
            List.of("T1110.003", "T1621", "T1550.001", "AN0722"), EntityKind.PRINCIPAL, Severity.HIGH,
            List.of(FieldNeed.of(EventField.PRINCIPAL, EventKind.AUTHENTICATION, EventKind.SESSION_START, EventKind.MFA),
                    FieldNeed.of(EventField.OUTCOME, EventKind.AUTHENTICATION, EventKind.SESSION_START, EventKind.MFA)),
            List.of(FieldNeed.of(EventField.CLIENT_IP, EventKind.AUTHENTICATION, EventKind.SESSION_START, EventKind.MFA)));

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
        public Map<String, Instant> alerted = new HashMap<>();
    }

    /** A failed attempt, compact. */
    public record Attempt(Instant time, String principal, boolean mfa, Evidence evidence) {
    }

    private final Settings settings;

    public FailuresThenAccess(Settings settings) {
        this.settings = settings;
    }

    @Override
    public AnalyticSpec spec() {
        return SPEC;
    }

    @Override
    public boolean accepts(Event event) {
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
     * its tool), each with a prefix that keeps it apart from principal names.
     */
    @Override
    public List<String> keys(Event event) {
        List<String> keys = new ArrayList<>(event.keys(EntityKind.PRINCIPAL));
        event.keys(EntityKind.NETWORK).forEach(network -> keys.add(NETWORK + network));
        String client = event.client().userAgent();
        if (client != null && !client.isBlank()) {
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
        forget(state, now);
        String principal = event.principal().name();
        boolean byNetwork = context.key().startsWith(NETWORK) || context.key().startsWith(CLIENT);
        if (failure(event)) {
            state.failures.add(new Attempt(now, principal, event.kind() == EventKind.MFA, context.evidence(event)));
            if (state.failures.size() > MAX_REMEMBERED) {
                state.failures.remove(0);
            }
            return keep(state, context);
        }
        if (byNetwork) {
            spray(event, state, context);
            state.succeeded.put(principal, now);
            if (state.succeeded.size() > MAX_REMEMBERED) {
                state.succeeded.entrySet().stream().min(Map.Entry.comparingByValue())
                        .ifPresent(oldest -> state.succeeded.remove(oldest.getKey()));
            }
        } else {
            burst(event, state, context);
        }
        return keep(state, context);
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        forget(state, time);
        return keep(state, context);
    }

    private void burst(Event event, State state, Context context) {
        List<Attempt> failures = state.failures;
        if (failures.size() < settings.minFailures() || alertedRecently(state, event.principal().name(), context.now())) {
            return;
        }
        Evidence access = context.evidence(event);
        long mfa = failures.stream().filter(Attempt::mfa).count();
        boolean sameNetwork = failures.stream().anyMatch(f -> sameNetwork(f.evidence(), access));
        String what = mfa == failures.size() ? "MFA challenges refused or unanswered"
                : mfa == 0 ? "failed sign-ins" : "failed sign-ins and refused MFA challenges";
        String title = failures.size() + " " + what + " for " + event.principal().name() + " in "
                + Describe.between(failures.get(0).time(), failures.get(failures.size() - 1).time()) + ", then "
                + access.summary().split(" ")[0] + " " + event.outcome().name() + " from " + access.where();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Failed attempts before token use?", "yes: " + failures.size() + " " + what + " within "
                + settings.window().toMinutes() + " min");
        facts.put("Failures from", distinct(failures.stream().map(f -> f.evidence().where()).toList()));
        facts.put("Access from", access.where() + (sameNetwork ? ", a network the failures came from" : ""));
        emit(event, state, context, failures, access, title, facts, sameNetwork ? Severity.HIGH : Severity.MEDIUM);
    }

    private void spray(Event event, State state, Context context) {
        String principal = event.principal().name();
        Set<String> failed = new LinkedHashSet<>();
        state.failures.forEach(f -> failed.add(f.principal()));
        failed.remove(principal);
        long succeeded = state.succeeded.keySet().stream().filter(p -> !p.equals(principal)).count() + 1;
        if (failed.size() < settings.minPrincipals() || failed.size() <= succeeded
                || alertedRecently(state, principal, context.now())) {
            return;
        }
        Evidence access = context.evidence(event);
        List<Attempt> failures = state.failures;
        boolean byClient = context.key().startsWith(CLIENT);
        String title = "Password spray " + (byClient ? "with " + (access.client() != null ? access.client() : "one client") + " from "
                + distinct(failures.stream().map(f -> f.evidence().ip()).toList()) + " and " + access.ip() : "from " + access.where())
                + ": " + failed.size() + " accounts failed in "
                + Describe.between(failures.get(0).time(), failures.get(failures.size() - 1).time()) + ", then " + principal
                + " signed in";
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Failed attempts before token use?", "yes: " + failures.size() + " failures for " + failed.size()
                + " accounts " + (byClient ? "with the same client" : "from " + context.key().substring(NETWORK.length())) + " within "
                + settings.window().toMinutes() + " min");
        facts.put("Many accounts hit the same way?", "yes: " + String.join(", ", failed.stream().limit(10).toList())
                + (failed.size() > 10 ? " and " + (failed.size() - 10) + " more" : ""));
        facts.put("Successful sign-ins " + (byClient ? "with that client" : "from that network") + " in the window", Long.toString(succeeded));
        emit(event, state, context, failures, access, title, facts, Severity.HIGH);
    }

    private void emit(Event event, State state, Context context, List<Attempt> failures, Evidence access, String title,
                      Map<String, String> facts, Severity severity) {
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(failures.get(0).evidence());
        if (failures.size() > 1) {
            evidence.add(failures.get(failures.size() - 1).evidence());
        }
        evidence.add(access);
        String credential = event.credential() == null ? null : event.credential().id();
        state.alerted.put(event.principal().name(), context.now());
        context.emit(new Signal(ID, SPEC.attack(), context.now(), severity, event.principal().name(), credential, title,
                evidence, facts));
    }

    /** A completed MFA verification; a challenge sent is not access. */
    private static boolean verified(Event event) {
        return event.outcome() == Outcome.SUCCESS && event.credential() != null
                && event.credential().mfa() == dev.tokenward.event.Mfa.TRUE;
    }

    /** A failed password or a refused MFA challenge, as opposed to an interrupt of a normal sign-in flow. */
    static boolean failure(Event event) {
        if (event.outcome() != Outcome.FAILURE) {
            return false;
        }
        return event.kind() == EventKind.SESSION_START || event.kind() == EventKind.MFA
                || event.kind() == EventKind.AUTHENTICATION;
    }

    private static boolean sameNetwork(Evidence a, Evidence b) {
        return a.ip() != null && b.ip() != null && (a.ip().equals(b.ip()) || a.asn() != null && a.asn().equals(b.asn()));
    }

    private boolean alertedRecently(State state, String principal, Instant now) {
        Instant last = state.alerted.get(principal);
        return last != null && last.plus(settings.repeatAfter()).isAfter(now);
    }

    private void forget(State state, Instant now) {
        Instant horizon = now.minus(settings.window());
        state.failures.removeIf(f -> f.time().isBefore(horizon));
        state.succeeded.values().removeIf(t -> t.isBefore(horizon));
        state.alerted.values().removeIf(t -> !t.plus(settings.repeatAfter()).isAfter(now));
    }

    /** The state, or null once empty; a timer forgets the rest when it expires. */
    private State keep(State state, Context context) {
        Instant expiry = null;
        for (Attempt failure : state.failures) {
            expiry = Expiring.later(expiry, failure.time().plus(settings.window()));
        }
        for (Instant success : state.succeeded.values()) {
            expiry = Expiring.later(expiry, success.plus(settings.window()));
        }
        for (Instant alerted : state.alerted.values()) {
            expiry = Expiring.later(expiry, alerted.plus(settings.repeatAfter()));
        }
        return Expiring.keep(state, expiry, context);
    }

    private static String distinct(List<String> values) {
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(values));
        return String.join("; ", unique.subList(0, Math.min(3, unique.size())))
                + (unique.size() > 3 ? String.format(Locale.ROOT, " and %d more", unique.size() - 3) : "");
    }
}
