package dev.tokenward.analytic.identity;

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
import dev.tokenward.event.IpAddress;
import dev.tokenward.event.IpRange;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.event.Risk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

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
 * principal, source and application per {@code repeatAfter}.
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
     * @param repeatAfter      quiet period per principal, source and application after an alert
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

    public record Pending(String lineage, String ip, Instant deadline, Evidence evidence, String app, String provider) {
    }

    private final Settings settings;
    private final List<Pattern> exemptPrincipals;
    private final List<IpRange> exemptNetworks;

    public MfaNotSatisfied(Settings settings) {
        this.settings = settings;
        this.exemptPrincipals = settings.exemptPrincipals().stream().map(MfaNotSatisfied::glob).toList();
        this.exemptNetworks = settings.exemptNetworks().stream().map(c -> IpRange.parse(c).orElseThrow()).toList();
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
        forgetOld(state, now);
        if (event.kind() == EventKind.MFA) {
            Verification verified = new Verification(lineage(event), ip(event), now);
            state.verifications.add(verified);
            state.pending.removeIf(p -> sameFlow(p.lineage(), p.ip(), verified));
            trim(state.verifications);
            return keep(state, context);
        }
        if (exempt(event)) {
            return keep(state, context);
        }
        var credential = event.credential();
        if (credential.mfa() == Mfa.FALSE) {
            alert(event, context.evidence(event), app(event), state, now, context);
        } else if (credential.mfa() == Mfa.PENDING) {
            String lineage = lineage(event);
            String ip = ip(event);
            if (state.verifications.stream().noneMatch(v -> sameFlow(lineage, ip, v))) {
                Instant deadline = now.plus(settings.mfaWindow());
                state.pending.add(new Pending(lineage, ip, deadline, context.evidence(event), app(event),
                        credential.issuance().provider()));
                while (state.pending.size() > MAX_REMEMBERED) {
                    alertPending(state.pending.remove(0), state, now, context);
                }
                context.setTimer(deadline);
            }
        }
        return keep(state, context);
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        List<Pending> due = state.pending.stream().filter(p -> !p.deadline().isAfter(time)).toList();
        state.pending.removeAll(due);
        for (Pending unverified : due) {
            alertPending(unverified, state, time, context);
        }
        forgetOld(state, time);
        return keep(state, context);
    }

    /** The state until whatever it holds expires: verifications, pending sign-ins and quiet periods after alerts. */
    private State keep(State state, Context context) {
        Instant expiry = null;
        for (Verification verification : state.verifications) {
            expiry = Expiring.later(expiry, verification.time().plus(settings.mfaWindow()));
        }
        for (Pending pending : state.pending) {
            expiry = Expiring.later(expiry, pending.deadline().plus(Duration.ofSeconds(1)));
        }
        for (Instant alerted : state.alerted.values()) {
            expiry = Expiring.later(expiry, alerted.plus(settings.repeatAfter()));
        }
        return Expiring.keep(state, expiry, context);
    }

    private void alertPending(Pending pending, State state, Instant time, Context context) {
        String key = pending.provider() + "|" + pending.app();
        if (recentlyAlerted(state, key, time)) {
            return;
        }
        state.alerted.put(key, time);
        Evidence evidence = pending.evidence();
        String title = String.format(Locale.ROOT, "%s without MFA by %s from %s", signIn(pending.provider(), false, pending.app()),
                context.key(), evidence.ip());
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Was MFA used?", "no MFA verification was logged in the sign-in flow within "
                + settings.mfaWindow().toMinutes() + " min of the session start");
        facts.put("Where from", evidence.where());
        context.emit(new Signal(ID, SPEC.attack(), evidence.time(), Severity.MEDIUM, context.key(), null, title,
                List.of(evidence), facts));
    }

    private void alert(Event event, Evidence evidence, String app, State state, Instant now, Context context) {
        String provider = event.credential().issuance().provider();
        String key = provider + "|" + app;
        if (recentlyAlerted(state, key, now)) {
            return;
        }
        state.alerted.put(key, now);
        boolean root = event.principal().root();
        Severity severity = root || event.risk() == Risk.HIGH ? Severity.HIGH : Severity.MEDIUM;
        String title = String.format(Locale.ROOT, "%s without MFA by %s from %s", signIn(provider, root, app),
                event.principal().name(), evidence.ip() != null ? evidence.ip() : "an unknown address");
        Map<String, String> facts = new LinkedHashMap<>();
        String detail = event.credential().issuance().mfaDetail();
        facts.put("Was MFA used?", "no: " + (detail != null ? detail : "the source reports no MFA"));
        facts.put("Where from", evidence.where());
        if (app != null) {
            facts.put("Application", app);
        }
        context.emit(new Signal(ID, SPEC.attack(), now, severity, event.principal().name(),
                event.credential().id(), title, List.of(evidence), facts));
    }

    /** "Okta Dashboard sign-in", "AWS Management Console root sign-in", "Microsoft Entra ID sign-in to Outlook". */
    private static String signIn(String provider, boolean root, String app) {
        String what = root ? "root sign-in" : "sign-in";
        if (app != null && provider != null && app.startsWith(provider)) {
            return app + " " + what;
        }
        return (provider == null ? "" : provider + " ") + what + (app == null ? "" : " to " + app);
    }

    private boolean recentlyAlerted(State state, String key, Instant now) {
        Instant last = state.alerted.get(key);
        return last != null && now.isBefore(last.plus(settings.repeatAfter()));
    }

    private boolean exempt(Event event) {
        String name = event.principal().name();
        if (exemptPrincipals.stream().anyMatch(p -> p.matcher(name).matches())) {
            return true;
        }
        String app = app(event);
        if (app != null && settings.exemptApps().stream().anyMatch(a -> a.equalsIgnoreCase(app)
                || a.equalsIgnoreCase(event.client().app()))) {
            return true;
        }
        IpAddress ip = event.client().ip();
        return ip != null && exemptNetworks.stream().anyMatch(r -> r.contains(ip));
    }

    private void forgetOld(State state, Instant now) {
        Instant horizon = now.minus(settings.mfaWindow());
        state.verifications.removeIf(v -> v.time().isBefore(horizon));
        state.alerted.values().removeIf(t -> !now.isBefore(t.plus(settings.repeatAfter())));
    }

    private static boolean sameFlow(String lineage, String ip, Verification verification) {
        return lineage != null && lineage.equals(verification.lineage())
                || ip != null && ip.equals(verification.ip());
    }

    private static String lineage(Event event) {
        return event.credential() == null ? null : event.credential().lineageId();
    }

    private static String ip(Event event) {
        return event.client().ip() == null ? null : event.client().ip().toString();
    }

    private static String app(Event event) {
        return event.client().appName() != null ? event.client().appName() : event.client().app();
    }

    private static <T> void trim(List<T> list) {
        while (list.size() > MAX_REMEMBERED) {
            list.remove(0);
        }
    }

    private static Pattern glob(String glob) {
        return Pattern.compile(java.util.Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote)
                .collect(java.util.stream.Collectors.joining(".*")), Pattern.CASE_INSENSITIVE);
    }
}
