package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Expiring;
import dev.tokenward.analytic.identity.MfaNotSatisfied.Pending;
import dev.tokenward.analytic.identity.MfaNotSatisfied.Settings;
import dev.tokenward.analytic.identity.MfaNotSatisfied.State;
import dev.tokenward.analytic.identity.MfaNotSatisfied.Verification;
import dev.tokenward.event.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What mfa-not-satisfied keeps per principal and when it lets it go: MFA verifications and session
 * starts awaiting theirs, matched by sign-in flow (the same session lineage or address), and the
 * quiet periods after alerts; the state handling, kept apart from the judgement and the alerts.
 */
final class SignInFlows {
    /** Verifications, and session starts awaiting theirs, remembered per principal. */
    static final int MAX_REMEMBERED = 32;

    private final Settings settings;

    SignInFlows(Settings settings) {
        this.settings = settings;
    }

    /** Remembers an MFA verification, which settles the pending session starts of its flow. */
    static void verified(State state, Verification verified) {
        state.verifications.add(verified);
        state.pending.removeIf(p -> sameFlow(p.lineage(), p.ip(), verified));
        while (state.verifications.size() > MAX_REMEMBERED) {
            state.verifications.remove(0);
        }
    }

    /** Whether a sign-in of this lineage or address belongs to the verification's flow. */
    static boolean sameFlow(String lineage, String ip, Verification verification) {
        return lineage != null && lineage.equals(verification.lineage())
                || ip != null && ip.equals(verification.ip());
    }

    static String lineage(Event event) {
        return event.credential() == null ? null : event.credential().lineageId();
    }

    static String ip(Event event) {
        return event.client().ip() == null ? null : event.client().ip().toString();
    }

    boolean recentlyAlerted(State state, String key, Instant now) {
        Instant last = state.alerted.get(key);
        return last != null && now.isBefore(last.plus(settings.repeatAfter()));
    }

    void forgetOld(State state, Instant now) {
        Instant horizon = now.minus(settings.mfaWindow());
        state.verifications.removeIf(v -> v.time().isBefore(horizon));
        state.alerted.values().removeIf(t -> !now.isBefore(t.plus(settings.repeatAfter())));
    }

    /** When whatever the state holds expires: verifications, pending sign-ins and quiet periods after alerts. */
    Instant expiry(State state) {
        Instant expiry = null;
        for (Verification verification : state.verifications) {
            expiry = Expiring.later(expiry, verification.time().plus(settings.mfaWindow()));
        }
        for (Pending pending : state.pending) {
            expiry = Expiring.later(expiry, pending.deadline().plus(Duration.ofSeconds(1)));
        }
        for (Instant alerted : state.alerted.values()) {
            expiry = Expiring.later(expiry, alerted.plus(settings.repeatAfter()));
        }
        return expiry;
    }

    /** The pending session starts whose deadline has come, taken out of the state, oldest first. */
    static List<Pending> due(State state, Instant time) {
        List<Pending> due = state.pending.stream().filter(p -> !p.deadline().isAfter(time)).toList();
        state.pending.removeAll(due);
        return due;
    }
}
