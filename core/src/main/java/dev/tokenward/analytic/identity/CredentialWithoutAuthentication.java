package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.EventField;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.baseline.CredentialRegistry;
import dev.tokenward.analytic.baseline.Lineage;
import dev.tokenward.event.ClientClass;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.NetworkClass;
import dev.tokenward.event.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A credential used with no event that issued it: an Okta session nobody signed in to, an AWS
 * temporary key no STS call minted — forged, minted elsewhere, or stolen before the logs began.
 *
 * <p>Keyed by credential (its lineage: Okta's root session, the STS key). A credential is issued
 * when the logs show its sign-in (Okta {@code user.session.start} or a completed MFA in the
 * session, an Entra interactive sign-in) or its minting (a CloudTrail STS call whose response
 * carries the key). A use of a credential never issued alerts once — but only after the engine
 * has watched that source for longer than the credential's longest lifetime, so that a run
 * starting in the middle of sessions does not alert on all of them. The join is on ids first; when
 * no id joins, a weaker join looks for a sign-in or STS call of the same source that issued a
 * credential to the same principal within the lifetime from the same network or device. Found,
 * the alert is low (the source may have re-issued the id) and names that sign-in; not found, the
 * alert keeps its severity and says that neither join found an issuing event.
 *
 * <p>Judged: Okta sessions, Entra sessions and refresh tokens, AWS temporary keys ({@code ASIA…});
 * not long-term keys, whose creation predates any log. Console sessions of IAM users carry keys no
 * STS call mints; they are recognised by {@code sessionCredentialFromConsole} and not judged. Nor
 * are IAM Identity Center role sessions: the access portal's {@code GetRoleCredentials} is logged
 * without the key it hands out.
 *
 * <p>ATT&CK: T1550.001, T1606 (Forge Web Credentials); detection analytics AN0722 ("tokens used
 * without a corresponding authentication") and AN0201.
 */
public final class CredentialWithoutAuthentication implements Analytic<CredentialWithoutAuthentication.State> {
    public static final String ID = "credential-without-authentication";

    private static final AnalyticSpec SPEC = new AnalyticSpec(ID,
            "Credential used with no authentication that issued it",
            List.of("T1550.001", "T1606", "AN0722", "AN0201"), EntityKind.CREDENTIAL, Severity.MEDIUM,
            List.of(FieldNeed.of(EventField.CREDENTIAL_ID, EventKind.SESSION_START, EventKind.AUTHENTICATION,
                    EventKind.CREDENTIAL_USE, EventKind.TOKEN_REFRESHED)),
            List.of(FieldNeed.of(EventField.ISSUED_CREDENTIAL_ID, EventKind.TOKEN_ISSUED),
                    FieldNeed.of(EventField.CLIENT_IP, EventKind.CREDENTIAL_USE, EventKind.AUTHENTICATION)));

    /**
     * @param oktaSession     longest an Okta session lives (the org's maximum session lifetime)
     * @param entraSession    longest an Entra session or refresh token lives (90 days by default in Entra)
     * @param awsTemporaryKey longest an AWS temporary key lives (36 hours for federation tokens)
     */
    public record Settings(Duration oktaSession, Duration entraSession, Duration awsTemporaryKey) {
        public static final Settings DEFAULTS = new Settings(Duration.ofDays(7), Duration.ofDays(90), Duration.ofHours(36));
    }

    /** Per credential: whether its issuance was seen, whether it alerted, and when it was last seen. */
    public static final class State {
        public String source;
        public boolean issued;
        public boolean alerted;
        public Instant lastSeen;
        public Instant timerAt;
    }

    /** How long after the start of the logs a key's creation must lie for its minting to be in them. */
    private static final Duration SETTLE = Duration.ofMinutes(15);

    private final Settings settings;

    public CredentialWithoutAuthentication(Settings settings) {
        this.settings = settings;
    }

    @Override
    public AnalyticSpec spec() {
        return SPEC;
    }

    @Override
    public boolean accepts(Event event) {
        if (event.credential() == null || event.outcome() != Outcome.SUCCESS || lifetime(event.source()) == null) {
            return false;
        }
        if (event.kind() == EventKind.TOKEN_ISSUED && event.credential().issuedCredentialId() != null) {
            return true;
        }
        String id = event.credential().id();
        return id != null && switch (event.source()) {
            case "cloudtrail" -> id.startsWith("ASIA") && !"true".equals(event.unmapped("cloudtrail.sessionCredentialFromConsole"))
                    && !identityCenter(event);
            case "okta", "entra" -> event.credential().kind() == CredentialKind.SESSION
                    || event.credential().kind() == CredentialKind.REFRESH_TOKEN;
            default -> false;
        };
    }

    /**
     * The credential's lineage (an Okta root session, an Entra session, an AWS temporary key), and
     * for an STS call also the key it mints; never a long-term key, nor an access token an Okta
     * session was granted (its session is what was authenticated).
     */
    @Override
    public List<String> keys(Event event) {
        boolean aws = "cloudtrail".equals(event.source());
        String lineage = event.credential().lineageId();
        String issued = event.credential().issuedCredentialId();
        List<String> keys = new java.util.ArrayList<>(2);
        if (lineage != null && (!aws || lineage.startsWith("ASIA"))) {
            keys.add(lineage);
        }
        if (aws && event.kind() == EventKind.TOKEN_ISSUED && issued != null && !issued.equals(lineage)) {
            keys.add(issued);
        }
        return keys;
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public State onEvent(Event event, State state, Context context) {
        state.lastSeen = context.now();
        state.source = event.source();
        if (context.key().equals(CredentialRegistry.issuedId(event))) {
            state.issued = true;
            return keep(state, context);
        }
        if (state.issued || state.alerted) {
            return keep(state, context);
        }
        Instant since = context.watchedSince(event.source());
        Duration lifetime = lifetime(event.source());
        if (since != null && (!since.plus(lifetime).isAfter(context.now()) || createdWhileWatched(event, since))) {
            alert(event, since, lifetime, context);
            state.alerted = true;
        }
        return keep(state, context);
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        return keep(state, context);
    }

    /**
     * An AWS temporary key says when it was created ({@code sessionContext.attributes.creationDate}):
     * created {@link #SETTLE} or more after CloudTrail began to be watched, the STS call that minted
     * it must be in the logs, whatever its lifetime. Keys of another account's principals are not
     * judged this way: their STS calls are in that account's trail.
     */
    private static boolean createdWhileWatched(Event event, Instant since) {
        Instant created = event.credential().issuedAt();
        return "cloudtrail".equals(event.source()) && created != null && !created.isBefore(since.plus(SETTLE))
                && !created.isAfter(event.time()) && sameAccount(event);
    }

    private static boolean sameAccount(Event event) {
        String arn = event.principal() == null ? null : event.principal().name();
        String tenant = event.principal() == null ? null : event.principal().tenant();
        if (arn == null || tenant == null || !arn.startsWith("arn:aws:")) {
            return false;
        }
        String[] parts = arn.split(":", 6);
        return parts.length == 6 && tenant.equals(parts[4]);
    }

    /**
     * A role session of an IAM Identity Center permission set: its keys come from the access
     * portal's {@code GetRoleCredentials}, which CloudTrail logs without the key id, so no event
     * can be joined to them.
     */
    private static boolean identityCenter(Event event) {
        String issuer = event.unmapped("cloudtrail.sessionIssuer");
        return issuer != null && (issuer.contains("/aws-reserved/sso.amazonaws.com/") || issuer.contains(":role/AWSReservedSSO_"));
    }

    private void alert(Event event, Instant since, Duration lifetime, Context context) {
        Evidence use = context.evidence(event);
        boolean hostile = event.network().networkClass() == NetworkClass.HOSTING || event.client().agent() != null
                && (event.client().agent().clientClass() == ClientClass.SCRIPT
                || event.client().agent().clientClass() == ClientClass.ATTACK_TOOL);
        String what = switch (event.source()) {
            case "okta" -> "Okta session";
            case "entra" -> "Entra ID " + (event.credential().kind() == CredentialKind.REFRESH_TOKEN ? "refresh token" : "session");
            default -> "AWS temporary key";
        };
        String issuance = switch (event.source()) {
            case "okta" -> "sign-in";
            case "entra" -> "interactive sign-in";
            default -> "STS call";
        };
        long days = Duration.between(since, event.time()).toHours() / 24;
        boolean byCreation = createdWhileWatched(event, since);
        Instant created = event.credential().issuedAt();
        String title = what + " " + context.key() + " used by " + event.principal().name() + " from " + use.where()
                + (byCreation ? ", created at " + created + " inside the " + event.source() + " logs, with no " + issuance
                + " that issued it" : " with no " + issuance + " that issued it in " + (days >= 2 ? days + " days"
                : Duration.between(since, event.time()).toHours() + " h") + " of " + event.source() + " logs");
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Token used without a corresponding authentication?", byCreation
                ? "yes: the key says it was created at " + created + ", after " + event.source() + " began to be watched ("
                + since + "), and no " + issuance + " in the logs minted it (one made through a regional STS endpoint of a"
                + " region whose trail is not collected, or in another account, would look like this)"
                : "yes: no " + issuance + " carried this id since " + since + ", longer than such a credential lives ("
                + lifetime.toHours() + " h)");
        Lineage weak = weakJoin(event, lifetime, context);
        Severity severity = hostile ? Severity.HIGH : Severity.MEDIUM;
        List<Evidence> evidence = List.of(use);
        if (weak == null && "cloudtrail".equals(event.source())) {
            facts.put("Join", "on credential ids: high confidence that no issuing event was logged (AWS keys get no weaker join:"
                    + " STS never issues one key under two ids)");
        } else if (weak == null) {
            facts.put("Join", "on credential ids: high confidence that no issuing event was logged; nor did the principal sign in"
                    + " from this device or network in the last " + lifetime.toHours() + " h (principal, device, network and time)");
        } else {
            severity = Severity.LOW;
            evidence = List.of(weak.issuedBy, use);
            facts.put("Join", "low confidence: no issuing event carries this id, but on principal, "
                    + (weak.network != null && weak.network.equals(event.sourceNetwork()) ? "network" : "device") + " and time it may"
                    + " come from " + weak.issuedBy.summary() + " at " + weak.issuedAt + " (a source that re-issued the id would"
                    + " look like this)");
        }
        facts.put("Used from", use.where());
        context.emit(new Signal(ID, SPEC.attack(), event.time(), severity,
                event.principal() == null ? null : event.principal().name(), context.key(), title, evidence, facts));
    }

    /**
     * A sign-in of the same source that issued a session to the same principal within the lifetime,
     * from the same network or device: the weaker join on principal, device, network and time. Null
     * when there is none, and always for AWS keys: STS never issues one key under two ids.
     */
    private static Lineage weakJoin(Event event, Duration lifetime, Context context) {
        if (event.principal() == null || "cloudtrail".equals(event.source())) {
            return null;
        }
        String network = event.sourceNetwork();
        String device = event.client().deviceId();
        for (Lineage issued : context.issuedTo(event.principal().name())) {
            boolean recent = !issued.issuedAt.plus(lifetime).isBefore(context.now());
            boolean sameSource = event.source().equals(issued.issuedBy.source());
            boolean sameNetwork = network != null && network.equals(issued.network);
            boolean sameDevice = device != null && device.equals(issued.issuedBy.deviceId());
            if (recent && sameSource && (sameNetwork || sameDevice)) {
                return issued;
            }
        }
        return null;
    }

    private Duration lifetime(String source) {
        return switch (source) {
            case "okta" -> settings.oktaSession();
            case "entra" -> settings.entraSession();
            case "cloudtrail" -> settings.awsTemporaryKey();
            default -> null;
        };
    }

    /** Kept while the credential could still be used: its source's lifetime after it was last seen. */
    private State keep(State state, Context context) {
        Instant expiry = state.lastSeen.plus(lifetime(state.source));
        if (!expiry.isAfter(context.now())) {
            return null;
        }
        state.timerAt = context.renewExpiry(state.timerAt, expiry);
        return state;
    }
}
