package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.identity.MassApiAccess.Settings;
import dev.tokenward.analytic.identity.MassApiAccess.State;
import dev.tokenward.event.Event;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signal mass-api-access raises for a burst: its title, facts and severity, kept apart from the
 * window and the baseline that decide it.
 */
final class MassApiAlert {
    private MassApiAlert() {
    }

    /**
     * High when the burst is ten times the habit or reaches identity, key, secret or audit services
     * three times or more; medium otherwise.
     */
    static Signal of(AnalyticSpec spec, Settings settings, Event event, State state, Evidence last, int calls, double threshold) {
        int usual = state.size == 0 ? 0 : Arrays.stream(Arrays.copyOf(state.peaks, state.size)).max().orElse(0);
        CallWindow.Counts counts = state.calls.count();
        long refused = counts.refused();
        long sensitive = counts.sensitive();
        boolean wild = state.size >= settings.learningHours()
                && calls >= 10 * Math.max(1, HourlyPeaks.median(Arrays.copyOf(state.peaks, state.size)));
        Severity severity = wild || sensitive >= 3 ? Severity.HIGH : Severity.MEDIUM;
        String habit = state.size < settings.learningHours() ? "no habit learned yet (" + state.size + " active hours)"
                : "its busiest 10 minutes of an hour usually " + (int) HourlyPeaks.median(Arrays.copyOf(state.peaks, state.size))
                + ", at most " + usual + " over its last " + state.size + " active hours";
        boolean probing = state.calls.probing();
        String title = calls + " API calls over " + state.calls.distinctTargets() + " operations and resources in "
                + Describe.duration(Duration.ofMillis(state.calls.span())) + " by " + event.principal().name() + " from "
                + last.where() + (probing ? ", " + refused + " of them refused" : "") + "; " + habit;
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Mass API access?", "yes: " + calls + " calls in the window, threshold " + (int) Math.ceil(threshold));
        facts.put("Enumeration (List, Get, Describe)", counts.enumeration() + " of " + calls + " calls");
        facts.put("Distinct operations and resources", Integer.toString(state.calls.distinctTargets()));
        facts.put("Calls to identity, key, secret and audit services", Long.toString(sensitive));
        facts.put("Refused calls", refused + " of " + calls + (probing ? ": probing what the credential may do" : ""));
        facts.put("Habit", habit);
        String credential = event.credential() == null ? null : event.credential().id();
        return new Signal(spec.id(), spec.attack(), event.time(), severity, event.principal().name(), credential, title,
                state.first == null ? List.of(last) : List.of(state.first, last), facts);
    }
}
