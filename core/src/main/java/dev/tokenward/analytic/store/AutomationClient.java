package dev.tokenward.analytic.store;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.EventField;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Expiring;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.analytic.Severity;
import dev.tokenward.event.Agent;
import dev.tokenward.event.ClientClass;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Globs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A credential store or an SSO portal worked by a program: items used, or applications opened
 * through the portal, with a headless or automated browser, a scripted HTTP client or an attack
 * tool, or at a machine's cadence (requests whose gaps hardly vary) even with a browser's user agent. A person fills and reveals items now and then; a thief's
 * script or a headless browser driving a stolen session walks the vault. AN1156's "browser
 * automation" against password managers.
 *
 * <p>Keyed by principal; reads credential-store accesses (vault item usages) and SSO portal app
 * launches (a session credential's use that names the application opened). Sanctioned automation
 * (a backup integration, a service account's sync) is learnt, not allowlisted wholesale: a client
 * family the principal used on {@code learnedDays} (7) distinct earlier days is its own; and
 * principals may be named in {@code sanctionedPrincipals} (globs). The client's class comes from
 * the user agent, as enrichment classified it; where a source gives no browser user agent the
 * cadence still shows: {@code cadenceRequests} (20) requests in a row whose gaps' coefficient of
 * variation is under {@code maxGapVariation} (10%).
 *
 * <p>Severity is high for an automated browser or an attack tool, medium for a scripted client, a
 * bot or a machine cadence. One alert per principal per {@code repeatAfter}.
 *
 * <p>ATT&CK: T1555 (Credentials from Password Stores), T1059 (Command and Scripting Interpreter);
 * detection analytic AN1156.
 */
public final class AutomationClient implements Analytic<AutomationClient.State> {
    public static final String ID = "automation-client";
    private static final Set<ClientClass> PROGRAMS = EnumSet.of(ClientClass.AUTOMATION, ClientClass.SCRIPT, ClientClass.BOT,
            ClientClass.ATTACK_TOOL);
    private static final int MAX_FAMILIES = 16;

    static final AnalyticSpec SPEC = new AnalyticSpec(ID,
            "A credential store or SSO portal worked by an automated browser, a script or at a machine's cadence",
            List.of("T1555", "T1059", "AN1156"), EntityKind.PRINCIPAL, Severity.MEDIUM,
            List.of(FieldNeed.of(EventField.PRINCIPAL, EventKind.CREDENTIAL_STORE_ACCESS)),
            List.of(FieldNeed.of(EventField.CLIENT_USER_AGENT, EventKind.CREDENTIAL_STORE_ACCESS, EventKind.CREDENTIAL_USE)));

    /**
     * @param learnedDays          distinct earlier days a client family must have been used on to be the principal's own
     * @param sanctionedPrincipals principals whose automation is known (globs, {@code *} for any run of characters)
     * @param cadenceRequests      requests in a row judged for a machine's cadence
     * @param maxGapVariation      the gaps' coefficient of variation below which the cadence is a machine's
     * @param repeatAfter          quiet period per principal after an alert
     */
    public record Settings(int learnedDays, List<String> sanctionedPrincipals, int cadenceRequests, double maxGapVariation,
                           Duration repeatAfter) {
        public static final Settings DEFAULTS = new Settings(7, List.of(), 20, 0.10, Duration.ofHours(1));

        public Settings {
            sanctionedPrincipals = sanctionedPrincipals == null ? List.of() : List.copyOf(sanctionedPrincipals);
            dev.tokenward.event.Checks.require(learnedDays >= 1, "learnedDays must be at least 1, not %s", learnedDays);
            dev.tokenward.event.Checks.require(cadenceRequests >= 5, "cadenceRequests must be at least 5, not %s", cadenceRequests);
            dev.tokenward.event.Checks.require(maxGapVariation > 0 && maxGapVariation < 1, "maxGapVariation must be between 0 and 1");
        }
    }

    /** Per principal: the days each client family was used on, the last requests' times, the last alert. */
    public static final class State extends Expiring {
        /** Client family → {first day, last day, distinct days}. */
        public Map<String, long[]> families = new LinkedHashMap<>(4);
        public ArrayDeque<Long> times = new ArrayDeque<>(4);
        public Instant alerted;
        public long lastDay;
    }

    private final Settings settings;
    private final List<Pattern> sanctioned;

    public AutomationClient(Settings settings) {
        this.settings = settings;
        this.sanctioned = settings.sanctionedPrincipals().stream().map(Globs::pattern).toList();
    }

    private boolean sanctioned(String principal) {
        return sanctioned.stream().anyMatch(p -> p.matcher(principal).matches());
    }

    @Override
    public AnalyticSpec spec() {
        return SPEC;
    }

    @Override
    public boolean accepts(Event event) {
        return event.principal() != null && (event.kind() == EventKind.CREDENTIAL_STORE_ACCESS || SsoBulkAccess.launch(event));
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public State onEvent(Event event, State state, Context context) {
        long now = context.now().toEpochMilli();
        long day = Math.floorDiv(now, 86_400_000L);
        state.lastDay = day;
        Agent agent = event.client().agent();
        String family = agent == null || agent.family() == null ? null : agent.family();
        int earlierDays = family == null ? 0 : remember(state, family, day);
        state.times.addLast(now);
        while (state.times.size() > settings.cadenceRequests()) {
            state.times.removeFirst();
        }
        boolean quiet = state.alerted != null && state.alerted.plus(settings.repeatAfter()).isAfter(context.now());
        boolean sanctioned = sanctioned(event.principal().name());
        if (quiet || sanctioned) {
            return keep(state, context);
        }
        Evidence here = context.evidence(event);
        if (agent != null && PROGRAMS.contains(agent.clientClass()) && earlierDays < settings.learnedDays()) {
            state.alerted = context.now();
            context.emit(AutomationAlert.program(SPEC, event, agent, here, earlierDays));
        } else if (state.times.size() == settings.cadenceRequests()) {
            double variation = gapVariation(state.times);
            if (variation < settings.maxGapVariation()) {
                state.alerted = context.now();
                context.emit(AutomationAlert.cadence(SPEC, event, state, here, variation));
            }
        }
        return keep(state, context);
    }

    /** Records the family's use today; returns the distinct earlier days it was used on. */
    private static int remember(State state, String family, long day) {
        long[] seen = state.families.get(family);
        if (seen == null) {
            if (state.families.size() >= MAX_FAMILIES) {
                String oldest = state.families.entrySet().stream().min(Map.Entry.comparingByValue((a, b) -> Long.compare(a[1], b[1])))
                        .orElseThrow().getKey();
                state.families.remove(oldest);
            }
            state.families.put(family, new long[] {day, day, 1});
            return 0;
        }
        int earlier = (int) (seen[1] == day ? seen[2] - 1 : seen[2]);
        if (seen[1] != day) {
            seen[1] = day;
            seen[2]++;
        }
        return earlier;
    }

    /** The gaps' standard deviation over their mean; 1 when the requests are all at one moment. */
    static double gapVariation(ArrayDeque<Long> times) {
        Long[] t = times.toArray(new Long[0]);
        double sum = 0;
        for (int i = 1; i < t.length; i++) {
            sum += t[i] - t[i - 1];
        }
        double mean = sum / (t.length - 1);
        if (mean <= 0) {
            return 1;
        }
        double squares = 0;
        for (int i = 1; i < t.length; i++) {
            double d = t[i] - t[i - 1] - mean;
            squares += d * d;
        }
        return Math.sqrt(squares / (t.length - 1)) / mean;
    }

    /** Kept for the learning span after the last request. */
    private State keep(State state, Context context) {
        return Expiring.keep(state, Instant.ofEpochMilli((state.lastDay + 1) * 86_400_000L).plus(Duration.ofDays(2L * settings.learnedDays())),
                context);
    }
}
