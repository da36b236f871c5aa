package dev.tokenward.runtime;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.StateLimits;
import dev.tokenward.analytic.baseline.BaselineSettings;
import dev.tokenward.analytic.baseline.CredentialRegistry;
import dev.tokenward.analytic.baseline.Lineage;
import dev.tokenward.analytic.baseline.OrganisationNetworks;
import dev.tokenward.analytic.baseline.Profile;
import dev.tokenward.analytic.baseline.Profiles;
import dev.tokenward.event.Event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
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
 *
 * <p>Memory is bounded by entity counts, never by the heap: each analytic keeps state for at most
 * its {@link StateLimits limit} of entities, and past it the entities whose entries were used least
 * recently (in processing order, which is event-time order) lose that analytic's state, a tenth of
 * the limit at a time, counted as evicted. A key's pending timers live in its entry and go with the state they were set for:
 * a timer for a state that is gone would find nothing to do.
 */
public final class Engine {
    private static final int RECENT = 4;
    private static final Timer[] NO_TIMERS = new Timer[0];

    private final List<Slot<?>> slots = new ArrayList<>();
    /** Per entity key, each analytic's state and the key's pending timers; least recently used first. */
    private final LinkedHashMap<String, Entry> states = new LinkedHashMap<>(1 << 12, 0.75f, true);
    /**
     * The keys looked up last and their entries (null where a key has none): the analytics of one
     * event share a few keys (its credential, its principal, its network), each looked up once.
     */
    private final String[] recentKeys = new String[RECENT];
    private final Entry[] recentEntries = new Entry[RECENT];
    private int recentNext;
    /** Where in the recent keys the key of the last {@link #entry} call sits. */
    private int recentAt;
    private final TreeSet<Timer> timers = new TreeSet<>();
    /** Per slot: entities holding its state, the most at once, the limit, and how many were evicted. */
    private final int[] held;
    private final int[] peak;
    private final int[] limits;
    private final long[] evicted;
    private final Consumer<Signal> signals;
    private Event evidenceOf;
    private dev.tokenward.analytic.Evidence evidence;
    private Instant watermark = Instant.MIN;
    private final Watches watches = new Watches();
    private final Profiles profiles;
    private final CredentialRegistry credentials;
    private final OrganisationNetworks organisation;
    private final LearningHold hold;
    private final Identities identities;
    private final HostJoin hostJoin;
    /** Handed every event as the analytics see it (joined, marked); for commands that read the telemetry itself. */
    private Consumer<Event> tap = event -> { };

    public Engine(List<? extends Analytic<?>> analytics, Consumer<Signal> signals) {
        this(analytics, BaselineSettings.DEFAULTS, StateLimits.DEFAULTS, signals);
    }

    public Engine(List<? extends Analytic<?>> analytics, BaselineSettings baseline, StateLimits limits, Consumer<Signal> signals) {
        for (Analytic<?> analytic : analytics) {
            slots.add(new Slot<>(analytic, slots.size()));
        }
        this.held = new int[slots.size()];
        this.peak = new int[slots.size()];
        this.evicted = new long[slots.size()];
        this.limits = slots.stream().mapToInt(slot -> limits.limit(slot.analytic.spec().id())).toArray();
        this.profiles = new Profiles(baseline, limits.limit(PROFILES));
        this.credentials = new CredentialRegistry(baseline, limits.limit(LINEAGE));
        OrganisationNetworks learnt = new OrganisationNetworks(baseline.organisation(), limits.limit(PROFILES));
        this.organisation = learnt;
        this.hold = new LearningHold(learnt, profiles, limits.limit(LINEAGE), signals);
        this.signals = signal -> {
            if (signal.severity().compareTo(dev.tokenward.analytic.Severity.HIGH) >= 0) {
                learnt.distrust(signal.decisive(), signal.principal());
                credentials.distrust(signal.credential(), signal.decisive());
            }
            hold.accept(signal);
        };
        this.identities = new Identities(limits.limit(LINEAGE));
        this.hostJoin = new HostJoin(limits.limit(LINEAGE));
    }

    /** A key's state: each analytic's (by slot index, null where it keeps none) and the timers pending for it. */
    private static final class Entry {
        final Object[] states;
        Timer[] timers = NO_TIMERS;
        int timerCount;

