package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.identity.FederationTokenAbuse.Token;
import dev.tokenward.event.Credential;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Federation-token-abuse's reading of an STS issuance: whether the event mints a federation or
 * session token, the token it mints, and whether its policy is broad. Kept apart so that the parsing
 * of the issuance reads in one place.
 */
final class TokenMinting {
    private static final Pattern ALL_ACTIONS = Pattern.compile("\"Action\"\\s*:\\s*(\\[\\s*)?\"\\*(:\\*)?\"");
    private static final Duration LONGEST = Duration.ofHours(36);

    private TokenMinting() {
    }

    /** A {@code GetFederationToken} or {@code GetSessionToken} call that issued a token. */
    static boolean issuance(Event event) {
        return event.kind() == EventKind.TOKEN_ISSUED && event.action() != null
                && ("GetFederationToken".equals(event.action().operation()) || "GetSessionToken".equals(event.action().operation()));
    }

    /** The token minted, valid until it says or for at most {@link #LONGEST}. */
    static Token mint(Event event) {
        Credential.Issuance issued = event.credential().issued();
        Instant longest = event.time().plus(LONGEST);
        Instant expires = issued.issuedExpires() == null || issued.issuedExpires().isAfter(longest) ? longest : issued.issuedExpires();
        String prefix = event.client().ip() == null ? null : event.client().ip().prefix();
        String federated = "GetFederationToken".equals(event.action().operation()) ? issued.issuedTo() : null;
        return new Token(event.credential().issuedCredentialId(), event.action().operation(), federated, event.time(), expires, prefix,
                event.network().asn(), Evidence.of(event), false);
    }

    /**
     * The broad policy a federation token was minted with: the name of a managed policy in
     * {@code broadPolicies}, or an inline policy allowing every action; null if none.
     */
    static String broadPolicy(Event event, List<String> broadPolicies) {
        if (!"GetFederationToken".equals(event.action().operation())) {
            return null;
        }
        for (String scope : event.credential().issued().scopes()) {
            if (broadPolicies.stream().anyMatch(scope::endsWith)) {
                return scope.substring(scope.lastIndexOf('/') + 1);
            }
            if (ALL_ACTIONS.matcher(scope).find()) {
                return "an inline policy allowing every action";
            }
        }
        return null;
    }
}
