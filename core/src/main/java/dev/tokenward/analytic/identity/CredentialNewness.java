package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.baseline.Lineage;
import dev.tokenward.analytic.identity.NewCredentialUnusualApi.Settings;
import dev.tokenward.analytic.identity.NewCredentialUnusualApi.State;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;

import java.time.Instant;

/**
 * When a credential counts as new for new-credential-unusual-api: it decides whether a credential is
 * judged at all, so it is kept apart from the scoring of its calls.
 */
final class CredentialNewness {
    private CredentialNewness() {
    }

    /**
     * Decides whether the credential is new, and until when: new for {@code newFor} after its
     * issuance, or after it was first seen once CloudTrail had been watched for {@code settle}.
     * A long-lived key (an access key) first seen without its issuance is never new: it may have
     * been made years before the logs began and simply not been used in their first days (a
     * monthly job's key, a person's second key), while one made since would show its issuing call.
     * Records when it was born, until when it is new and whom it was issued to in the state.
     */
    static boolean start(Event event, State state, Settings settings, Context context) {
        Lineage lineage = context.lineage(event.credential().id());
        Instant now = context.now();
        Instant born;
        if (lineage != null && lineage.issued()) {
            born = lineage.issuedAt;
            state.issuedBy = lineage.principal;
        } else {
            if (event.credential().kind() == CredentialKind.API_KEY) {
                return false;
            }
            born = lineage == null ? now : lineage.firstSeen;
            Instant watched = context.watchedSince(event);
            if (watched == null || watched.plus(settings.settle()).isAfter(born)) {
                return false;
            }
        }
        state.born = born;
        state.newUntil = born.plus(settings.newFor());
        return now.isBefore(state.newUntil);
    }
}
