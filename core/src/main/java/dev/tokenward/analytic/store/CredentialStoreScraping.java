package dev.tokenward.analytic.store;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.EventField;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Expiring;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.baseline.Profile;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.PrincipalType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A person, workload or token reading far more stored secrets or vault items than its own habit,
 * or exporting a vault from a network that is not its own: the scraping of password managers and
 * credential sync services (cloud secret stores) that ATT&CK's AN1156 describes.
 *
 * <p>Keyed by principal. It reads the normalised fact {@code action.revealed}: the secrets and
 * items whose contents an event handed over (a Secrets Manager secret, a decrypted parameter, a
 * vault item revealed, copied, filled or exported). A sliding {@code window} (10 minutes) counts the
 * distinct items revealed. The habit is the most distinct items of any window on each earlier day
 * the principal read any (its last {@code habitDays}). A burst is at least {@code minItems}
 * distinct items in the window and more than {@code overHabit} times the habit and times the
 * median habit of the person's peers, the other people reading the same shared stores (kept under
 * each store's key; at least {@value #MIN_PEERS} of them) (except a person's
 * first reads of a password manager, from their own network or device: a new vault member), or, for a thief
 * pacing the reads like a person, at least {@code paceMinItems} (25) in a {@code paceWindow} (an
 * hour) and more than {@code overHabit} times that window's habit; a day on which a
 * burst was raised never joins the habit. A service or
 * workload identity reads its secrets on a schedule (a deployment reads every secret it needs at
 * once), so until it has read on {@code learningDays} days its bursts are its habit being learnt; a
 * person is judged from the first day. A bulk export (a store-access event marked sensitive) is
 * judged on its network, not counted as reads: from the person's own network (MFA completed from
 * it, or active there, on two days) or the organisation's, it is an administrator's backup; from
 * elsewhere, it is an alert. In the person's first {@code exportHold} (3 days) in the logs, when
 * their networks cannot be known yet, the alert waits until then and is dropped if the network
 * turned out to be theirs.
 *
 * <p>Severity is medium; high for an export, for three times {@code minItems} or more, when the
 * burst reaches vaults or stores the principal had never read before, when it began on a network
 * the principal had never used in any source (their identity provider's sessions included), or
 * when it began on a network none of the person's other sessions used in the hour before while
 * they were active elsewhere (the identity provider's session of that hour at the office, the
 * vault read from somewhere else). Each alert lists the items
 * read (capped, with the total), so that containment can rotate them.
 *
 * <p>ATT&CK: T1555 (Credentials from Password Stores), T1555.006 (Cloud Secrets Management Stores),
 * T1552 (Unsecured Credentials); detection analytic AN1156.
 */
public final class CredentialStoreScraping implements Analytic<CredentialStoreScraping.State> {
    public static final String ID = "credential-store-scraping";
    static final int LISTED = 20;
    /** The key prefix of a shared store's state: who reads it, so that its readers are one another's peers. */
    static final String STORE = "store\u0000";
    /** Readers remembered per store, and stores keyed per event, at most. */
    private static final int MAX_READERS = 64;
    private static final int MAX_STORES_PER_EVENT = 4;
    /** Peers needed for their reading to count. */
    static final int MIN_PEERS = 3;
    /** How recently the person's other sessions must have been active for a read from elsewhere to stand out. */
    static final Duration SAME_HOUR = Duration.ofHours(1);
    /** Stores remembered per principal, and stores named new in one day, at most. */
    private static final int MAX_STORES = 64;

    static final AnalyticSpec SPEC = new AnalyticSpec(ID, "Secrets or vault items read far beyond the principal's habit, or a vault exported",
            List.of("T1555", "T1555.006", "T1552", "AN1156"), EntityKind.PRINCIPAL, Severity.MEDIUM,
            List.of(FieldNeed.of(EventField.PRINCIPAL, EventKind.CREDENTIAL_USE, EventKind.CREDENTIAL_STORE_ACCESS),
                    FieldNeed.of(EventField.ACTION_REVEALED, EventKind.CREDENTIAL_USE, EventKind.CREDENTIAL_STORE_ACCESS)),
            List.of(FieldNeed.of(EventField.CLIENT_IP, EventKind.CREDENTIAL_STORE_ACCESS)));

    /**
     * @param window       the sliding window distinct items are counted in
     * @param minItems     distinct items in a window below which nothing is judged
     * @param overHabit    how many times the habit's busiest window a burst must exceed
     * @param habitDays    earlier days with reads whose busiest windows make the habit
     * @param learningDays days with reads before a service or workload identity's bursts are judged
     * @param repeatAfter  quiet period per principal after an alert
     * @param paceWindow   the longer window a paced scrape is counted in
     * @param paceMinItems distinct items in the longer window below which nothing is judged
     * @param exportHold   how long from a person's first event in the logs an export from a network
     *                     not yet known as theirs waits to be judged, while their networks are learnt
     */
    public record Settings(Duration window, int minItems, double overHabit, int habitDays, int learningDays, Duration repeatAfter,
                           Duration paceWindow, int paceMinItems, Duration exportHold) {
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(10), 10, 3.0, 14, 3, Duration.ofHours(1),
                Duration.ofHours(1), 25, Duration.ofDays(3));

        public Settings {
            dev.tokenward.event.Checks.require(window != null && !window.isNegative() && !window.isZero(), "window must be positive");
            dev.tokenward.event.Checks.require(paceWindow != null && paceWindow.compareTo(window) > 0,
                    "paceWindow must be longer than window");
            dev.tokenward.event.Checks.require(paceMinItems > minItems, "paceMinItems must be more than minItems, not %s", paceMinItems);
            dev.tokenward.event.Checks.require(exportHold != null && !exportHold.isNegative(), "exportHold must not be negative");
            dev.tokenward.event.Checks.require(minItems >= 2, "minItems must be at least 2, not %s", minItems);
            dev.tokenward.event.Checks.require(overHabit >= 1, "overHabit must be at least 1, not %s", overHabit);
            dev.tokenward.event.Checks.require(habitDays >= 1 && learningDays >= 0, "habitDays must be at least 1, learningDays not negative");
        }
    }

    /** Per principal: the window's reads and habit, the stores ever read, the last alert. */
    public static final class State extends Expiring {
        public RevealWindow recent = new RevealWindow();
        public RevealWindow paced = new RevealWindow();
        public long day = Long.MIN_VALUE;
        /** A burst was raised today: the day's reads are not habit. */
        public boolean dayAlerted;
        public Set<String> stores = new LinkedHashSet<>(4);
        public Set<String> newStores = new LinkedHashSet<>(4);
        public Instant alerted;
        /** An export made in the person's first days from a network not yet known as theirs, judged later. */
        public HeldSignal held;
        /** Under a shared store's key: the people who read it lately, least recent first; null under a principal's. */
        public LinkedHashSet<String> readers;
    }

    /**
     * What a person's peers, the other people reading the same shared stores, usually read: the
     * median of their busiest windows ({@code fast}) and hours ({@code paced}); zeros with fewer
     * than {@value #MIN_PEERS} peers.
     */
    record Peers(int count, int fast, int paced) {
        static final Peers NONE = new Peers(0, 0, 0);
    }

    private final Settings settings;

    public CredentialStoreScraping(Settings settings) {
        this.settings = settings;
    }

    @Override
    public AnalyticSpec spec() {
        return SPEC;
    }

    @Override
    public boolean accepts(Event event) {
        return event.principal() != null && event.action() != null && !event.action().revealed().isEmpty();
    }

    /**
     * The principal's key; for a person's reads of a shared store (a vault), the store's keys too,
     * under which the store's readers are kept.
     */
    @Override
    public List<String> keys(Event event) {
        List<String> principal = event.keys(EntityKind.PRINCIPAL);
        if (!peerable(event)) {
            return principal;
        }
        List<String> keys = new ArrayList<>(principal);
        stores(event).forEach(store -> keys.add(STORE + store));
        return keys;
    }

    /** A person's reads of a shared store's items: what peers are made of. */
    private static boolean peerable(Event event) {
        return event.kind() == EventKind.CREDENTIAL_STORE_ACCESS && event.principal().type() == PrincipalType.HUMAN && !export(event);
    }

    /** The distinct stores the event's items live in, the first {@value #MAX_STORES_PER_EVENT}. */
    private static Set<String> stores(Event event) {
        Set<String> stores = new LinkedHashSet<>(2);
        for (String item : event.action().revealed()) {
            if (stores.size() < MAX_STORES_PER_EVENT) {
                stores.add(RevealWindow.store(event, item));
            }
        }
        return stores;
    }

    @Override
    public State newState() {
        return new State();
    }

    /** Under a store's key: the person joins its readers (the least recent makes room). */
    private State reader(Event event, State state, Context context) {
        if (state.readers == null) {
            state.readers = new LinkedHashSet<>(4);
        }
        String name = event.principal().name();
        state.readers.remove(name);
        state.readers.add(name);
        if (state.readers.size() > MAX_READERS) {
            state.readers.remove(state.readers.iterator().next());
        }
        state.day = Math.floorDiv(context.now().toEpochMilli(), 86_400_000L);
        return keep(state, context);
    }

    /**
     * The person's peers: the other readers of the stores the event reads, with what their own
     * habits say (the busiest window and hour of their earlier days), as medians.
     */
    private static Peers peers(Event event, Context context) {
        if (event.principal().type() != PrincipalType.HUMAN) {
            return Peers.NONE;
        }
        Set<String> seen = new LinkedHashSet<>();
        List<Integer> fast = new ArrayList<>();
        List<Integer> paced = new ArrayList<>();
        for (String store : stores(event)) {
            if (!(context.stateUnder(STORE + store) instanceof State shared) || shared.readers == null) {
                continue;
            }
            for (String reader : shared.readers) {
                if (!reader.equals(event.principal().name()) && seen.add(reader) && context.stateUnder(reader) instanceof State peer) {
                    fast.add(peer.recent.habit());
                    paced.add(peer.paced.habit());
                }
            }
        }
        return fast.size() < MIN_PEERS ? Peers.NONE : new Peers(fast.size(), median(fast), median(paced));
    }

    private static int median(List<Integer> values) {
        List<Integer> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get((sorted.size() - 1) / 2);
    }

    @Override
    public State onEvent(Event event, State state, Context context) {
        if (context.key().startsWith(STORE)) {
            return reader(event, state, context);
        }
        long now = context.now().toEpochMilli();
        long day = RevealWindow.today(now, state.day, settings.habitDays(), state.dayAlerted, state.recent, state.paced);
        if (day != state.day) {
            state.day = day;
            state.dayAlerted = false;
            state.newStores.clear();
        }
        state.recent.evict(now, settings.window());
        state.paced.evict(now, settings.paceWindow());
        Profile profile = context.profile(event.principal().name());
        if (export(event)) {
            if (!quiet(state, context)) {
                judgeExport(event, state, profile, context);
            }
            return keep(state, context);
        }
        boolean newNetwork = HeldSignal.neverUsed(event, profile);
        String elsewhere = state.recent.first == null || state.paced.first == null
                ? HeldSignal.elsewhere(event, profile, context.now(), SAME_HOUR) : null;
        for (String item : event.action().revealed()) {
            state.recent.add(item, now, event, context::evidence, newNetwork, elsewhere);
            state.paced.add(item, now, event, context::evidence, newNetwork, elsewhere);
            String store = RevealWindow.store(event, item);
            boolean unseen = !state.stores.contains(store);
            if (unseen && state.stores.size() < MAX_STORES) {
                state.stores.add(store);
            }
            if (unseen && !state.recent.peaks.isEmpty() && state.newStores.size() < MAX_STORES) {
                state.newStores.add(store);
            }
        }
        state.recent.counted();
        state.paced.counted();
        if (quiet(state, context)) {
            return keep(state, context);
        }
        Peers peers = state.recent.size() >= settings.minItems() || state.paced.size() >= settings.paceMinItems()
                ? peers(event, context) : Peers.NONE;
        boolean fast = burst(event, state.recent, settings.minItems(), profile, peers.fast());
        if (fast || burst(event, state.paced, settings.paceMinItems(), profile, peers.paced())) {
            state.alerted = context.now();
            state.dayAlerted = true;
            context.emit(ScrapingAlert.burst(SPEC, settings, event, state, fast ? state.recent : state.paced,
                    fast ? settings.window() : settings.paceWindow(), context.evidence(event), peers, fast));
        }
        return keep(state, context);
    }

    /** Within {@code repeatAfter} of the principal's last alert. */
    private boolean quiet(State state, Context context) {
        return state.alerted != null && state.alerted.plus(settings.repeatAfter()).isAfter(context.now());
    }

    /**
     * An export from the organisation's networks or the person's own (MFA completed there on two
     * days, or active there on two days) is an administrator's backup; from anywhere else, an alert.
     */
    private void judgeExport(Event event, State state, Profile profile, Context context) {
        String network = event.sourceNetwork();
        if (event.network().zone() != null || HeldSignal.own(profile, network, null)) {
            return;
        }
        state.alerted = context.now();
        Signal signal = ScrapingAlert.export(SPEC, event, state, context.evidence(event), profile != null);
        state.held = network == null ? null : HeldSignal.hold(signal, event, profile, settings.exportHold(), context);
        if (state.held == null) {
            context.emit(signal);
        }
    }

    /**
     * At least {@code minItems} distinct items in the window, over the principal's habit and over
     * their peers' (the median of their busiest), and the principal judged.
     */
    private boolean burst(Event event, RevealWindow window, int minItems, Profile profile, int peerHabit) {
        int items = window.size();
        if (items < minItems) {
            return false;
        }
        PrincipalType type = event.principal().type();
        boolean schedule = type == PrincipalType.SERVICE || type == PrincipalType.WORKLOAD;
        if (schedule && window.peaks.size() < settings.learningDays()) {
            return false;
        }
        return items > settings.overHabit() * Math.max(window.habit(), peerHabit) && !firstLook(event, window, profile);
    }

    /**
     * A person's first reads of a password manager's items (no reads on earlier days), from their
     * own network or device: someone newly given a shared vault going through it from their desk. A
     * thief's session comes from elsewhere; and nobody joins a cloud account by reading its secrets,
     * so secret stores' reads are always judged.
     */
    private static boolean firstLook(Event event, RevealWindow window, Profile profile) {
        return window.peaks.isEmpty() && event.kind() == EventKind.CREDENTIAL_STORE_ACCESS
                && HeldSignal.own(profile, event.sourceNetwork(), event.client().deviceId());
    }

    /** A bulk export: a credential-store access its source marks sensitive. */
    static boolean export(Event event) {
        return event.kind() == EventKind.CREDENTIAL_STORE_ACCESS && event.action().sensitive();
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        if (state.held != null && state.held.judge(time, context)) {
            state.held = null;
        }
        state.recent.evict(time.toEpochMilli(), settings.window());
        state.paced.evict(time.toEpochMilli(), settings.paceWindow());
        return keep(state, context);
    }

    /** Kept for the habit's span after the last read, and until a held export is judged. */
    private State keep(State state, Context context) {
        return Expiring.keep(state, Expiring.later(state.held == null ? null : state.held.until,
                Instant.ofEpochMilli((state.day + 1) * 86_400_000L).plus(Duration.ofDays(settings.habitDays()))), context);
    }
}
