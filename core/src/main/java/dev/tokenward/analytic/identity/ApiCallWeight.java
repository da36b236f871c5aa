package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.baseline.Seen;
import dev.tokenward.analytic.identity.NewCredentialUnusualApi.Settings;
import dev.tokenward.event.Event;

import java.util.regex.Pattern;

/**
 * How much one unusual API call of a new credential counts towards new-credential-unusual-api's
 * threshold, and whether it changes something sensitive: the scoring rule, kept apart so that the
 * weights read in one place.
 */
final class ApiCallWeight {
    private static final Pattern WEIGHTED_OPERATION = Pattern.compile(
            "^(Create|Update|Delete|Put|Attach|Detach|Add|Remove|Set|Modify|Enable|Disable|Replace|Revoke|Tag|Untag|Upload|List)[A-Z].*");
    private static final Pattern CHANGE = Pattern.compile(
            "^(Create|Update|Delete|Put|Attach|Detach|Add|Remove|Set|Modify|Enable|Disable|Replace|Revoke|Upload)[A-Z].*");

    private ApiCallWeight() {
    }

    /** 1, times the sensitive-service, operation and unfamiliar-network factors that apply. */
    static int of(Event event, boolean foreign, Settings settings) {
        return (event.action().sensitive() ? settings.sensitiveWeight() : 1)
                * (WEIGHTED_OPERATION.matcher(event.action().operation()).matches() ? settings.operationWeight() : 1)
                * (foreign ? settings.networkWeight() : 1);
    }

    /** A create, update, delete, attach or the like on an identity, key, secret or audit service. */
    static boolean sensitiveChange(Event event) {
        return event.action().sensitive() && CHANGE.matcher(event.action().operation()).matches();
    }

    /** What the baseline knew of the API when it was called, for the alert's facts. */
    static String describe(Seen seen) {
        return seen == null ? "never" : seen.count + (seen.count == 1 ? " call" : " calls") + " before";
    }
}
