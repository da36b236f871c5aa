package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.EventField;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Expiring;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.event.EventKind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * API calls of one principal far above its own habit: enumeration bursts (List, Get, Describe over
 * every bucket, role and region) and mass access with stolen keys or sessions.
 *
 * <p>Keyed by principal. A sliding window of {@code window} (10 minutes) counts the principal's
 * calls and their distinct operations and resources (operation, region, resource). Its baseline is
 * the busiest window of each hour it was active in, over its last 48 active hours: median and
 * median absolute deviation (robust to the odd busy hour). A burst is at least {@code minCalls}
 * calls over at least {@code minDistinct} distinct operations and resources, and more than
 * median + {@code deviations} × 1.4826 × MAD (at least one). Until a principal has
 * {@code learningHours} active hours, a burst needs four times {@code minCalls}, and a service or
 * workload identity's bursts are its schedule (a nightly or weekly job runs its full load from the
 * first run), not judged; except probing, which is judged from {@code minCalls} for anyone: a burst
 * in which identity, key, secret or audit calls were refused three times or more, and a fifth or
 * more of all calls were refused (a thief with a key it does not know the rights of tries and is
 * told no; a job or a person knows what it may do). Severity is high
 * when the burst is ten times the habit or reaches identity, key, secret or audit services (IAM,
 * STS, KMS, Secrets Manager, Organizations, CloudTrail, GuardDuty, ...) three times or more; medium
 * otherwise.
 *
 * <p>ATT&CK: T1580 (Cloud Infrastructure Discovery), T1087.004 (Cloud Account Discovery),
 * T1550.001; detection analytics AN1156 and AN0722 ("mass API access").
 */
public final class MassApiAccess implements Analytic<MassApiAccess.State> {
    public static final String ID = "mass-api-access";

    private static final AnalyticSpec SPEC = new AnalyticSpec(ID,
            "API calls far above the principal's habit",
            List.of("T1580", "T1087.004", "T1550.001", "AN1156", "AN0722"), EntityKind.PRINCIPAL, Severity.MEDIUM,
            List.of(FieldNeed.of(EventField.PRINCIPAL, EventKind.CREDENTIAL_USE),
                    FieldNeed.of(EventField.ACTION_OPERATION, EventKind.CREDENTIAL_USE)),
            List.of(FieldNeed.of(EventField.CLIENT_IP, EventKind.CREDENTIAL_USE)));

    private static final int HISTORY = 48;
    private static final int MAX_WINDOW = 2000;
    /** Marks window entries of calls to identity, key, secret and audit services. */
    private static final String SENSITIVE = "!";
    /** Marks window entries of refused calls; not part of the target. */
    private static final char REFUSED = '~';
    /** Refused sensitive calls, and the share of refused calls, that make a burst probing. */
    private static final int PROBES = 3;
    private static final double PROBING_SHARE = 0.2;

