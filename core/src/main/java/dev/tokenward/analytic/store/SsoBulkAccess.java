package dev.tokenward.analytic.store;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.EventField;
import dev.tokenward.analytic.Expiring;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.baseline.Profile;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A single sign-on session opening far more applications than its person does, from a network that
 * is not theirs: a session phished through a proxy or stolen from a browser, replayed to go through
 * everything it can reach. ATT&CK's AN1156 ("SSO sessions").
 *
 * <p>Keyed by principal. It reads app launches: uses of a session credential that name the
 * application opened (Okta's single sign-on to an app). A sliding {@code window} (30 minutes) counts
 * the distinct applications opened; the habit is the most in any window on each earlier day with
 * launches (the last {@code habitDays}). A burst is at least {@code minApps} (6) distinct
 * applications and more than {@code overHabit} (2) times the habit, or more than the person opened
 * on any whole one of those days: people open their usual apps together each morning, so the habit
 * may be most of what they have, and a thief goes through every app the session can reach at once.
 * A burst from the organisation's
 * networks, the person's own (MFA completed there, or active there, on two days; on a VPN,
 * relay or mobile carrier, which pool their users, activity does not count) or their own
 * device (seen on two days, wherever it is: a hotel, a personal VPN) is the person setting up new
 * assignments after a role change or from an onboarding checklist, and is not raised; from
 * anywhere else it is. In the person's first {@code firstDays} (3 days) in the logs, when their
 * networks and devices cannot be known yet, the alert waits until then and is dropped if the
 * network or device turned out to be theirs.
 *
 * <p>Severity is medium; high when the burst began on a network the person never used in any
 * source, or when the session had stored passwords shown during it. One alert per principal and
 * network owner per {@code repeatAfter} (a second replay the same day from other infrastructure is
 * another alert); a day with a burst, raised or excused as the person's own (a setup after a role
 * change is a one-off), never joins the habit.
 *
 * <p>A stored password shown that belongs to another user ({@code action.revealedOf}, where the
 * source names whose it is) is raised on its own, whatever the count: a person is shown the
 * passwords of their own app assignments. Medium; high from a network the principal never used.
 *
 * <p>ATT&CK: T1550.004 (Web Session Cookie), T1539 (Steal Web Session Cookie), T1555; detection
 * analytic AN1156.
 */
public final class SsoBulkAccess implements Analytic<SsoBulkAccess.State> {
    public static final String ID = "sso-bulk-access";

    static final AnalyticSpec SPEC = new AnalyticSpec(ID, "An SSO session opening far more applications than its person does, from elsewhere, or shown another user's stored password",
            List.of("T1550.004", "T1539", "T1555", "AN1156"), EntityKind.PRINCIPAL, Severity.MEDIUM,
            List.of(FieldNeed.of(EventField.PRINCIPAL, EventKind.CREDENTIAL_USE), FieldNeed.of(EventField.CLIENT_APP, EventKind.CREDENTIAL_USE),
                    FieldNeed.of(EventField.CREDENTIAL_ID, EventKind.CREDENTIAL_USE)),
            List.of(FieldNeed.of(EventField.CLIENT_IP, EventKind.CREDENTIAL_USE)));

    /**
     * @param window      the sliding window distinct applications are counted in
     * @param minApps     distinct applications in a window below which nothing is judged
     * @param overHabit   how many times the habit's busiest window a burst must exceed
     * @param habitDays   earlier days with launches whose busiest windows make the habit
     * @param repeatAfter quiet period per principal and network owner after an alert
     * @param firstDays   how long from a person's first event in the logs a burst from a network or
     *                    device not yet known as theirs waits to be judged, while they are learnt
     */
    public record Settings(Duration window, int minApps, double overHabit, int habitDays, Duration repeatAfter, Duration firstDays) {
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(30), 6, 2.0, 14, Duration.ofHours(8), Duration.ofDays(3));