        Entry(int slots) {
            states = new Object[slots];
        }

        boolean empty() {
            if (timerCount > 0) {
                return false;
            }
            for (Object state : states) {
                if (state != null) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Handles one event: timers due before it fire first. The event's principal is named as the
     * source names it elsewhere when this record gives only an id, endpoint and network telemetry is
     * tied to its host, process and destination name ({@link HostJoin}), and an event from one of the
     * organisation's learnt networks is marked so, before the analytics see it.
     */
    public void process(Event raw) {
        advanceTo(raw.time());
        Event event = organisation.mark(hostJoin.join(identities.resolve(raw)));
        tap.accept(event);
        watches.observe(event);
        for (Slot<?> slot : slots) {
            slot.onEvent(event);
        }
        if (!slots.isEmpty()) {
            profiles.observe(event);
            organisation.observe(event, event.credential() == null ? null : credentials.get(event.credential().lineageId()));
            credentials.observe(event, this::evidence);
        }
    }

    /** Hands every event, in event-time order and as the analytics see it, to {@code observer} too. */
    void tap(Consumer<Event> observer) {
        tap = observer;
    }

    /** Fires the timers due strictly before {@code time}. */
    public void advanceTo(Instant time) {
        if (!time.isAfter(watermark)) {
            return;
        }
        watermark = time;
        hold.advance(time);
        while (!timers.isEmpty() && timers.first().isBefore(time)) {
            fire(timers.pollFirst());
        }
    }

    /**
     * The end of the input: every remaining timer fires, in order; then the signals held while
     * learning are judged, with what logs too short for the learning could teach.
     */
    public void finish() {
        while (!timers.isEmpty()) {
            fire(timers.pollFirst());
        }
        organisation.endOfInput();
        hold.finish();
    }

    /** A principal's profile as it stands, or null: for the playbook's look-ups, read-only. */
    public Profile profile(String principal) {
        return profiles.get(principal);
    }

    /** What the run learnt of the organisation: its networks, its carriers, and the alerts they excused. */
    public Learnt learnt() {
        return new Learnt(organisation.learnt(), organisation.carriers(), hold.excused());
    }

    /**
     * @param networks prefixes learnt as the organisation's own networks
     * @param carriers mobile carriers learnt: autonomous systems, and converged operators' mobile blocks
     * @param excused  signals held back while learning and dropped because one of those networks excused them
     */
    public record Learnt(long networks, long carriers, long excused) {
    }

    private void fire(Timer timer) {
        Entry entry = entry(timer.key());
        if (entry != null) {
            unlist(entry, timer);
        }
        slots.get(timer.slot()).onTimer(timer);
    }

    /** Per analytic: how many entities lost its state to the limit (only those that lost any). */
    public Map<String, Long> evicted() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (Slot<?> slot : slots) {
            if (evicted[slot.index] > 0) {
                counts.put(slot.analytic.spec().id(), evicted[slot.index]);
            }
        }
        if (profiles.evicted() > 0) {
            counts.put(PROFILES, profiles.evicted());
        }
        if (credentials.evicted() > 0) {
            counts.put(LINEAGE, credentials.evicted());
        }
        return counts;
    }

    /** Per analytic and baseline: the most entities that held its state at once. */
    public Map<String, Integer> peaks() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (Slot<?> slot : slots) {
            counts.put(slot.analytic.spec().id(), peak[slot.index]);
        }
        if (!slots.isEmpty()) {
            counts.put(PROFILES, profiles.peak());
            counts.put(LINEAGE, credentials.peak());
        }
        return counts;
    }

    /**
     * Per analytic: the entities holding state and the bytes their state takes serialized as JSON,
     * what a checkpoint of it would hold. Walks all state: for reports at the end of a run.
     */
    public Map<String, long[]> stateFootprint() {
        Map<String, long[]> footprint = new java.util.TreeMap<>();
        for (Slot<?> slot : slots) {
            footprint.put(slot.analytic.spec().id(), measure(slot.analytic.spec().id(), kept(slot)));
        }
        if (!slots.isEmpty()) {
            footprint.put(PROFILES, measure(PROFILES, profiles.all().values()));
            footprint.put(LINEAGE, measure(LINEAGE, credentials.all().values()));
        }
        return footprint;
    }

