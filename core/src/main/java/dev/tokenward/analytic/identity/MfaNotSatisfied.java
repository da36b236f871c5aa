package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.EventField;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Expiring;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.analytic.Severity;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.IpRange;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A successful interactive sign-in without the multi-factor authentication that policy expects:
 * a stolen password used where MFA was never enforced, or a bypass.
 *
 * <p>The sources' mappers say whether MFA stood behind a sign-in: no (an AWS {@code ConsoleLogin}
 * by an IAM user or root with {@code MFAUsed: No}; an Entra sign-in that required a single factor,
 * above all a password (ROPC) sign-in, which cannot do MFA), yes, unknown (a federated sign-in,
 * whose MFA happened at the identity provider: without that provider's logs the verdict is unknown,
 * not "not satisfied"), or pending, where the source logs a sign-in's factors as events of their
 * own (an Okta session started with a password): then a verification in the same sign-in flow
 * (same session lineage or same address, within {@code mfaWindow} either side) must follow.
 *
 * <p>Policy: by default every human interactive sign-in requires MFA; {@code exemptPrincipals},
 * {@code exemptApps} and {@code exemptNetworks} carve out what your policy allows. One alert per
 * principal, source, application and network owner per {@code repeatAfter}: a user who keeps
 * signing in with a password alone from their office is told once a day, but a sign-in without MFA
 * from another network owner within the day (the password's thief, minutes or hours later) is
 * another alert.
 *
 * <p>ATT&CK: T1078 (Valid Accounts), T1556.006 (Modify Authentication Process: MFA); analytics
 * AN0722 (MFA bypass) and AN0201.
 */
public final class MfaNotSatisfied implements Analytic<MfaNotSatisfied.State> {
    public static final String ID = "mfa-not-satisfied";

    private static final AnalyticSpec SPEC = new AnalyticSpec(ID,
            "Interactive sign-in without the MFA that policy expects",
            List.of("T1078", "T1556.006", "AN0722", "AN0201"), EntityKind.PRINCIPAL, Severity.MEDIUM,
            List.of(FieldNeed.of(EventField.PRINCIPAL, EventKind.AUTHENTICATION, EventKind.SESSION_START),
                    FieldNeed.of(EventField.OUTCOME, EventKind.AUTHENTICATION, EventKind.SESSION_START)),
            List.of(FieldNeed.of(EventField.CREDENTIAL_MFA, EventKind.AUTHENTICATION),
                    FieldNeed.of(EventField.CREDENTIAL_ID, EventKind.SESSION_START, EventKind.MFA),
                    FieldNeed.of(EventField.CLIENT_APP, EventKind.AUTHENTICATION),
                    FieldNeed.of(EventField.CLIENT_IP, EventKind.AUTHENTICATION, EventKind.SESSION_START, EventKind.MFA)));

    private static final int MAX_REMEMBERED = 32;

    /**
     * @param mfaWindow        how far apart a session start and the MFA of its sign-in flow may be logged
     * @param repeatAfter      quiet period per principal, source, application and network owner after an alert
     * @param exemptPrincipals principals allowed to sign in without MFA (glob patterns, {@code *} wildcard)
     * @param exemptApps       applications (client id or name) that do not require MFA
     * @param exemptNetworks   CIDR blocks where policy allows single-factor sign-in
     */
    public record Settings(Duration mfaWindow, Duration repeatAfter, List<String> exemptPrincipals,
                           List<String> exemptApps, List<String> exemptNetworks) {
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(5), Duration.ofHours(24),
                List.of(), List.of(), List.of());

        public Settings {
            exemptPrincipals = List.copyOf(exemptPrincipals);
            exemptApps = List.copyOf(exemptApps);
            exemptNetworks = List.copyOf(exemptNetworks);
            for (String cidr : exemptNetworks) {
                dev.tokenward.event.Checks.require(IpRange.parse(cidr).isPresent(), "exemptNetworks: not a CIDR block: %s", cidr);
            }
        }
    }

    /** Per principal: recent MFA verifications, Okta session starts awaiting theirs, and recent alerts. */
    public static final class State extends Expiring {
        public List<Verification> verifications = new ArrayList<>();
        public List<Pending> pending = new ArrayList<>();
        public Map<String, Instant> alerted = new HashMap<>();
    }

    public record Verification(String lineage, String ip, Instant time) {
    }

    public record Pending(String lineage, String ip, Instant deadline, Evidence evidence, String app, String provider,
                          String networkOwner) {
    }

    private final Settings settings;
    private final MfaPolicy policy;
    private final SignInFlows flows;

    public MfaNotSatisfied(Settings settings) {
        this.settings = settings;
        this.policy = new MfaPolicy(settings);
        this.flows = new SignInFlows(settings);
    }

    @Override
    public AnalyticSpec spec() {
        return SPEC;
    }

    @Override
    public boolean accepts(Event event) {
        if (event.principal() == null || event.principal().type() != PrincipalType.HUMAN) {
            return false;
        }
        return switch (event.kind()) {
            case MFA -> event.outcome() == Outcome.SUCCESS && event.credential() != null && event.credential().mfa() == Mfa.TRUE;
            case AUTHENTICATION, SESSION_START -> event.outcome() == Outcome.SUCCESS && event.credential() != null;
            default -> false;
        };
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public State onEvent(Event event, State state, Context context) {
        Instant now = context.now();
        flows.forgetOld(state, now);
        if (event.kind() == EventKind.MFA) {
            SignInFlows.verified(state, new Verification(SignInFlows.lineage(event), SignInFlows.ip(event), now));
            return keep(state, context);
        }
        if (policy.exempt(event)) {
            return keep(state, context);
        }
        var credential = event.credential();
        if (credential.mfa() == Mfa.FALSE) {
            alert(event, context.evidence(event), MfaPolicy.app(event), state, now, context);
        } else if (credential.mfa() == Mfa.PENDING) {
            String lineage = SignInFlows.lineage(event);
            String ip = SignInFlows.ip(event);
            if (state.verifications.stream().noneMatch(v -> SignInFlows.sameFlow(lineage, ip, v))) {
                Instant deadline = now.plus(settings.mfaWindow());
                state.pending.add(new Pending(lineage, ip, deadline, context.evidence(event), MfaPolicy.app(event),
                        credential.issuance().provider(), event.networkOwner()));
                while (state.pending.size() > SignInFlows.MAX_REMEMBERED) {
                    alertPending(state.pending.remove(0), state, now, context);
                }
                context.setTimer(deadline);
            }
        }
        return keep(state, context);
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        for (Pending unverified : SignInFlows.due(state, time)) {
            alertPending(unverified, state, time, context);
        }
        flows.forgetOld(state, time);
        return keep(state, context);
    }

    private State keep(State state, Context context) {
        return Expiring.keep(state, flows.expiry(state), context);
    }

    private void alertPending(Pending pending, State state, Instant time, Context context) {
        String key = pending.provider() + "|" + pending.app() + "|" + pending.networkOwner();
        if (flows.recentlyAlerted(state, key, time)) {
            return;
        }
        state.alerted.put(key, time);
        context.emit(MfaAlert.unverified(SPEC, pending, context.key(), settings.mfaWindow()));
    }

    private void alert(Event event, Evidence evidence, String app, State state, Instant now, Context context) {
        String provider = event.credential().issuance().provider();
        String key = provider + "|" + app + "|" + event.networkOwner();
        if (flows.recentlyAlerted(state, key, now)) {
            return;
        }
        state.alerted.put(key, now);
        context.emit(MfaAlert.withoutMfa(SPEC, event, evidence, app, now));
    }
}
