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
import dev.tokenward.event.Credential;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.NetworkClass;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Credentials delivered to a workload used from outside it: an instance's role credentials (read
 * through the metadata service by SSRF, by malware, or by an operator with a shell on the instance)
 * or a CI job's web-identity credentials, used from elsewhere.
 *
 * <p>Keyed by workload: the instance the credentials were delivered to, else the credential. The
 * instance also collects who ran commands on it, opened a session or pushed an SSH key (actions of
 * tactic EXECUTION). A use from a private address (or through a private endpoint) is the
 * workload's own. One alert per credential, at the first use that is, in order (the reasons and
 * severities are in docs/analytics/workload-credential-exfiltration.md): from the address or client
 * of another principal who ran commands on the instance; by a client on a desktop system; from
 * outside the issuer's cloud (or an address no one owns: fail closed); from a network the workload
 * never used with a client it never used, inside its cloud too; without autonomous-system data, from
 * a second network. Only the workload's own uses are its habit: a network or client that alerted is
 * a suspect's, not the workload's. Credentials read through IMDSv1 raise the severity one step.
 *
 * <p>ATT&CK: T1552.005 (Cloud Instance Metadata API), T1550.001; the playbook's "tokens used from unfamiliar IPs".
 */
public final class WorkloadCredentialExfiltration implements Analytic<WorkloadCredentialExfiltration.State> {
    public static final String ID = "workload-credential-exfiltration";

    private static final AnalyticSpec SPEC = new AnalyticSpec(ID, "Workload credentials used from outside the workload",
            List.of("T1552.005", "T1550.001", "AN0722"), EntityKind.CREDENTIAL, Severity.HIGH,
            List.of(FieldNeed.of(EventField.CREDENTIAL_ID, EventKind.CREDENTIAL_USE), FieldNeed.of(EventField.CLIENT_IP, EventKind.CREDENTIAL_USE)),
            List.of(FieldNeed.of(EventField.NETWORK_ASN, EventKind.CREDENTIAL_USE), FieldNeed.of(EventField.ISSUED_CREDENTIAL_ID, EventKind.TOKEN_ISSUED)));

    static final int REMEMBERED = 8;

    /** @param lifetime how long a workload, its operators and its credentials are followed after they were last seen */
    public record Settings(Duration lifetime) {
        public static final Settings DEFAULTS = new Settings(Duration.ofHours(12));
    }

    /** Per workload: its issuance, the networks its credentials came from, who operated it, and the credentials that alerted. */
    public static final class State extends Expiring {
        public Evidence issuance;
        public Long issuedAsn;
        public List<String> networks = new ArrayList<>();
        public Evidence firstUse;
        public List<Operator> operators = new ArrayList<>();
        /** The exact user agents its credentials were used with: an instance's software says the same thing every time. */
        public List<String> agents = new ArrayList<>();
        public List<String> alerted = new ArrayList<>();
        public Instant lastSeen;
    }

    /** Someone who ran commands on the instance, opened a session on it or pushed an SSH key to it. */
    public record Operator(String principal, String ip, String userAgent, String operation, Instant time, Evidence evidence) {
    }

    private final Settings settings;

    public WorkloadCredentialExfiltration(Settings settings) {
        this.settings = settings;
    }

    @Override
    public AnalyticSpec spec() {
        return SPEC;
    }

    @Override
    public boolean accepts(Event event) {
        if (event.principal() == null || event.outcome() == Outcome.FAILURE) {
            return false;
        }
        if (InstanceOperators.operation(event)) {
            return event.outcome() == Outcome.SUCCESS && event.principal().type() != PrincipalType.WORKLOAD;
        }
        Credential credential = event.credential();
        if (credential == null) {
            return false;
        }
        return event.kind() == EventKind.TOKEN_ISSUED ? credential.issued().delivery() != null && credential.issuedCredentialId() != null
                : credential.issuance().delivery() != null && credential.id() != null && event.principal().type() == PrincipalType.WORKLOAD;
    }

