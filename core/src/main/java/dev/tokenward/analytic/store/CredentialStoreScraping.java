package dev.tokenward.analytic.store;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.EventField;
import dev.tokenward.analytic.Expiring;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.baseline.Profile;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
 * median habit of the person's peers, the other people reading the same shared stores
 * ({@link StorePeers}) (except a person's
 * first reads of a password manager, from their own network or device: a new vault member), or, for a thief
 * pacing the reads like a person, at least {@code paceMinItems} (25) in a {@code paceWindow} (an
 * hour) and more than {@code overHabit} times that window's habit; a day on which a
 * burst was raised never joins the habit. An item the principal gives new contents ({@code
 * action.written}: saved with changes, a secret's new value) from their own network or device or
 * the organisation's leaves the windows, and reading it in the {@code paceWindow} after does not
 * count: someone rotating passwords (after a breach notice, or when an administrator leaves) reads
 * each item and saves it changed, and copies the new one to the site, from their desk. A stolen
 * session's saves come from the thief's network and excuse nothing. A service or
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
public final class CredentialStoreScraping implements Analytic<ScrapingState> {
    public static final String ID = "credential-store-scraping";
    static final int LISTED = 20;
    /** How recently the person's other sessions must have been active for a read from elsewhere to stand out. */
    static final Duration SAME_HOUR = Duration.ofHours(1);
    /** Stores remembered per principal, and stores named new in one day, at most. */
    static final int MAX_STORES = 64;

    static final AnalyticSpec SPEC = new AnalyticSpec(ID, "Secrets or vault items read far beyond the principal's habit, or a vault exported",
            List.of("T1555", "T1555.006", "T1552", "AN1156"), EntityKind.PRINCIPAL, Severity.MEDIUM,
            List.of(FieldNeed.of(EventField.PRINCIPAL, EventKind.CREDENTIAL_USE, EventKind.CREDENTIAL_STORE_ACCESS),
                    FieldNeed.of(EventField.ACTION_REVEALED, EventKind.CREDENTIAL_USE, EventKind.CREDENTIAL_STORE_ACCESS)),
            List.of(FieldNeed.of(EventField.CLIENT_IP, EventKind.CREDENTIAL_STORE_ACCESS),
                    FieldNeed.of(EventField.ACTION_WRITTEN, EventKind.CREDENTIAL_USE, EventKind.CREDENTIAL_STORE_ACCESS)));

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
        return event.principal() != null && event.action() != null
                && !(event.action().revealed().isEmpty() && event.action().written().isEmpty());
    }

    /**
     * The principal's key; for a person's reads of a shared store (a vault), the store's keys too,
     * under which the store's readers are kept ({@link StorePeers}).
     */
    @Override
    public List<String> keys(Event event) {
        return StorePeers.keys(event, ScrapingRules.export(event));
    }

    @Override
    public ScrapingState newState() {
        return new ScrapingState();
    }

    @Override
    public ScrapingState onEvent(Event event, ScrapingState state, Context context) {
        if (StorePeers.storeKey(context.key())) {
            StorePeers.read(event, state, context);
            return keep(state, context);
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
        state.forgetWrites(now, settings.paceWindow());
        Profile profile = context.profile(event.principal().name());
        if (!event.action().written().isEmpty() && ScrapingRules.maintenance(event, profile)) {
            state.wrote(event, now);
        }
        if (event.action().revealed().isEmpty()) {
            return keep(state, context);
        }
        if (ScrapingRules.export(event)) {
            if (!quiet(state, context)) {
                ScrapingRules.judgeExport(settings, event, state, profile, context);
            }
            return keep(state, context);
        }
        boolean newNetwork = HeldSignal.neverUsed(event, profile);
        String elsewhere = state.recent.first == null || state.paced.first == null
                ? HeldSignal.elsewhere(event, profile, context.now(), SAME_HOUR) : null;
        state.read(event, now, context, newNetwork, elsewhere);
        if (quiet(state, context)) {
            return keep(state, context);
        }
        StorePeers.Peers peers = state.recent.size() >= settings.minItems() || state.paced.size() >= settings.paceMinItems()
                ? StorePeers.of(event, context) : StorePeers.Peers.NONE;
        boolean fast = ScrapingRules.burst(settings, event, state.recent, settings.minItems(), profile, peers.fast());
        if (fast || ScrapingRules.burst(settings, event, state.paced, settings.paceMinItems(), profile, peers.paced())) {
            state.alerted = context.now();
            state.dayAlerted = true;
            context.emit(ScrapingAlert.burst(SPEC, settings, event, state, fast ? state.recent : state.paced,
                    fast ? settings.window() : settings.paceWindow(), context.evidence(event), peers, fast));
        }
        return keep(state, context);
    }

    /** Within {@code repeatAfter} of the principal's last alert. */
    private boolean quiet(ScrapingState state, Context context) {
        return state.alerted != null && state.alerted.plus(settings.repeatAfter()).isAfter(context.now());
    }

    @Override
    public ScrapingState onTimer(Instant time, ScrapingState state, Context context) {
        if (state.held != null && state.held.judge(time, context)) {
            state.held = null;
        }
        state.recent.evict(time.toEpochMilli(), settings.window());
        state.paced.evict(time.toEpochMilli(), settings.paceWindow());
        state.forgetWrites(time.toEpochMilli(), settings.paceWindow());
        return keep(state, context);
    }

    /** Kept for the habit's span after the last read, and until a held export is judged. */
    private ScrapingState keep(ScrapingState state, Context context) {
        return Expiring.keep(state, Expiring.later(state.held == null ? null : state.held.until,
                Instant.ofEpochMilli((state.day + 1) * 86_400_000L).plus(Duration.ofDays(settings.habitDays()))), context);
    }
}
