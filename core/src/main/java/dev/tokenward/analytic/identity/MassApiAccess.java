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
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.event.EventKind;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
        public final CallWindow calls = new CallWindow();
        /** The first call of the window, kept as evidence; null while the window is empty. */
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
            HourlyPeaks.closeHour(state);
            state.hour = hour;
        }
        evict(state, now);
        if (state.calls.isEmpty()) {
            state.first = context.evidence(event);
        }
        state.calls.add(event, now);
        int calls = state.calls.calls();
        state.hourPeak = Math.max(state.hourPeak, calls);
        if (calls < settings.minCalls() || state.calls.distinctTargets() < settings.minDistinct()
                || state.alerted != null && state.alerted.plus(settings.repeatAfter()).isAfter(context.now())) {
            return keep(state, context);
        }
        boolean probing = state.calls.probing();
        if (state.size < settings.learningHours() && workload(event) && !probing) {
            return keep(state, context);
        }
        double threshold = probing ? Math.min(HourlyPeaks.threshold(state, settings), settings.minCalls() - 1)
                : HourlyPeaks.threshold(state, settings);
        if (calls > threshold) {
            state.alerted = context.now();
            context.emit(MassApiAlert.of(SPEC, settings, event, state, context.evidence(event), calls, threshold));
        }
        return keep(state, context);
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        evict(state, time.toEpochMilli());
        return keep(state, context);
    }

    /** Drops the calls older than the window at {@code now}; the window's first call with them. */
    private void evict(State state, long now) {
        state.calls.evictUpTo(now - settings.window().toMillis());
        if (state.calls.isEmpty()) {
            state.first = null;
        }
    }

    /** A service or workload identity: while its habit is learnt, its runs are its schedule, not a burst above it. */
    private static boolean workload(Event event) {
        PrincipalType type = event.principal().type();
        return type == PrincipalType.WORKLOAD || type == PrincipalType.SERVICE;
    }

    /** Kept while it has a window or a baseline; a principal idle for 30 days is forgotten. */
    private static State keep(State state, Context context) {
        return Expiring.keep(state, Instant.ofEpochMilli(Math.max(state.hour, 0) * 3_600_000L).plus(Duration.ofDays(30)), context);
    }
}