    /** The instances operated on; else the workload the credential was delivered to, or the credential. */
    @Override
    public List<String> keys(Event event) {
        if (InstanceOperators.operation(event)) {
            return Arrays.asList(event.action().resource().split(","));
        }
        Credential credential = event.credential();
        boolean issuance = event.kind() == EventKind.TOKEN_ISSUED;
        String workload = (issuance ? credential.issued() : credential.issuance()).workload();
        return List.of(workload != null ? workload : issuance ? credential.issuedCredentialId() : credential.id());
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public State onEvent(Event event, State state, Context context) {
        state.lastSeen = context.now();
        state.operators.removeIf(o -> o.time().plus(settings.lifetime()).isBefore(context.now()));
        if (InstanceOperators.operation(event)) {
            InstanceOperators.remember(state.operators, InstanceOperators.of(event, context));
        } else if (event.kind() == EventKind.TOKEN_ISSUED) {
            state.issuance = context.evidence(event);
            state.issuedAsn = event.network().asn();
        } else if (event.client().ip() != null && event.network().networkClass() != NetworkClass.PRIVATE
                && !event.client().ip().isPrivate() && !state.alerted.contains(event.credential().id())) {
            judge(event, state, context);
        }
        return Expiring.keep(state, state.lastSeen.plus(settings.lifetime()), context);
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        return Expiring.keep(state, state.lastSeen.plus(settings.lifetime()), context);
    }

    private void judge(Event event, State state, Context context) {
        Evidence use = context.evidence(event);
        Credential credential = event.credential();
        boolean ci = credential.issuance().delivery() == Credential.Delivery.WEB_IDENTITY;
        Operator operator = InstanceOperators.sharing(state.operators, event.principal().name(), use);
        String desktop = WorkloadClient.desktop(event, context);
        String provider = credential.issuance().provider();
        boolean inside = provider != null && provider.equals(event.network().cloud())
                || ci && event.network().asn() != null && event.network().asn().equals(state.issuedAsn);
        String prefix = event.client().ip().prefix();
        boolean newNetwork = !state.networks.isEmpty() && !state.networks.contains(prefix);
        String agent = WorkloadClient.software(event.client().userAgent());
        boolean newClient = agent != null && !state.agents.isEmpty() && !state.agents.contains(agent);
        // only the workload's own uses are its habit: a network or client that alerted is a suspect's
        if (!judgeUse(event, state, context, operator, desktop, inside, ci, provider, newNetwork && newClient)) {
            if (agent != null && !state.agents.contains(agent)) {
                InstanceOperators.remember(state.agents, agent);
            }
            if (state.networks.size() < REMEMBERED && !state.networks.contains(prefix)) {
                state.networks.add(prefix);
                state.firstUse = state.firstUse == null ? use : state.firstUse;
            }
        }
    }

    /** Whether the use is judged to be outside the workload, and alerted on. */
    private boolean judgeUse(Event event, State state, Context context, Operator operator, String desktop, boolean inside, boolean ci,
                             String provider, boolean movedInItsCloud) {
        String own = event.client().ip().prefix();
        if (operator != null) {
            String address = context.evidence(event).ip();
            return alert(event, state, context, Severity.HIGH, "the " + (operator.ip() != null && operator.ip().equals(address) ? "address"
                    : "client") + " of " + operator.principal() + ", who ran " + operator.operation() + " on it "
                    + Describe.between(operator.time(), event.time()) + " earlier", operator.evidence());
        } else if (desktop != null) {
            return alert(event, state, context, Severity.HIGH, "a desktop system (" + desktop + ")", null);
        } else if (!inside && event.network().asn() != null) {
            return alert(event, state, context, Severity.HIGH, "outside " + (ci ? "the runner's network and " : "")
                    + (provider == null ? "the cloud" : provider), null);
        } else if (!inside && event.network().networkClass() == NetworkClass.UNOWNED) {
            return alert(event, state, context, Severity.MEDIUM, "an address no known network owns (taken as outside " + provider + ")", null);
        } else if (movedInItsCloud) {
            return alert(event, state, context, Severity.HIGH, "a network the workload never used, with a client it never used", null);
        } else if (!inside && event.network().cloud() == null && !state.networks.isEmpty() && !state.networks.contains(own)) {
            return alert(event, state, context, Severity.MEDIUM, "a second network (no autonomous-system data: install geo data to tell"
                    + " the cloud from elsewhere)", null);
        }
        return false;
    }

    private boolean alert(Event event, State state, Context context, Severity severity, String where, Evidence operator) {
        InstanceOperators.remember(state.alerted, event.credential().id());
        context.emit(ExfiltrationAlert.of(SPEC, event, state, context.evidence(event), severity, where, operator));
        return true;
    }
}
