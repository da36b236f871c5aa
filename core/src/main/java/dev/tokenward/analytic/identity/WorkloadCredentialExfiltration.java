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
import dev.tokenward.event.Credential;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.PrincipalType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Credentials issued to a workload used from outside it: an EC2 instance's role credentials
 * (stolen through the metadata service, SSRF, or a compromised host) used from outside AWS, and a
 * CI job's OIDC role credentials used from outside the runner's network.
 *
 * <p>Keyed by credential (the {@code ASIA…} key). Instance-profile credentials are recognised by
 * their issuance ({@code AssumeRole} invoked by {@code ec2.amazonaws.com}) or by the
 * {@code ec2RoleDelivery} of their session; CI credentials by {@code AssumeRoleWithWebIdentity} or
 * the session's web-identity provider. Calls from private addresses (VPC endpoints) and by AWS
 * services on the workload's behalf are the workload's own. One alert per credential:
 * <ul>
 *   <li>with the network's autonomous system known (geo data installed): an instance credential
 *   used from an ASN that is not the cloud provider's ({@code providerAsns}), or a CI credential
 *   used from neither the runner's ASN nor the provider's — high;</li>
 *   <li>without it: a credential used from a second public /24 (or /64) — medium, the alert saying
 *   the join is weaker.</li>
 * </ul>
 *
 * <p>ATT&CK: T1552.005 (Cloud Instance Metadata API), T1550.001; the T1550.001 playbook's "tokens
 * used from unfamiliar IPs".
 */
public final class WorkloadCredentialExfiltration implements Analytic<WorkloadCredentialExfiltration.State> {
    public static final String ID = "workload-credential-exfiltration";

    private static final AnalyticSpec SPEC = new AnalyticSpec(ID,
            "Workload credentials used from outside the workload",
            List.of("T1552.005", "T1550.001", "AN0722"), EntityKind.CREDENTIAL, Severity.HIGH,
            List.of(FieldNeed.of(EventField.CREDENTIAL_ID, EventKind.CREDENTIAL_USE),
                    FieldNeed.of(EventField.CLIENT_IP, EventKind.CREDENTIAL_USE)),
            List.of(FieldNeed.of(EventField.NETWORK_ASN, EventKind.CREDENTIAL_USE),
                    FieldNeed.of(EventField.ISSUED_CREDENTIAL_ID, EventKind.TOKEN_ISSUED)));

    private static final int MAX_NETWORKS = 8;
    private static final String INSTANCE = "instance";
    private static final String CI = "CI job";

    /**
     * @param providerAsns autonomous systems of the cloud the workloads run in (AWS by default)
     * @param lifetime     how long a workload credential is followed after it was issued or last used
     */
    public record Settings(List<Long> providerAsns, Duration lifetime) {
        public static final Settings DEFAULTS = new Settings(List.of(16509L, 14618L, 8987L, 7224L, 10124L), Duration.ofHours(12));

        public Settings {
            providerAsns = List.copyOf(providerAsns);
        }
    }

    /** Per credential: what issued it, the networks it has been used from, and whether it alerted. */
    public static final class State extends Expiring {
        public String workload;
        public String session;
        public Long issuedAsn;
        public Evidence issuance;
        public List<String> networks = new ArrayList<>();
        public Evidence firstUse;
        public boolean alerted;
        public Instant lastSeen;
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
        if (event.credential() == null || workload(event) == null) {
            return false;
        }
        if (event.kind() == EventKind.TOKEN_ISSUED) {
            return event.credential().issuedCredentialId() != null;
        }
        return event.credential().id() != null && event.principal() != null && event.principal().type() == PrincipalType.WORKLOAD;
    }

    /** The issued key for an issuance; the key used otherwise (not the caller's key of an issuance). */
    @Override
    public List<String> keys(Event event) {
        return event.kind() == EventKind.TOKEN_ISSUED && event.credential().issuedCredentialId() != null
                ? List.of(event.credential().issuedCredentialId()) : List.of(event.credential().id());
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public State onEvent(Event event, State state, Context context) {
        state.lastSeen = context.now();
        if (event.kind() == EventKind.TOKEN_ISSUED) {
            state.workload = workload(event);
            state.session = event.credential().issuance().issuedTo();
            state.issuedAsn = event.client().ip() == null ? null : event.network().asn();
            state.issuance = context.evidence(event);
            return keep(state, context);
        }
        if (state.workload == null) {
            state.workload = workload(event);
        }
        if (state.session == null) {
            state.session = event.principal().name();
        }
        if (state.alerted || event.client().ip() == null || event.client().ip().isPrivate()) {
            return keep(state, context);
        }
        Long asn = event.network().asn();
        String network = event.client().ip().prefix();
        boolean known = state.networks.contains(network);
        if (asn != null) {
            boolean provider = settings.providerAsns().contains(asn);
            boolean runner = CI.equals(state.workload) && asn.equals(state.issuedAsn);
            if (!provider && !runner) {
                alert(event, state, context, Severity.HIGH, "outside " + (CI.equals(state.workload) ? "the runner's network and "
                        : "") + "the cloud provider");
            }
        } else if (!known && !state.networks.isEmpty()) {
            alert(event, state, context, Severity.MEDIUM, "a second network (no ASN data: install geo data to tell the cloud "
                    + "from elsewhere)");
        }
        if (!known && state.networks.size() < MAX_NETWORKS) {
            state.networks.add(network);
            if (state.firstUse == null) {
                state.firstUse = context.evidence(event);
            }
        }
        return keep(state, context);
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        return keep(state, context);
    }

    private void alert(Event event, State state, Context context, Severity severity, String where) {
        state.alerted = true;
        Evidence use = context.evidence(event);
        String who = state.session == null ? event.principal().name() : state.session;
        String title = (INSTANCE.equals(state.workload) ? "Instance credentials " : "CI job credentials ")
                + event.credential().id() + " of " + who + " used from " + use.where() + ", " + where;
        List<Evidence> evidence = new ArrayList<>();
        if (state.issuance != null) {
            evidence.add(state.issuance);
        }
        if (state.firstUse != null) {
            evidence.add(state.firstUse);
        }
        evidence.add(use);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Used from an unfamiliar network?", "yes: " + use.where());
        facts.put("Workload", (INSTANCE.equals(state.workload) ? "EC2 instance profile session " : "CI OIDC role session ") + who);
        if (state.firstUse != null) {
            facts.put("The workload's own use", state.firstUse.where());
        }
        facts.put("Join", event.network().asn() != null ? "autonomous system of the address" : "address prefix only");
        context.emit(new Signal(ID, SPEC.attack(), event.time(), severity, event.principal().name(), event.credential().id(),
                title, evidence, facts));
    }

    /** What kind of workload the credential (for an issuance, the one issued) was delivered to, or null. */
    private static String workload(Event event) {
        Credential.Delivery delivery = event.credential().issuance().delivery();
        if (delivery == null) {
            return null;
        }
        return delivery == Credential.Delivery.WEB_IDENTITY ? CI : INSTANCE;
    }

    private State keep(State state, Context context) {
        return Expiring.keep(state, state.lastSeen.plus(settings.lifetime()), context);
    }
}
