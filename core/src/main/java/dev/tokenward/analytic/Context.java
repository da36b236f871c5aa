package dev.tokenward.analytic;

import java.time.Instant;

/** What the runtime offers an analytic while it handles one event or timer. */
public interface Context {

    /** The current event time: the event's time, or the timer's. Never the wall clock. */
    Instant now();

    /** The entity key the state belongs to. */
    String key();

    void emit(Signal signal);

    /** Calls {@link Analytic#onTimer} for this key once event time reaches {@code time}. */
    void setTimer(Instant time);

    /**
     * The event time of the first event of {@code source} this run has seen, or null: how long the
     * source has been watched, for analytics that judge what was not seen.
     */
    Instant watchedSince(String source);
}
