package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.EventField;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Expiring;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.analytic.Severity;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Outcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * STS federation and session tokens minted from an IAM user's long-term key and misused: the
 * persistence trick of calling {@code GetFederationToken} with an administrator policy (the
 * federated credentials outlive a revoked key by up to 36 hours), and federation or session tokens
 * then used from another network or to sign in to the console.
 *
 * <p>Keyed by the issuing IAM user: the issuance ({@code GetFederationToken},
 * {@code GetSessionToken}) is under the user's ARN, and so are the uses (a federated user's
 * session issuer is that user; a session token's caller is the user itself). One alert per
 * token, at the first of:
 * <ul>
 *   <li>issuance of a federation token with a broad policy (a policy ARN in {@code broadPolicies},
 *   or an inline policy allowing every action);</li>
 *   <li>a call with the token from another network than it was issued from (another /24 or /64
 *   and another autonomous system);</li>
 *   <li>a console sign-in by the federated user ({@code GetSigninToken} or {@code ConsoleLogin}).</li>
 * </ul>
 *
 * <p>ATT&CK: T1550.001, T1098 (Account Manipulation); the T1550.001 playbook's "STS
 * GetFederationToken granting broader permissions".
 */
public final class FederationTokenAbuse implements Analytic<FederationTokenAbuse.State> {
    public static final String ID = "federation-token-abuse";

    private static final AnalyticSpec SPEC = new AnalyticSpec(ID,
            "STS federation or session token misused",
            List.of("T1550.001", "T1098", "AN0722"), EntityKind.PRINCIPAL, Severity.HIGH,
            List.of(FieldNeed.of(EventField.ISSUED_CREDENTIAL_ID, EventKind.TOKEN_ISSUED),
                    FieldNeed.of(EventField.CREDENTIAL_ID, EventKind.CREDENTIAL_USE)),
            List.of(FieldNeed.of(EventField.CLIENT_IP, EventKind.TOKEN_ISSUED, EventKind.CREDENTIAL_USE),
                    FieldNeed.of(EventField.NETWORK_ASN, EventKind.TOKEN_ISSUED, EventKind.CREDENTIAL_USE)));

    private static final int MAX_TOKENS = 32;

    /**
     * @param broadPolicies  managed policy ARNs (suffix match) that make a federation token broad
     * @param exemptIssuers  IAM user ARNs (suffix match) of identity brokers that federate by design
     */
    public record Settings(List<String> broadPolicies, List<String> exemptIssuers) {
        public static final Settings DEFAULTS = new Settings(List.of("policy/AdministratorAccess",
                "policy/PowerUserAccess", "policy/IAMFullAccess", "policy/job-function/SystemAdministrator"), List.of());

        public Settings {
            broadPolicies = List.copyOf(broadPolicies);
            exemptIssuers = List.copyOf(exemptIssuers);
        }
    }

    /** Per IAM user: the federation and session tokens it minted that may still be alive. */
    public static final class State extends Expiring {
        public List<Token> tokens = new ArrayList<>();
    }

    /**
     * A minted token.
     *
     * @param federatedArn the federated user's ARN, for federation tokens
     */
    public record Token(String accessKeyId, String operation, String federatedArn, Instant issued, Instant expires,
                        String prefix, Long asn, Evidence evidence, boolean alerted) {
        Token markAlerted() {
            return new Token(accessKeyId, operation, federatedArn, issued, expires, prefix, asn, evidence, true);
        }
    }

    private final Settings settings;

    public FederationTokenAbuse(Settings settings) {
        this.settings = settings;
    }

    @Override
    public AnalyticSpec spec() {
        return SPEC;
    }

    @Override
    public boolean accepts(Event event) {
        if (event.principal() == null || event.outcome() != Outcome.SUCCESS || event.credential() == null) {
            return false;
        }
        if (TokenMinting.issuance(event)) {
            return event.credential().issuedCredentialId() != null;
        }
        CredentialKind kind = event.credential().kind();
        return kind == CredentialKind.FEDERATION_TOKEN && event.principal().parent() != null
                || kind == CredentialKind.TEMPORARY_KEY && event.principal().parent() == null && event.credential().id() != null;
    }

    /**
     * The issuing user: the caller of an issuance, or of a call with a session token (which acts as
     * the user itself); a federated user's parent.
     */
    @Override
    public List<String> keys(Event event) {
        String issuer = event.credential().kind() == CredentialKind.FEDERATION_TOKEN ? event.principal().parent()
                : event.principal().name();
        boolean exempt = settings.exemptIssuers().stream().anyMatch(issuer::endsWith);
        return exempt ? List.of() : List.of(issuer);
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public State onEvent(Event event, State state, Context context) {
        Instant now = context.now();
        state.tokens.removeIf(t -> !t.expires().isAfter(now));
        if (TokenMinting.issuance(event)) {
            Token token = TokenMinting.mint(event);
            String broad = TokenMinting.broadPolicy(event, settings.broadPolicies());
            if (broad != null) {
                token = token.markAlerted();
                context.emit(FederationAlert.broad(SPEC, event, token, broad, context.key()));
            }
            state.tokens.add(token);
            if (state.tokens.size() > MAX_TOKENS) {
                state.tokens.remove(0);
            }
            return keep(state, context);
        }
        for (int i = 0; i < state.tokens.size(); i++) {
            Token token = state.tokens.get(i);
            if (token.alerted() || !uses(event, token)) {
                continue;
            }
            Evidence use = context.evidence(event);
            if (consoleSignIn(event)) {
                state.tokens.set(i, token.markAlerted());
                context.emit(FederationAlert.console(SPEC, event, token, use, context.key()));
            } else if (elsewhere(event, token)) {
                state.tokens.set(i, token.markAlerted());
                context.emit(FederationAlert.elsewhere(SPEC, event, token, use, context.key()));
            }
        }
        return keep(state, context);
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        state.tokens.removeIf(t -> !t.expires().isAfter(time));
        return keep(state, context);
    }

    private static boolean uses(Event event, Token token) {
        if (event.credential() != null && token.accessKeyId().equals(event.credential().id())) {
            return true;
        }
        return consoleSignIn(event) && token.federatedArn() != null && token.federatedArn().equals(event.principal().name());
    }

    /** A console sign-in: the federation endpoint's GetSigninToken, or the ConsoleLogin that follows. */
    private static boolean consoleSignIn(Event event) {
        return event.kind() == EventKind.AUTHENTICATION
                || event.action() != null && "GetSigninToken".equals(event.action().operation());
    }

    private static boolean elsewhere(Event event, Token token) {
        if (event.client().ip() == null || token.prefix() == null || event.client().ip().isPrivate()) {
            return false;
        }
        boolean samePrefix = token.prefix().equals(event.client().ip().prefix());
        boolean sameAsn = token.asn() != null && token.asn().equals(event.network().asn());
        return !samePrefix && !sameAsn;
    }

    private static State keep(State state, Context context) {
        return Expiring.keep(state, state.tokens.stream().map(Token::expires).max(Instant::compareTo).orElse(null), context);
    }
}
