package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.baseline.Facet;
import dev.tokenward.analytic.baseline.Lineage;
import dev.tokenward.analytic.identity.NewCredentialUnusualApi.Settings;
import dev.tokenward.analytic.identity.NewCredentialUnusualApi.State;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.IpAddress;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signal new-credential-unusual-api raises once a credential's score reaches the threshold: its
 * title, facts and severity, kept apart from the scoring.
 */
final class UnusualApiAlert {
    private UnusualApiAlert() {
    }

    static Signal of(AnalyticSpec spec, Settings settings, Event event, State state, ApiBaseline baseline, Context context) {
        String credential = event.credential().id();
        Lineage lineage = context.lineage(credential);
        String age = lineage == null || !lineage.issued() ? "first seen " + Describe.duration(lineage == null ? Duration.ZERO
                : lineage.age(context.now())) + " ago" : "issued " + Describe.duration(lineage.age(context.now())) + " ago by "
                + lineage.issuedBy.summary().split(" ")[0] + (lineage.principal == null ? "" : " to " + lineage.principal);
        String title = "New " + kind(event) + " " + credential + " (" + age + ") called " + state.unusual.size()
                + " APIs " + baseline.owner() + " never or rarely calls: " + String.join(", ", state.unusual.keySet());
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("New token making unusual API calls?", "yes: " + state.unusual.size() + " unusual APIs, score " + state.score
                + " (threshold " + settings.threshold() + (baseline.profile().learning()
                ? "; the baseline is still learning, so only APIs it has never seen count" : "") + ")");
        StringBuilder weights = new StringBuilder();
        state.unusual.forEach((api, weight) -> weights.append(weights.length() == 0 ? "" : ", ").append(api).append(" ").append(weight));
        facts.put("Unusual APIs", weights.toString());
        facts.put("From a network the baseline knows?", state.foreignFrom != null ? "no: " + state.foreignFrom
                + " (calls from it weigh " + settings.networkWeight() + " times)" : "yes");
        facts.put("Baseline", baseline.owner() + ": " + baseline.profile().describe() + ", "
                + baseline.profile().values(Facet.API).size() + " APIs known");
        if (lineage != null && lineage.issued()) {
            String summary = lineage.issuedBy.summary();
            facts.put("Issued", summary + (lineage.parent == null || summary.contains(lineage.parent) ? "" : " (parent " + lineage.parent + ")"));
        }
        Severity severity = state.changes ? Severity.HIGH : Severity.MEDIUM;
        Signal signal = new Signal(spec.id(), spec.attack(), event.time(), severity, event.principal().name(), credential, title,
                List.copyOf(state.calls), facts);
        String person = ApiBaseline.person(event);
        return person != null && oneNetwork(state.calls) ? signal.excusableBy(person, state.calls.toArray(Evidence[]::new)) : signal;
    }

    /**
     * Whether every unusual call came from one network (/24, /64). A role session named after a
     * person, used from one network, is excusable as that person at their own desk or in the
     * office: in the first days of the logs neither is known yet, and the signal waits for them
     * (the calls from a network that person completed MFA on, on two days, score nothing once it
     * is known). A session used from several networks is not excused by one of them.
     */
    private static boolean oneNetwork(List<Evidence> calls) {
        List<String> networks = calls.stream().map(call -> call.ip() == null ? null
                : IpAddress.parse(call.ip()).map(IpAddress::prefix).orElse(null)).distinct().toList();
        return networks.size() == 1 && networks.get(0) != null;
    }

    /** What the credential is: a role session, or its kind. */
    private static String kind(Event event) {
        return event.principal().parent() != null && event.credential().kind() == CredentialKind.TEMPORARY_KEY ? "role session"
                : Describe.kind(event.credential().kind());
    }
}
