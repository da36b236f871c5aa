package dev.tokenward.analytic.store;

import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.store.AutomationClient.State;
import dev.tokenward.event.Agent;
import dev.tokenward.event.ClientClass;
import dev.tokenward.event.Event;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The signals automation-client raises: titles, facts and severity, apart from the history that decides them. */
final class AutomationAlert {
    private AutomationAlert() {
    }

    /** High for an automated browser or an attack tool, medium for a script or a bot. */
    static Signal program(AnalyticSpec spec, Event event, Agent agent, Evidence here, int earlierDays) {
        boolean browser = agent.clientClass() == ClientClass.AUTOMATION || agent.clientClass() == ClientClass.ATTACK_TOOL;
        String what = Evidence.label(agent.clientClass()) + (agent.family() == null ? "" : " (" + agent.family() + ")");
        String title = (SsoBulkAccess.launch(event) ? "SSO portal" : "Credential store") + " used by " + event.principal().name()
                + " through " + what + " from " + here.where();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Automated client?", "yes: " + what + (earlierDays == 0 ? ", never seen for the principal before"
                : ", seen on " + earlierDays + " earlier days only"));
        facts.put("Action", event.action() == null ? event.kind().name() : event.action().operation());
        return signal(spec, event, browser ? Severity.HIGH : Severity.MEDIUM, title, List.of(here), facts);
    }

    static Signal cadence(AnalyticSpec spec, Event event, State state, Evidence here, double variation) {
        double seconds = (state.times.peekLast() - state.times.peekFirst()) / 1000.0 / (state.times.size() - 1);
        String title = state.times.size() + (SsoBulkAccess.launch(event) ? " SSO portal" : " credential-store") + " requests by "
                + event.principal().name() + " every "
                + String.format(java.util.Locale.ROOT, "%.1f s ± %.0f%%", seconds, variation * 100) + " from " + here.where()
                + ": a program's cadence" + (here.client() == null ? "" : ", though the client says " + here.client());
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Automated client?", "yes: a machine's cadence over " + Describe.duration(Duration.ofMillis(state.times.peekLast()
                - state.times.peekFirst())));
        return signal(spec, event, Severity.MEDIUM, title, List.of(here), facts);
    }

    private static Signal signal(AnalyticSpec spec, Event event, Severity severity, String title, List<Evidence> evidence, Map<String, String> facts) {
        String credential = event.credential() == null ? null : event.credential().id();
        return new Signal(spec.id(), spec.attack(), event.time(), severity, event.principal().name(), credential, title, evidence, facts);
    }
}
