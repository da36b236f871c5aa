package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.identity.FederationTokenAbuse.Token;
import dev.tokenward.event.Event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signals federation-token-abuse raises, for a broad federation token, for its use to sign in to
 * the console and for its use from another network: their titles and facts, kept apart from the
 * following of tokens. {@code issuer} is the IAM user that minted the token.
 */
final class FederationAlert {
    private FederationAlert() {
    }

    static Signal broad(AnalyticSpec spec, Event event, Token token, String broad, String issuer) {
        return signal(spec, event, token, "GetFederationToken by " + event.principal().name() + " minted " + token.accessKeyId()
                + " for " + federatedName(token) + " with " + broad + " from " + token.evidence().where(),
                List.of(token.evidence()), "Federation token granting broader permissions?", "yes: " + broad
                        + " (a federation token outlives the key that minted it, for up to 36 hours)", issuer);
    }

    static Signal console(AnalyticSpec spec, Event event, Token token, Evidence use, String issuer) {
        return signal(spec, event, token, "Federated user " + federatedName(token) + " (" + token.operation() + " by "
                        + issuer + ") signed in to the AWS console from " + use.where(),
                List.of(token.evidence(), use), "Federated credentials turned into a console session?",
                "yes, " + Describe.between(token.issued(), event.time()) + " after the token was minted", issuer);
    }

    static Signal elsewhere(AnalyticSpec spec, Event event, Token token, Evidence use, String issuer) {
        return signal(spec, event, token, token.operation() + " token " + token.accessKeyId() + " of " + issuer
                        + " used from " + use.where() + " after being minted from " + token.evidence().where(),
                List.of(token.evidence(), use), "Used from an unfamiliar network?",
                "yes: " + use.where() + ", not the network the token was minted from", issuer);
    }

    private static Signal signal(AnalyticSpec spec, Event event, Token token, String title, List<Evidence> evidence, String question,
                                 String answer, String issuer) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(question, answer);
        facts.put("Minted by", issuer + " with " + token.operation() + " at " + token.issued());
        if (token.federatedArn() != null) {
            facts.put("Federated user", token.federatedArn());
        }
        facts.put("Valid until", token.expires().toString());
        return new Signal(spec.id(), spec.attack(), event.time(), Severity.HIGH, issuer, token.accessKeyId(), title,
                evidence, facts);
    }

    private static String federatedName(Token token) {
        return token.federatedArn() == null ? "a session" : token.federatedArn().substring(token.federatedArn().lastIndexOf('/') + 1);
    }
}
