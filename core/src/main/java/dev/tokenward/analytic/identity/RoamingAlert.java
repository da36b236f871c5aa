package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.identity.CredentialRoaming.State;
import dev.tokenward.analytic.identity.NetworkFit.Seen;
import dev.tokenward.event.Action;
import dev.tokenward.event.ClientClass;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.NetworkClass;
import dev.tokenward.event.Risk;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signal credential-roaming raises for a use from a network the credential does not belong to:
 * its title, facts and severity, kept apart from the judgement of whether it belongs.
 */
final class RoamingAlert {
    private static final Set<Action.Tactic> GRAVE = EnumSet.of(Action.Tactic.CREDENTIAL_ACCESS, Action.Tactic.PERSISTENCE,
            Action.Tactic.PRIVILEGE_ESCALATION);

    private RoamingAlert() {
    }

    /**
     * The signal for {@code use}, compared with the network the credential was first used from;
     * {@code stolen} says why a long-term key is judged, or is null; {@code thief} is the network
     * that alerted that the use belongs with, when the thief is back with the key, or null.
     */
    static Signal of(AnalyticSpec spec, Event event, State state, Seen use, String stolen, Seen thief, Context context) {
        Seen home = state.networks.get(0);
        Set<String> differing = NetworkFit.differing(use, home);
        if (NetworkFit.deviceLost(use, home)) {
            differing.add("the device id, given at first, is gone");
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Used from an unfamiliar network?", "yes: " + use.evidence().where() + (stolen == null ? "" : ", " + stolen));
        facts.put("Network the credential was first used from", state.first.where() + (state.issuer == null ? "" : " (its issuance)"));
        facts.put("What changed", differing.isEmpty() ? "the network prefix only (no other facts to compare)" : String.join(", ", differing));
        if (use.networkClass() != null && use.networkClass() != NetworkClass.UNKNOWN) {
            facts.put("Kind of network", Evidence.label(use.networkClass()) + (home.networkClass() == null
                    || home.networkClass() == NetworkClass.UNKNOWN ? "" : " (first use: " + Evidence.label(home.networkClass()) + ")"));
        }
        if (use.clientClass() != null) {
            facts.put("Client", (use.family() == null ? "" : use.family() + ", ") + Evidence.label(use.clientClass()));
        }
        if (thief != null) {
            facts.put("Back after", Describe.between(thief.lastSeen(), context.now()) + ": the key was last used like this from "
                    + thief.prefix() + (thief.asn() == null ? "" : " (AS" + thief.asn() + (thief.asOrg() == null ? ""
                    : " " + thief.asOrg()) + ")") + " on " + thief.lastSeen().toString().substring(0, 10)
                    + ", in the sitting that alerted");
        }
        facts.put("Time since first use", Describe.between(state.first.time(), context.now()));
        facts.put("Credential", state.label + " " + context.key());
        if (state.issuer != null) {
            facts.put("Issued by", state.issuer);
        }
        String title = state.label + " " + context.key() + " used from " + use.evidence().where()
                + (use.prefix().equals(home.prefix()) ? ", where the logs first show it" : " after " + state.first.where());
        Signal signal = new Signal(spec.id(), spec.attack(), context.now(), severity(event, use, differing, stolen), state.owner,
                context.key(), title, List.of(state.first, use.evidence()), facts).excusableBy(use.evidence());
        // the sides that, known later as a carrier's, would have made the use belong
        List<Evidence> carriers = new java.util.ArrayList<>(2);
        if (NetworkFit.belongsOnMobile(use, home, false, state.networks)) {
            carriers.add(state.first);
        }
        if (NetworkFit.belongsOnMobile(use, home, true, state.networks)) {
            carriers.add(use.evidence());
        }
        return signal.excusableAsMobile(carriers.toArray(Evidence[]::new));
    }

    /**
     * High for another country, a changed device with another client or network, a scripted or
     * automated client on a person's session, the source's own threat verdict, or a stolen key
     * calling credential-access, persistence or privilege-escalation APIs (attack infrastructure
     * raises any alert one step, in the signal pipeline).
     */
    private static Severity severity(Event event, Seen use, Set<String> differing, String stolen) {
        if (stolen != null) {
            return event.action() != null && GRAVE.contains(event.action().tactic()) ? Severity.HIGH : Severity.MEDIUM;
        }
        boolean scripted = use.clientClass() == ClientClass.SCRIPT || use.clientClass() == ClientClass.AUTOMATION;
        boolean session = event.credential().kind() == CredentialKind.SESSION;
        return differing.contains("country") || differing.contains("device") && (differing.contains("client")
                || differing.contains("autonomous system")) || scripted && session || event.risk() == Risk.HIGH
                ? Severity.HIGH : Severity.MEDIUM;
    }
}
