package dev.tokenward.runtime;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.baseline.BaselineSettings;
import dev.tokenward.analytic.baseline.CredentialRegistry;
import dev.tokenward.analytic.baseline.Lineage;
import dev.tokenward.analytic.baseline.Profile;
import dev.tokenward.analytic.baseline.Profiles;
import dev.tokenward.event.Event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs analytics over events that arrive in event-time order: per analytic, one state per entity
 * key, and event-time timers that fire once the events have moved past them. The embedded
 * counterpart of a keyed stream function.
 *
 * <p>The analytics' states live in one table keyed by entity, each entry holding every analytic's
 * state for that key: most analytics key an event by the same credential or principal, so the
 * event costs one look-up in a table of hundreds of thousands of keys instead of one per analytic.
 *
 * <p>The engine also keeps what all analytics share, once per event and after they have handled
 * it: the per-principal {@link Profiles} and the {@link CredentialRegistry}. Without analytics it
 * keeps neither.
 */
public final class Engine {
    private static final int RECENT = 4;

    private final List<Slot<?>> slots = new ArrayList<>();
    /** Per entity key, each analytic's state (by slot index), null where that analytic keeps none. */
    private final Map<String, Object[]> states = new HashMap<>();
    /**
     * The keys looked up last and their entries (null where a key has none): the analytics of one
     * event share a few keys (its credential, its principal, its network), each looked up once.
     */
    private final String[] recentKeys = new String[RECENT];
    private final Object[][] recentEntries = new Object[RECENT][];
    private int recentNext;
    /** Where in the recent keys the key of the last {@link #entry} call sits. */
    private int recentAt;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final Set<Timer> pending = new HashSet<>();
    private final Consumer<Signal> signals;
    private Instant watermark = Instant.MIN;
    private final Map<String, Instant> watchedSince = new HashMap<>();
    private final Profiles profiles;
    private final CredentialRegistry credentials;

    public Engine(List<? extends Analytic<?>> analytics, Consumer<Signal> signals) {
        this(analytics, BaselineSettings.DEFAULTS, signals);
    }

    public Engine(List<? extends Analytic<?>> analytics, BaselineSettings baseline, Consumer<Signal> signals) {
        for (Analytic<?> analytic : analytics) {
            slots.add(new Slot<>(analytic, slots.size()));
        }
        this.signals = signals;
        this.profiles = new Profiles(baseline);
        this.credentials = new CredentialRegistry(baseline);
    }

    /** Handles one event: timers due before it fire first. */
    public void process(Event event) {
        advanceTo(event.time());
        watchedSince.merge(event.source(), event.time(), (a, b) -> a.isBefore(b) ? a : b);
        for (Slot<?> slot : slots) {
            slot.onEvent(event);
        }
        if (!slots.isEmpty()) {
            profiles.observe(event);
            credentials.observe(event);
        }
    }

    /** Fires the timers due strictly before {@code time}. */
    public void advanceTo(Instant time) {
        if (!time.isAfter(watermark)) {
            return;
        }
        watermark = time;
        while (!timers.isEmpty() && timers.peek().isBefore(time)) {
            Timer timer = timers.poll();
            pending.remove(timer);
            slots.get(timer.slot()).onTimer(timer);
        }
    }

    /** The end of the input: every remaining timer fires, in order. */
    public void finish() {
        while (!timers.isEmpty()) {
            Timer timer = timers.poll();
            pending.remove(timer);
            slots.get(timer.slot()).onTimer(timer);
        }
    }

    /**
     * Per analytic: the entities holding state and the bytes their state takes serialized as JSON,
     * what a checkpoint of it would hold. Walks all state: for reports at the end of a run.
     */
    public Map<String, long[]> stateFootprint() {
        Map<String, long[]> footprint = new java.util.TreeMap<>();
        for (Slot<?> slot : slots) {
            List<Object> held = new ArrayList<>();
            for (Object[] entry : states.values()) {
                if (entry[slot.index] != null) {
                    held.add(entry[slot.index]);
                }
            }
            footprint.put(slot.analytic.spec().id(), measure(slot.analytic.spec().id(), held));
        }
        if (!slots.isEmpty()) {
            footprint.put(PROFILES, measure(PROFILES, profiles.all().values()));
            footprint.put(LINEAGE, measure(LINEAGE, credentials.all().values()));
        }
        return footprint;
    }

    /** The footprint entries of the shared state: profiles are keyed by principal, lineage by credential. */
    public static final String PROFILES = "baseline.profiles";
    public static final String LINEAGE = "baseline.lineage";

