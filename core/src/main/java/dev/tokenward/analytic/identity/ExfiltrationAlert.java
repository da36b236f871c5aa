package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.identity.WorkloadCredentialExfiltration.State;
import dev.tokenward.event.Credential;
import dev.tokenward.event.Event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signal workload-credential-exfiltration raises for a use from outside the workload: its title,
 * facts and evidence, and the step IMDSv1 adds to the severity; kept apart from the judgement of
 * where the use came from.
 */
final class ExfiltrationAlert {
    private ExfiltrationAlert() {
    }

    /**
     * The signal for {@code use}, described by {@code where}; {@code operator} is the evidence of
     * the operator whose address or client it shares, or null.
     */
    static Signal of(AnalyticSpec spec, Event event, State state, Evidence use, Severity severity, String where, Evidence operator) {
        String credential = event.credential().id();
        boolean v1 = event.credential().issuance().delivery() == Credential.Delivery.INSTANCE_METADATA_V1;
        boolean ci = event.credential().issuance().delivery() == Credential.Delivery.WEB_IDENTITY;
        String workload = event.credential().issuance().workload();
        String title = (ci ? "CI job credentials " : "Instance credentials ") + credential + " of " + event.principal().name()
                + " used from " + use.where() + ", " + where;
        List<Evidence> evidence = new ArrayList<>();
        for (Evidence e : new Evidence[] {state.issuance, operator, state.firstUse == use ? null : state.firstUse}) {
            if (e != null && !evidence.contains(e)) {
                evidence.add(e);
            }
        }
        evidence.add(use);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Used from an unfamiliar network?", "yes: " + use.where() + ", " + where);
        facts.put("Workload", (ci ? "CI web-identity role session " : "instance profile session ") + event.principal().name()
                + (workload == null ? "" : " on " + workload));
        if (state.firstUse != null && state.firstUse != use) {
            facts.put("The workload's own use", state.firstUse.where());
        }
        if (v1) {
            facts.put("Metadata service", "IMDSv1: the credentials can be read without a token, by any server-side request forgery"
                    + " (severity raised one step)");
        }
        return new Signal(spec.id(), spec.attack(), event.time(), v1 ? severity.raise() : severity, event.principal().name(),
                credential, title, evidence, facts);
    }
}