    /**
     * @param window        the sliding window
     * @param minCalls      calls in a window below which nothing is judged
     * @param minDistinct   distinct operations and resources in a window below which nothing is judged
     * @param deviations    how many scaled MADs above the median a burst must be
     * @param learningHours active hours before the principal's own baseline is trusted
     * @param repeatAfter   quiet period per principal after an alert
     */
    public record Settings(Duration window, int minCalls, int minDistinct, double deviations, int learningHours,
                           Duration repeatAfter) {
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(10), 25, 20, 6.0, 3, Duration.ofHours(1));
    }

    /** Per principal: the calls in the window, the busiest window of recent active hours, and the last alert. */
    public static final class State extends Expiring {
        public ArrayDeque<Long> times = new ArrayDeque<>(4);
        public ArrayDeque<String> targets = new ArrayDeque<>(4);
        public Map<String, Integer> distinct = new HashMap<>(4);
        public Evidence first;
        public long hour = Long.MIN_VALUE;
        public int hourPeak;
        /** The busiest window of each recent active hour; made when the first hour closes. */
        public int[] peaks;
        public int size;
        public int next;
        public Instant alerted;
    }

    private final Settings settings;

    public MassApiAccess(Settings settings) {
        this.settings = settings;
    }

    @Override
    public AnalyticSpec spec() {
        return SPEC;
    }

    @Override
    public boolean accepts(Event event) {
        return event.apiCall() && event.principal() != null;
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public State onEvent(Event event, State state, Context context) {
        long now = context.now().toEpochMilli();
        long hour = now / 3_600_000L;
        if (hour != state.hour) {
            closeHour(state);
            state.hour = hour;
        }
        evict(state, now);
        String target = (event.action().sensitive() ? SENSITIVE : "") + event.action().operation() + "|"
                + event.action().region() + "|" + event.action().resource();
        boolean refused = event.outcome() == dev.tokenward.event.Outcome.FAILURE;
        if (state.times.isEmpty()) {
            state.first = context.evidence(event);
        }
        state.times.addLast(now);
        state.targets.addLast(refused ? REFUSED + target : target);
        state.distinct.merge(target, 1, Integer::sum);
        if (state.times.size() > MAX_WINDOW) {
            drop(state);
        }
        int calls = state.times.size();
        state.hourPeak = Math.max(state.hourPeak, calls);
        boolean probing = probing(state);
        boolean schedule = state.size < settings.learningHours() && workload(event) && !probing;
        if (!schedule && calls >= settings.minCalls() && state.distinct.size() >= settings.minDistinct()
                && (state.alerted == null || !state.alerted.plus(settings.repeatAfter()).isAfter(context.now()))) {
            double threshold = probing ? Math.min(threshold(state), settings.minCalls() - 1) : threshold(state);
            if (calls > threshold) {
                alert(event, state, context, calls, threshold);
            }
        }
        return keep(state, context);
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        evict(state, time.toEpochMilli());
        return keep(state, context);
    }

    /** Whether the window's refusals are those of someone finding out what a key may do. */
    private static boolean probing(State state) {
        int refused = 0;
        int sensitive = 0;
        for (String target : state.targets) {
            if (target.charAt(0) == REFUSED) {
                refused++;
                sensitive += target.startsWith(SENSITIVE, 1) ? 1 : 0;
            }
        }
        return sensitive >= PROBES && refused >= PROBING_SHARE * state.targets.size();
    }

    /** Median + deviations × scaled MAD of recent hourly peaks; four times minCalls while learning. */
    double threshold(State state) {
        if (state.size < settings.learningHours()) {
            return 4.0 * settings.minCalls() - 1;
        }
        int[] peaks = Arrays.copyOf(state.size == HISTORY ? state.peaks : Arrays.copyOf(state.peaks, state.size), state.size);
        double median = median(peaks);
        int[] deviations = new int[peaks.length];
        for (int i = 0; i < peaks.length; i++) {
            deviations[i] = (int) Math.round(Math.abs(peaks[i] - median));
        }
        double mad = Math.max(1.0, 1.4826 * median(deviations));
        return Math.max(settings.minCalls() - 1, median + settings.deviations() * mad);
    }

    private void alert(Event event, State state, Context context, int calls, double threshold) {
        state.alerted = context.now();
        Evidence last = context.evidence(event);
        int usual = state.size == 0 ? 0 : Arrays.stream(Arrays.copyOf(state.peaks, state.size)).max().orElse(0);
        List<String> targets = state.targets.stream().map(t -> t.charAt(0) == REFUSED ? t.substring(1) : t).toList();
        long refused = state.targets.size() - state.targets.stream().filter(t -> t.charAt(0) != REFUSED).count();
        long sensitive = targets.stream().filter(t -> t.startsWith(SENSITIVE)).count();
        long enumeration = targets.stream().map(t -> t.startsWith(SENSITIVE) ? t.substring(1) : t)
                .filter(t -> t.startsWith("List") || t.startsWith("Get") || t.startsWith("Describe")).count();
        boolean wild = state.size >= settings.learningHours() && calls >= 10 * Math.max(1, median(Arrays.copyOf(state.peaks, state.size)));
        Severity severity = wild || sensitive >= 3 ? Severity.HIGH : Severity.MEDIUM;
        String habit = state.size < settings.learningHours() ? "no habit learned yet (" + state.size + " active hours)"
                : "its busiest 10 minutes of an hour usually " + (int) median(Arrays.copyOf(state.peaks, state.size))
                + ", at most " + usual + " over its last " + state.size + " active hours";
        String title = calls + " API calls over " + state.distinct.size() + " operations and resources in "
                + Describe.duration(Duration.ofMillis(state.times.peekLast() - state.times.peekFirst())) + " by " + event.principal().name() + " from "
                + last.where() + (probing(state) ? ", " + refused + " of them refused" : "") + "; " + habit;
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Mass API access?", "yes: " + calls + " calls in the window, threshold " + (int) Math.ceil(threshold));
        facts.put("Enumeration (List, Get, Describe)", enumeration + " of " + calls + " calls");
        facts.put("Distinct operations and resources", Integer.toString(state.distinct.size()));
        facts.put("Calls to identity, key, secret and audit services", Long.toString(sensitive));
        facts.put("Refused calls", refused + " of " + calls + (probing(state) ? ": probing what the credential may do" : ""));
        facts.put("Habit", habit);
        String credential = event.credential() == null ? null : event.credential().id();
        context.emit(new Signal(ID, SPEC.attack(), event.time(), severity, event.principal().name(), credential, title,
                state.first == null ? List.of(last) : List.of(state.first, last), facts));
    }

    /** A service or workload identity: while its habit is learnt, its runs are its schedule, not a burst above it. */
    private static boolean workload(Event event) {
        PrincipalType type = event.principal().type();
        return type == PrincipalType.WORKLOAD || type == PrincipalType.SERVICE;
    }

    private void closeHour(State state) {
        if (state.hourPeak > 0) {
            if (state.peaks == null) {
                state.peaks = new int[HISTORY];
            }
            state.peaks[state.next] = state.hourPeak;
            state.next = (state.next + 1) % HISTORY;
            state.size = Math.min(HISTORY, state.size + 1);
        }
        state.hourPeak = 0;
    }

    private void evict(State state, long now) {
        long horizon = now - settings.window().toMillis();
        while (!state.times.isEmpty() && state.times.peekFirst() <= horizon) {
            drop(state);
        }
    }

    private static void drop(State state) {
        state.times.removeFirst();
        String entry = state.targets.removeFirst();
        String target = entry.charAt(0) == REFUSED ? entry.substring(1) : entry;
        state.distinct.computeIfPresent(target, (k, n) -> n == 1 ? null : n - 1);
        if (state.times.isEmpty()) {
            state.first = null;
        }
    }

    /** Kept while it has a window or a baseline; a principal idle for 30 days is forgotten. */
    private static State keep(State state, Context context) {
        return Expiring.keep(state, Instant.ofEpochMilli(Math.max(state.hour, 0) * 3_600_000L).plus(Duration.ofDays(30)), context);
    }

    private static double median(int[] values) {
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
