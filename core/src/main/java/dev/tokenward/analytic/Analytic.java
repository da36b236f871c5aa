package dev.tokenward.analytic;

import dev.tokenward.event.Event;

import java.time.Instant;
import java.util.List;

/**
 * A detection: reacts to events of one entity at a time, keeps plain-data state for it, and emits
 * signals. Implementations are small final classes with a nested settings record.
 *
 * <p>Rules that let the embedded runtime and a stream processor run the same analytic: no wall
 * clock, randomness, I/O or static mutable state; time is {@link Context#now()}; state holds only
 * records, primitives and standard collections, bounded per entity, and no services or lambdas.
 *
 * @param <S> the per-entity state
 */
public interface Analytic<S> {

    AnalyticSpec spec();

    /** Whether the analytic reads this event at all; cheap, and called before any state is touched. */
    boolean accepts(Event event);

    /** The entity keys to run this event under; by default all keys of the spec's entity kind. */
    default List<String> keys(Event event) {
        return event.keys(spec().keyedBy());
    }

    /** Fresh state for an entity seen for the first time. */
    S newState();

    /**
     * Handles one event for the entity {@link Context#key()}.
     *
     * @return the state to keep, or null to forget the entity
     */
    S onEvent(Event event, S state, Context context);

    /**
     * Handles a timer set with {@link Context#setTimer}.
     *
     * @return the state to keep, or null to forget the entity
     */
    default S onTimer(Instant time, S state, Context context) {
        return state;
    }
}