    /**
     * What holds memory across events, by name, for measuring it in the heap: each analytic's states
     * (by its id), the profiles ({@value #PROFILES}) and lineages ({@value #LINEAGE}), and the
     * runtime's own memory (timers, learnt organisation networks, identities, the host join).
     */
    public Map<String, Object> holders() {
        Map<String, Object> holders = new LinkedHashMap<>();
        for (Slot<?> slot : slots) {
            holders.put(slot.analytic.spec().id(), kept(slot));
        }
        holders.put(PROFILES, profiles.all());
        holders.put(LINEAGE, credentials.all());
        holders.put("timers", timers);
        holders.put("organisation-networks", organisation);
        holders.put("identities", identities);
        holders.put("host-join", hostJoin);
        return holders;
    }

    /** Every state the analytic in {@code slot} keeps, one per key. */
    private List<Object> kept(Slot<?> slot) {
        List<Object> kept = new ArrayList<>();
        for (Entry entry : states.values()) {
            if (entry.states[slot.index] != null) {
                kept.add(entry.states[slot.index]);
            }
        }
        return kept;
    }

    /**
     * Per kind of key, the distinct keys holding state at the end in any analytic keyed by that
     * kind, or in the profiles (principals) and lineages (credentials): what the state per principal
     * and per credential is taken over. Walks all state: for reports at the end of a run.
     */
    public Map<String, Integer> stateKeys() {
        Map<String, java.util.Set<String>> keys = new java.util.TreeMap<>();
        for (Map.Entry<String, Entry> entry : states.entrySet()) {
            for (Slot<?> slot : slots) {
                if (entry.getValue().states[slot.index] != null) {
                    keys.computeIfAbsent(slot.analytic.spec().keyedBy().name(), k -> new java.util.HashSet<>()).add(entry.getKey());
                }
            }
        }
        if (!slots.isEmpty()) {
            keys.computeIfAbsent(dev.tokenward.event.EntityKind.PRINCIPAL.name(), k -> new java.util.HashSet<>())
                    .addAll(profiles.all().keySet());
            keys.computeIfAbsent(dev.tokenward.event.EntityKind.CREDENTIAL.name(), k -> new java.util.HashSet<>())
                    .addAll(credentials.all().keySet());
        }
        Map<String, Integer> counts = new java.util.TreeMap<>();
        keys.forEach((kind, held) -> counts.put(kind, held.size()));
        return counts;
    }

    /** What each footprint entry is keyed by: each analytic's kind of key, principals for profiles, credentials for lineages. */
    public Map<String, String> stateKinds() {
        Map<String, String> kinds = new java.util.TreeMap<>();
        for (Slot<?> slot : slots) {
            kinds.put(slot.analytic.spec().id(), slot.analytic.spec().keyedBy().name());
        }
        if (!slots.isEmpty()) {
            kinds.put(PROFILES, dev.tokenward.event.EntityKind.PRINCIPAL.name());
            kinds.put(LINEAGE, dev.tokenward.event.EntityKind.CREDENTIAL.name());
        }
        return kinds;
    }

    /** The footprint entries of the shared state: profiles are keyed by principal, lineage by credential. */
    public static final String PROFILES = StateLimits.PROFILES;
    public static final String LINEAGE = StateLimits.LINEAGE;

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

    /** One evidence per event, shared by every analytic that keeps it. */
    private dev.tokenward.analytic.Evidence evidence(Event event) {
        if (event != evidenceOf) {
            evidenceOf = event;
            evidence = dev.tokenward.analytic.Evidence.of(event);
        }
        return evidence;
    }

