package dev.tokenward.analytic.store;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.EventField;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Expiring;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.PrincipalType;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A vault integration's token used from a network owner the integration never used: a 1Password
 * service account or Connect server, a Bitwarden machine account or API key, read from elsewhere.
 * An integration runs where it is deployed (a server, a cloud account, a CI provider's runners)
 * and reads from the same few autonomous systems every day; its token, leaked from a repository or
 * a runner's logs, is used from the thief's. Each read may stay within the integration's habit of
 * items, so scraping does not show it.
 *
 * <p>Keyed by principal; reads credential-store accesses by service and workload principals (as
 * the sources tell them: the 1Password SDKs and Connect servers, Bitwarden machine accounts). The
 * autonomous systems it read from are learnt on its first {@code learningDays} (3) days of reads;
 * after that, a read from one it never used, outside the organisation's networks, is raised (and
 * is never learnt as habit). One alert per principal per {@code repeatAfter}.
 *
 * <p>ATT&CK: T1528 (Steal Application Access Token), T1550.001, T1555; detection analytic AN1156.
 */
public final class VaultTokenRoaming implements Analytic<VaultTokenRoaming.State> {
    public static final String ID = "vault-token-roaming";
    /** Autonomous systems remembered per integration, at most. */
    private static final int MAX_OWNERS = 32;

    static final AnalyticSpec SPEC = new AnalyticSpec(ID, "A vault integration's token used from a network owner it never used",
            List.of("T1528", "T1550.001", "T1555", "AN1156"), EntityKind.PRINCIPAL, Severity.MEDIUM,
            List.of(FieldNeed.of(EventField.PRINCIPAL, EventKind.CREDENTIAL_STORE_ACCESS),
                    FieldNeed.of(EventField.NETWORK_ASN, EventKind.CREDENTIAL_STORE_ACCESS)),
            List.of(FieldNeed.of(EventField.CLIENT_IP, EventKind.CREDENTIAL_STORE_ACCESS)));

    /**
     * @param learningDays days with reads on which the integration's networks are learnt
     * @param repeatAfter  quiet period per principal after an alert
     */
    public record Settings(int learningDays, Duration repeatAfter) {
        public static final Settings DEFAULTS = new Settings(3, Duration.ofHours(24));

        public Settings {
            dev.tokenward.event.Checks.require(learningDays >= 1, "learningDays must be at least 1, not %s", learningDays);
            dev.tokenward.event.Checks.require(repeatAfter != null && !repeatAfter.isNegative(), "repeatAfter must not be negative");
        }
    }

    /** Per integration: the autonomous systems it read from and their first evidence, the days it read on, the last alert. */
    public static final class State extends Expiring {
        public Map<Long, Evidence> owners = new LinkedHashMap<>(4);
        public Set<Long> days = new LinkedHashSet<>(4);
        public Instant alerted;
    }

    private final Settings settings;

    public VaultTokenRoaming(Settings settings) {
        this.settings = settings;
    }

    @Override
    public AnalyticSpec spec() {
        return SPEC;
    }

    @Override
    public boolean accepts(Event event) {
        return event.kind() == EventKind.CREDENTIAL_STORE_ACCESS && event.principal() != null
                && (event.principal().type() == PrincipalType.SERVICE || event.principal().type() == PrincipalType.WORKLOAD)
                && event.network().asn() != null;
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public State onEvent(Event event, State state, Context context) {
        long asn = event.network().asn();
        boolean learning = state.days.size() < settings.learningDays();
        if (learning) {
            state.days.add(Math.floorDiv(context.now().toEpochMilli(), 86_400_000L));
        }
        if (state.owners.containsKey(asn) || event.network().zone() != null) {
            return keep(state, context);
        }
        if (learning) {
            if (state.owners.size() < MAX_OWNERS) {
                state.owners.put(asn, context.evidence(event));
            }
            return keep(state, context);
        }
        if (state.alerted == null || !state.alerted.plus(settings.repeatAfter()).isAfter(context.now())) {
            state.alerted = context.now();
            context.emit(signal(event, state, context.evidence(event)));
        }
        return keep(state, context);
    }

    private Signal signal(Event event, State state, Evidence use) {
        List<String> usual = state.owners.values().stream().map(Evidence::where).limit(5).toList();
        String read = event.action().revealed().isEmpty() ? "the vault" : event.action().revealed().get(0);
        String title = event.principal().name() + ", a vault integration, read " + read + " from " + use.where()
                + ": a network owner it never used in " + state.days.size() + " days of reads";
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Token used from an unfamiliar place?", "yes: AS" + event.network().asn() + ", never among the "
                + state.owners.size() + " the integration reads from");
        facts.put("Where the integration runs", String.join("; ", usual));
        facts.put("Items read", String.join(", ", event.action().revealed()));
        List<Evidence> evidence = state.owners.isEmpty() ? List.of(use) : List.of(state.owners.values().iterator().next(), use);
        return new Signal(SPEC.id(), SPEC.attack(), event.time(), Severity.MEDIUM, event.principal().name(), null, title, evidence,
                facts);
    }

    /** Kept while the integration reads: a month after its last read. */
    private static State keep(State state, Context context) {
        return Expiring.keep(state, context.now().plus(Duration.ofDays(30)), context);
    }
}
