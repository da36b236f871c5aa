package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.EventField;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Expiring;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.baseline.Facet;
import dev.tokenward.analytic.baseline.Seen;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A new credential calling AWS APIs its principal never or rarely calls: a stolen session turned to
 * reconnaissance and persistence, a federation token minted to create users.
 *
 * <p>Keyed by credential (AWS keys, from CloudTrail). A credential is <em>new</em> for
 * {@code newFor} after its issuance, when the lineage shows it (an STS call), or else after it is
 * first seen, when CloudTrail had already been watched for {@code settle} (a key in use when the
 * logs begin is not new); a long-lived access key is new only when the logs show it made. While
 * new, each distinct API it calls that the baseline has seen fewer than {@code rareBelow} times
 * scores a weight: 1, times {@code sensitiveWeight} for identity,
 * key, secret and audit services (IAM, STS, KMS, Secrets Manager, Organizations, CloudTrail,
 * Config, GuardDuty, SSO, SSM), times {@code operationWeight} for create, update, delete,
 * attach, put and list operations, times {@code networkWeight} when the call comes from a network
 * (/24 or /64) that neither the baseline, the principal nor whoever the credential was issued to had
 * used at least {@code minHistory} before the credential was born. One alert when the score reaches
 * {@code threshold}.
 *
 * <p>The baseline is the role's profile for a role session (its sessions are often named per run
 * or per host), else the profile of whoever the credential was issued to (the IAM user behind a
 * federation token: federated-user names are the caller's choice, and a name reused by different
 * callers would mix their habits), else the principal's own. A baseline with less
 * than {@code minHistory} of history, or knowing fewer than {@code minKnownApis} APIs (a person
 * whose only AWS call is the SAML sign-in), judges nothing; one still learning (see the shared profile)
 * counts only APIs it has never seen, not rare ones. The alert never rests on a new fact alone: it
 * takes a new credential, several unusual APIs and their weights together.
 *
 * <p>A role session named after a person (SAML, IAM Identity Center) counts no call it makes from
 * a network that person completed MFA on, on two days or more: an administrator at their own desk
 * reaches into different services each session, and the role a small company's administrator
 * assumes once a day shows a handful of its sessions. What such a session creates is still judged
 * (a user given a key), and its calls from anywhere else are scored as before.
 *
 * <p>Severity is high when a sensitive create, update, delete or attach is among the calls, or the
 * credential is used from a hosting provider; medium otherwise.
 *
 * <p>ATT&CK: T1550.001, T1078.004, T1087.004, T1098; detection analytic AN0722 ("new tokens making
 * unusual API calls").
 */
public final class NewCredentialUnusualApi implements Analytic<NewCredentialUnusualApi.State> {
    public static final String ID = "new-credential-unusual-api";

    private static final AnalyticSpec SPEC = new AnalyticSpec(ID,
            "New credential calling APIs unusual for its principal",
            List.of("T1550.001", "T1078.004", "T1087.004", "T1098", "AN0722"), EntityKind.CREDENTIAL, Severity.MEDIUM,
            List.of(FieldNeed.of(EventField.CREDENTIAL_ID, EventKind.CREDENTIAL_USE),
                    FieldNeed.of(EventField.ACTION_OPERATION, EventKind.CREDENTIAL_USE)),
            List.of(FieldNeed.of(EventField.ISSUED_CREDENTIAL_ID, EventKind.TOKEN_ISSUED)));

    /**
     * @param newFor          how long after issuance (or first sight) a credential is new
     * @param settle          how long CloudTrail must have been watched before a credential first seen counts as new
     * @param minHistory      history a baseline needs before it judges anything
     * @param minKnownApis    APIs a baseline must know before it judges anything
     * @param rareBelow       calls of an API below which the baseline counts it unusual
     * @param sensitiveWeight factor for identity, key, secret and audit services
     * @param operationWeight factor for create, update, delete, attach, put and list operations
     * @param networkWeight   factor for a call from a network neither the baseline nor the principal has used
     * @param threshold       score that alerts
     * @param evidence        unusual calls kept as evidence
     */
    public record Settings(Duration newFor, Duration settle, Duration minHistory, int minKnownApis, int rareBelow,
                           int sensitiveWeight, int operationWeight, int networkWeight, int threshold, int evidence) {
        public static final Settings DEFAULTS = new Settings(Duration.ofHours(24), Duration.ofHours(24), Duration.ofHours(12),
                5, 3, 3, 2, 2, 16, 6);

        public Settings {
            if (rareBelow < 1 || sensitiveWeight < 1 || operationWeight < 1 || networkWeight < 1 || threshold < 1 || evidence < 1) {
                throw new IllegalArgumentException("rareBelow, the weights, threshold and evidence must be at least 1");
            }
        }
    }

    /** Per credential while it is new: whom it is judged against, the unusual APIs it called and their score. */
    public static final class State extends Expiring {
        /** When it was issued, or first seen. */
        public Instant born;
        public Instant newUntil;
        public String issuedBy;
        /** Each unusual API with its weight and what the baseline knew of it when it was called. */
        public Map<String, String> unusual = new LinkedHashMap<>();
        public List<Evidence> calls = new ArrayList<>();
        public int score;
        public boolean changes;
        /** The first network neither the baseline nor the principal had used, as "ip (place, AS)". */
        public String foreignFrom;
        public boolean alerted;
        /** Identities the credential created, while young enough to judge what they are given. */
        public List<NewIdentityPersistence.Created> created = new ArrayList<>();
    }

    private final Settings settings;

    public NewCredentialUnusualApi(Settings settings) {
        this.settings = settings;
    }

    @Override
    public AnalyticSpec spec() {
        return SPEC;
    }

    @Override
    public boolean accepts(Event event) {
        return event.apiCall() && event.outcome() != Outcome.UNKNOWN && event.credential() != null && event.credential().id() != null
                && event.principal() != null && event.action().region() != null;
    }

    @Override
    public List<String> keys(Event event) {
        return List.of(event.credential().id());
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public State onEvent(Event event, State state, Context context) {
        Instant now = context.now();
        NewIdentityPersistence.judge(event, state.created, ID, SPEC.attack(), context);
        boolean created = NewIdentityPersistence.remember(event, state.created, context);
        if (state.newUntil == null && !CredentialNewness.start(event, state, settings, context)) {
            state.newUntil = now;
            return created || !state.created.isEmpty() ? keep(state, context) : null;
        }
        if (state.alerted || !now.isBefore(state.newUntil)) {
            return keep(state, context);
        }
        ApiBaseline baseline = ApiBaseline.of(event, state.issuedBy, settings, context);
        if (baseline == null) {
            return keep(state, context);
        }
        String api = event.action().service() + ":" + event.action().operation();
        Seen seen = baseline.profile().seen(Facet.API, api);
        boolean learning = baseline.profile().learning();
        boolean unusual = learning ? seen == null : seen == null || seen.count < settings.rareBelow();
        if (unusual && !state.unusual.containsKey(api) && !ApiBaseline.personAtOwnDesk(event, context)) {
            boolean foreign = baseline.unfamiliarNetwork(event, state.born, state.issuedBy, settings.minHistory(), context);
            int weight = ApiCallWeight.of(event, foreign, settings);
            if (foreign && state.foreignFrom == null) {
                state.foreignFrom = context.evidence(event).where();
            }
            state.unusual.put(api, weight + " (" + ApiCallWeight.describe(seen) + ")");
            state.score += weight;
            state.changes |= ApiCallWeight.sensitiveChange(event);
            if (state.calls.size() < settings.evidence()) {
                state.calls.add(context.evidence(event));
            }
            if (state.score >= settings.threshold()) {
                context.emit(UnusualApiAlert.of(SPEC, settings, event, state, baseline, context));
                state.alerted = true;
            }
        }
        return keep(state, context);
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        return keep(state, context);
    }

    /** Kept while the credential is new, or an identity it created is young; the registry remembers that it was seen. */
    private static State keep(State state, Context context) {
        Instant expiry = state.newUntil;
        for (NewIdentityPersistence.Created identity : state.created) {
            expiry = Expiring.later(expiry, identity.time().plus(NewIdentityPersistence.WINDOW));
        }
        return Expiring.keep(state, expiry, context);
    }
}