    /** The entry of {@code key}, or null when no analytic keeps state or a timer for it. */
    private Entry entry(String key) {
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

    /** The entry of {@code key}, made when it has none. */
    private Entry entryMade(String key) {
        Entry entry = entry(key);
        if (entry == null) {
            entry = new Entry(slots.size());
            states.put(dev.tokenward.analytic.Shared.text(key), entry);
            recentEntries[recentAt] = entry;
        }
        return entry;
    }

    private Object stateOf(int slot, String key) {
        Entry entry = entry(key);
        return entry == null ? null : entry.states[slot];
    }

    /**
     * Sets (or, given null, drops) one analytic's state for {@code key}. A new state past the
     * analytic's limit evicts the state of the entity used least recently; a dropped state takes its
     * pending timers with it, and an entry with nothing left goes.
     */
    private void keep(int slot, String key, Object state) {
        if (state != null) {
            Entry entry = entryMade(key);
            boolean added = entry.states[slot] == null;
            entry.states[slot] = state;
            if (added) {
                held[slot]++;
                peak[slot] = Math.max(peak[slot], held[slot]);
                if (held[slot] > limits[slot]) {
                    evictLeastRecent(slot, key);
                }
            }
            return;
        }
        Entry entry = entry(key);
        if (entry != null) {
            drop(slot, key, entry);
        }
    }

    private void drop(int slot, String key, Entry entry) {
        if (entry.states[slot] != null) {
            entry.states[slot] = null;
            held[slot]--;
        }
        removeTimers(entry, slot);
        if (entry.empty()) {
            states.remove(key);
            forgetRecent(key);
        }
    }

    private void removeTimers(Entry entry, int slot) {
        for (int i = entry.timerCount - 1; i >= 0; i--) {
            if (entry.timers[i].slot() == slot) {
                timers.remove(entry.timers[i]);
                unlist(entry, entry.timers[i]);
            }
        }
    }

    /**
     * The entities holding {@code slot}'s state that were used least recently, other than
     * {@code current}, lose it until a tenth of the limit is free: one pass over the entries from the
     * least recently used, once per tenth of the limit, so eviction costs a few steps per new entity
     * however the entries of different analytics interleave.
     */
    private void evictLeastRecent(int slot, String current) {
        int target = limits[slot] - Math.max(1, limits[slot] / 10);
        List<String> emptied = new ArrayList<>();
        for (Map.Entry<String, Entry> candidate : states.entrySet()) {
            if (held[slot] <= target) {
                break;
            }
            Entry entry = candidate.getValue();
            if (entry.states[slot] == null || candidate.getKey().equals(current)) {
                continue;
            }
            entry.states[slot] = null;
            held[slot]--;
            evicted[slot]++;
            removeTimers(entry, slot);
            if (entry.empty()) {
                emptied.add(candidate.getKey());
            }
        }
        for (String key : emptied) {
            states.remove(key);
            forgetRecent(key);
        }
    }

    private void forgetRecent(String key) {
        for (int i = 0; i < RECENT; i++) {
            if (key.equals(recentKeys[i])) {
                recentKeys[i] = null;
                recentEntries[i] = null;
            }
        }
    }

    private void schedule(Timer timer) {
        if (timers.add(timer)) {
            Entry entry = entryMade(timer.key());
            if (entry.timerCount == entry.timers.length) {
                entry.timers = java.util.Arrays.copyOf(entry.timers, Math.max(2, entry.timerCount * 2));
            }
            entry.timers[entry.timerCount++] = timer;
        }
    }

    /** Takes a timer off its entry's list (it fired, or its state went). */
    private static void unlist(Entry entry, Timer timer) {
        for (int i = 0; i < entry.timerCount; i++) {
            if (entry.timers[i].equals(timer)) {
                entry.timers[i] = entry.timers[--entry.timerCount];
                entry.timers[entry.timerCount] = null;
                return;
            }
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
        public Instant watchedSince(Event event) {
            return watches.since(event);
        }

        @Override
        public boolean silentAt(Event event, Instant time) {
            return watches.silentAt(event, time);
        }

        @Override
        public int colleaguesOn(Long asn) {
            return organisation.peopleOn(asn);
        }

        @Override
        public boolean workedFrom(String country) {
            return organisation.workedFrom(country);
        }

        @Override
        public Profile profile(String principal) {
            return profiles.get(principal);
        }

        @Override
        public Object stateUnder(String other) {
            return stateOf(index, other);
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

        @Override
        public dev.tokenward.analytic.Evidence evidence(Event event) {
            return Engine.this.evidence(event);
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
