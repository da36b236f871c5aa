package dev.tokenward.analytic;

import java.time.Instant;

/**
 * Keyed state that forgets itself: it keeps one expiry timer pending (see
 * {@link Context#renewExpiry}) and is dropped once event time passes the moment nothing in it
 * matters any more. Analytics' states extend it and hand their expiry to {@link #keep}.
 */
public abstract class Expiring {
    /** The expiry timer pending for this state, or null. */
    public Instant timerAt;

    /**
     * The state to keep until {@code expiry}, with its timer renewed; null (drop it) when the
     * expiry is null or not after the current event time.
     */
    public static <S extends Expiring> S keep(S state, Instant expiry, Context context) {
        if (expiry == null || !expiry.isAfter(context.now())) {
            return null;
        }
        state.timerAt = context.renewExpiry(state.timerAt, expiry);
        return state;
    }

    /** The later of two moments, either of which may be null. */
    public static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