        public Settings {
            dev.tokenward.event.Checks.require(window != null && !window.isNegative() && !window.isZero(), "window must be positive");
            dev.tokenward.event.Checks.require(minApps >= 2, "minApps must be at least 2, not %s", minApps);
            dev.tokenward.event.Checks.require(overHabit >= 1, "overHabit must be at least 1, not %s", overHabit);
            dev.tokenward.event.Checks.require(habitDays >= 1, "habitDays must be at least 1, not %s", habitDays);
            dev.tokenward.event.Checks.require(firstDays != null && !firstDays.isNegative(), "firstDays must not be negative");
        }
    }

    /** Distinct applications counted in a day: more than a portal assigns anyone. */
    private static final int MAX_DAY_APPS = 500;

    /** Bursts held at once per person: one per network owner's replay, and a few more. */
    private static final int MAX_HELD = 4;

    /** Per principal: the window of applications opened and its habit, passwords shown, the last alert. */
    public static final class State extends Expiring {
        public RevealWindow apps = new RevealWindow();
        /**
         * The distinct applications opened today (their names' hashes), and how many on each of the
         * last {@code habitDays} days with launches.
         */
        public java.util.Set<Integer> dayApps = new java.util.HashSet<>();
        public java.util.ArrayDeque<Integer> dayWidths = new java.util.ArrayDeque<>();
        public long day = Long.MIN_VALUE;
        /** Whether today had a burst, raised or the person's own: such a day never joins the habit. */
        public boolean dayBurst;
        /** Stored passwords shown to the principal's sessions in the window: when the last was. */
        public Instant passwordShown;
        public Instant alerted;
        /** The network owner the last burst came from: a burst from another owner within the quiet period is another alert. */
        public String alertedFrom;
        /** When another user's stored password was last raised: its own quiet period, apart from bursts'. */
        public Instant otherShown;
        /** Bursts raised in the person's first days, judged once their networks and devices are known; at most {@link #MAX_HELD}. */
        public List<HeldSignal> held = new java.util.ArrayList<>();
    }

    private final Settings settings;

    public SsoBulkAccess(Settings settings) {
        this.settings = settings;
    }

    @Override
    public AnalyticSpec spec() {
        return SPEC;
    }

    @Override
    public boolean accepts(Event event) {
        return launch(event);
    }

    /**
     * An app launch through an SSO portal: a successful use of a session credential that names the
     * application opened (or has a stored password shown).
     */
    static boolean launch(Event event) {
        return event.kind() == EventKind.CREDENTIAL_USE && event.outcome() == Outcome.SUCCESS && event.principal() != null
                && event.credential() != null && event.credential().kind() == CredentialKind.SESSION && event.credential().id() != null
                && event.client().app() != null && (event.client().appName() != null || revealed(event));
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public State onEvent(Event event, State state, Context context) {
        long now = context.now().toEpochMilli();
        long day = RevealWindow.today(now, state.day, settings.habitDays(), state.dayBurst, state.apps);
        if (day != state.day) {
            if (!state.dayApps.isEmpty() && !state.dayBurst) {
                state.dayWidths.addLast(state.dayApps.size());
                while (state.dayWidths.size() > settings.habitDays()) {
                    state.dayWidths.removeFirst();
                }
            }
            state.dayApps.clear();
            state.day = day;
            state.dayBurst = false;
        }
        state.apps.evict(now, settings.window());
        if (revealed(event)) {
            state.passwordShown = context.now();
        }
        Profile profile = context.profile(event.principal().name());
        boolean quiet = state.alerted != null && state.alerted.plus(settings.repeatAfter()).isAfter(context.now())
                && event.networkOwner().equals(state.alertedFrom);
        boolean othersQuiet = state.otherShown != null && state.otherShown.plus(settings.repeatAfter()).isAfter(context.now());
        if (!othersQuiet && revealed(event) && event.action().revealedAnother(event.principal().name())) {
            state.otherShown = context.now();
            context.emit(SsoAlert.anotherUsersPassword(SPEC, event, profile, context.evidence(event)));
        }
        String app = event.client().appName() != null ? event.client().appName() : event.client().app();
        state.apps.add(app, now, event, context::evidence, HeldSignal.neverUsed(event, profile), null);
        state.apps.counted();
        if (state.dayApps.size() < MAX_DAY_APPS) {
            state.dayApps.add(app.hashCode());
        }
        int apps = state.apps.size();
        boolean aboveHabit = apps > settings.overHabit() * state.apps.habit();
        boolean burst = apps >= settings.minApps() && (aboveHabit || apps > widestDay(state));
        // a burst the person's own network or device excuses (a setup after a role change) is a one-off too
        state.dayBurst |= burst;
        if (!quiet && burst && event.network().zone() == null && !HeldSignal.own(profile, event)) {
            state.alerted = context.now();
            state.alertedFrom = event.networkOwner();
            Integer widest = aboveHabit ? null : widestDay(state);
            Signal signal = SsoAlert.burst(SPEC, settings.window(), event, state, widest, context.evidence(event));
            HeldSignal held = state.held.size() < MAX_HELD ? HeldSignal.hold(signal, event, profile, settings.firstDays(), context) : null;
            if (held != null) {
                state.held.add(held);
            } else {
                context.emit(signal);
            }
        }
        return keep(state, context);
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        state.held.removeIf(held -> held.judge(time, context));
        return keep(state, context);
    }

    /** Kept for the habit's span after the last launch, and until a held burst is judged. */
    private State keep(State state, Context context) {
        Instant heldUntil = state.held.stream().map(h -> h.until).max(Instant::compareTo).orElse(null);
        return Expiring.keep(state, Expiring.later(heldUntil,
                Instant.ofEpochMilli((state.day + 1) * 86_400_000L).plus(Duration.ofDays(settings.habitDays()))), context);
    }

    /** The most distinct applications the person opened on one of the habit's days; none before the first closed day. */
    private static int widestDay(State state) {
        return state.dayWidths.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Whether the portal handed over a stored password (an SWA app's, shown). */
    private static boolean revealed(Event event) {
        return event.action() != null && !event.action().revealed().isEmpty();
    }
}