    /** How many entities hold state, and the bytes of that state serialized as JSON. */
    private static long[] measure(String what, java.util.Collection<?> held) {
        com.fasterxml.jackson.databind.ObjectWriter json = dev.tokenward.output.Json.mapper().writer();
        long bytes = 0;
        for (Object state : held) {
            try {
                bytes += json.writeValueAsBytes(state).length;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("state of " + what + " is not plain data", e);
            }
        }
        return new long[] {held.size(), bytes};
    }

    /** The entry of {@code key}, or null when no analytic keeps state for it. */
    private Object[] entry(String key) {
        for (int i = 0; i < RECENT; i++) {
            String recent = recentKeys[i];
            if (recent != null && (recent == key || recent.equals(key))) {
                recentAt = i;
                return recentEntries[i];
            }
        }
        recentAt = recentNext;
        recentNext = (recentNext + 1) % RECENT;
        recentKeys[recentAt] = key;
        recentEntries[recentAt] = states.get(key);
        return recentEntries[recentAt];
    }

    private Object stateOf(int slot, String key) {
        Object[] entry = entry(key);
        return entry == null ? null : entry[slot];
    }

    /** Sets (or, given null, drops) one analytic's state for {@code key}; an entry with no state left goes. */
    private void keep(int slot, String key, Object state) {
        Object[] entry = entry(key);
        if (state != null) {
            if (entry == null) {
                entry = new Object[slots.size()];
                states.put(key, entry);
                recentEntries[recentAt] = entry;
            }
            entry[slot] = state;
        } else if (entry != null) {
            entry[slot] = null;
            for (Object other : entry) {
                if (other != null) {
                    return;
                }
            }
            states.remove(key);
            recentEntries[recentAt] = null;
        }
    }

    private void schedule(Timer timer) {
        if (pending.add(timer)) {
            timers.add(timer);
        }
    }

    /**
     * A timer of one analytic (its slot) for one key. The time is held as numbers, not as an
     * {@link Instant}: the queue compares timers scattered over the heap, and one object fewer per
     * comparison matters with hundreds of thousands pending.
     */
    record Timer(long epochSecond, int nano, int slot, String key) implements Comparable<Timer> {
        Timer(Instant time, int slot, String key) {
            this(time.getEpochSecond(), time.getNano(), slot, key);
        }

        Instant time() {
            return Instant.ofEpochSecond(epochSecond, nano);
        }

        boolean isBefore(Instant time) {
            return epochSecond < time.getEpochSecond() || epochSecond == time.getEpochSecond() && nano < time.getNano();
        }

        @Override
        public int compareTo(Timer other) {
            if (epochSecond != other.epochSecond) {
                return Long.compare(epochSecond, other.epochSecond);
            }
            if (nano != other.nano) {
                return Integer.compare(nano, other.nano);
            }
            return slot != other.slot ? Integer.compare(slot, other.slot) : key.compareTo(other.key);
        }
    }

    private final class Slot<S> implements Context {
        private final Analytic<S> analytic;
        private final int index;
        private Instant now;
        private boolean firing;
        private String key;

        Slot(Analytic<S> analytic, int index) {
            this.analytic = analytic;
            this.index = index;
        }

        void onEvent(Event event) {
            if (!analytic.accepts(event)) {
                return;
            }
            for (String entity : analytic.keys(event)) {
                now = event.time();
                key = entity;
                S state = state(entity);
                keep(index, entity, analytic.onEvent(event, state == null ? analytic.newState() : state, this));
            }
        }

        void onTimer(Timer timer) {
            S state = state(timer.key());
            if (state == null) {
                return;
            }
            now = timer.time();
            key = timer.key();
            firing = true;
            try {
                keep(index, timer.key(), analytic.onTimer(now, state, this));
            } finally {
                firing = false;
            }
        }

        @SuppressWarnings("unchecked")
        private S state(String entity) {
            return (S) stateOf(index, entity);
        }

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public Instant watchedSince(String source) {
            return Engine.this.watchedSince.get(source);
        }

        @Override
        public Profile profile(String principal) {
            return profiles.get(principal);
        }

        @Override
        public Lineage lineage(String credential) {
            return credentials.get(credential);
        }

        @Override
        public List<Lineage> issuedTo(String principal) {
            return credentials.issuedTo(principal);
        }

        @Override
        public void emit(Signal signal) {
            signals.accept(signal);
        }

        /**
         * Schedules a timer. One asked for during a timer callback at or before that timer's time
         * would fire again at once, for ever: it is dropped.
         */
        @Override
        public void setTimer(Instant time) {
            if (firing && !time.isAfter(now)) {
                return;
            }
            schedule(new Timer(time, index, key));
        }
    }
}
