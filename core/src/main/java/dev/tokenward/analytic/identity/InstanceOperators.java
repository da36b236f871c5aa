package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.identity.WorkloadCredentialExfiltration.Operator;
import dev.tokenward.event.Action;
import dev.tokenward.event.Event;

import java.util.List;

/**
 * Who operated an instance (ran commands on it, opened a session on it, pushed an SSH key to it):
 * workload-credential-exfiltration collects them so that a credential used from an operator's address
 * or client is recognised; kept apart from the judgement of networks.
 */
final class InstanceOperators {
    private InstanceOperators() {
    }

    /** An action of tactic EXECUTION naming the instances it was done on. */
    static boolean operation(Event event) {
        return event.action() != null && event.action().tactic() == Action.Tactic.EXECUTION && event.action().resource() != null;
    }

    /** The operator of an operation event. */
    static Operator of(Event event, Context context) {
        return new Operator(event.principal().name(), event.client().ip() == null ? null
                : event.client().ip().toString(), event.client().userAgent(), event.action().operation(), context.now(),
                context.evidence(event));
    }

    /**
     * The latest operator other than {@code principal} whose address the use came from, or whose
     * client software it was made with; null if none.
     */
    static Operator sharing(List<Operator> operators, String principal, Evidence use) {
        return operators.stream().filter(o -> !o.principal().equals(principal)
                && (use.ip() != null && use.ip().equals(o.ip())
                || use.userAgent() != null && WorkloadClient.software(use.userAgent()).equals(WorkloadClient.software(o.userAgent()))))
                .reduce((first, second) -> second).orElse(null);
    }

    /** Adds to a list that keeps its last values (the workload's networks, clients, operators, alerted credentials). */
    static <T> void remember(List<T> list, T value) {
        list.add(value);
        if (list.size() > WorkloadCredentialExfiltration.REMEMBERED) {
            list.remove(0);
        }
    }
}
