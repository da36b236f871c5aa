package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Expiring;
import dev.tokenward.analytic.identity.FailuresThenAccess.Attempt;
import dev.tokenward.analytic.identity.FailuresThenAccess.Settings;
import dev.tokenward.analytic.identity.FailuresThenAccess.State;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What failures-then-access keeps per principal, network or client and when it lets it go: recent
 * failures and successes, capped, and the quiet periods after alerts; the state handling, kept apart
 * from the counting.
 */
final class AttemptMemory {
    private static final int MAX_REMEMBERED = 64;

    private final Settings settings;

    AttemptMemory(Settings settings) {
        this.settings = settings;
    }

    /** Adds a failure, dropping the oldest beyond the cap. */
    static void failed(State state, Attempt failure) {
        state.failures.add(failure);
        if (state.failures.size() > MAX_REMEMBERED) {
            state.failures.remove(0);
        }
    }

    /** Records a principal's success, dropping the oldest principal beyond the cap. */
    static void succeeded(State state, String principal, Instant now) {
        state.succeeded.put(principal, now);
        if (state.succeeded.size() > MAX_REMEMBERED) {
            state.succeeded.entrySet().stream().min(Map.Entry.comparingByValue())
                    .ifPresent(oldest -> state.succeeded.remove(oldest.getKey()));
        }
    }

    /** Records an identity a token was granted for, dropping the oldest beyond the cap. */
    static void granted(State state, String target, Instant now) {
        state.granted.put(target, now);
        if (state.granted.size() > MAX_REMEMBERED) {
            state.granted.entrySet().stream().min(Map.Entry.comparingByValue())
                    .ifPresent(oldest -> state.granted.remove(oldest.getKey()));
        }
    }

    /** The failed sign-ins and refused MFA challenges, without the refused tokens. */
    static List<Attempt> signIns(State state) {
        return state.failures.stream().filter(f -> !f.token()).toList();
    }

    /**
     * The failed sign-ins at {@code issuer} (the identity provider or cloud that signs its people in),
     * with those whose issuer is not known; all of them when {@code issuer} is not known. A password
     * sprayed at Okta is proved by a sign-in at Okta, not by an AWS console sign-in that happens to
     * share the spray's browser.
     */
    static List<Attempt> signInsAt(State state, String issuer) {
        return signIns(state).stream().filter(f -> issuer == null || f.evidence().issuer() == null
                || issuer.equals(f.evidence().issuer())).toList();
    }

    /** The principals among {@code failures} other than {@code principal}, in the order of their first failure. */
    static Set<String> failedOthers(List<Attempt> failures, String principal) {
        Set<String> failed = new LinkedHashSet<>();
        failures.forEach(f -> failed.add(f.principal()));
        failed.remove(principal);
        return failed;
    }

    boolean alertedRecently(State state, String principal, Instant now) {
        Instant last = state.alerted.get(principal);
        return last != null && last.plus(settings.repeatAfter()).isAfter(now);
    }

    void forget(State state, Instant now) {
        Instant horizon = now.minus(settings.window());
        state.failures.removeIf(f -> f.time().isBefore(horizon));
        state.succeeded.values().removeIf(t -> t.isBefore(horizon));
        state.granted.values().removeIf(t -> t.isBefore(horizon));
        state.alerted.values().removeIf(t -> !t.plus(settings.repeatAfter()).isAfter(now));
    }

    /** When whatever the state holds expires: failures, successes and quiet periods after alerts. */
    Instant expiry(State state) {
        Instant expiry = null;
        for (Attempt failure : state.failures) {
            expiry = Expiring.later(expiry, failure.time().plus(settings.window()));
        }
        for (Instant success : state.succeeded.values()) {
            expiry = Expiring.later(expiry, success.plus(settings.window()));
        }
        for (Instant grant : state.granted.values()) {
            expiry = Expiring.later(expiry, grant.plus(settings.window()));
        }
        for (Instant alerted : state.alerted.values()) {
            expiry = Expiring.later(expiry, alerted.plus(settings.repeatAfter()));
        }
        return expiry;
    }
}
