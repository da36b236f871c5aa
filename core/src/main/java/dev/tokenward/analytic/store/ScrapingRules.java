package dev.tokenward.analytic.store;

import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.baseline.Profile;
import dev.tokenward.analytic.store.CredentialStoreScraping.Settings;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.PrincipalType;

/** What makes reads a burst, and an export an alert, for credential-store-scraping, apart from the state that counts them. */
final class ScrapingRules {
    private ScrapingRules() {
    }

    /**
     * At least {@code minItems} distinct items in the window, over the principal's habit and over
     * their peers' (the median of their busiest), and the principal judged.
     */
    static boolean burst(Settings settings, Event event, RevealWindow window, int minItems, Profile profile, int peerHabit) {
        int items = window.size();
        if (items < minItems) {
            return false;
        }
        PrincipalType type = event.principal().type();
        boolean schedule = type == PrincipalType.SERVICE || type == PrincipalType.WORKLOAD;
        if (schedule && window.peaks.size() < settings.learningDays()) {
            return false;
        }
        return items > settings.overHabit() * Math.max(window.habit(), peerHabit) && !firstLook(event, window, profile);
    }

    /**
     * A person's first reads of a password manager's items (no reads on earlier days), from their
     * own network or device: someone newly given a shared vault going through it from their desk. A
     * thief's session comes from elsewhere; and nobody joins a cloud account by reading its secrets,
     * so secret stores' reads are always judged.
     */
    private static boolean firstLook(Event event, RevealWindow window, Profile profile) {
        return window.peaks.isEmpty() && event.kind() == EventKind.CREDENTIAL_STORE_ACCESS
                && HeldSignal.own(profile, event);
    }

    /**
     * Items saved changed from the person's own network or device or the organisation's: someone
     * rotating a vault's passwords at their desk. Saves from anywhere else excuse no read, so that a
     * stolen session cannot hide its reads behind trivial edits (a tag, a title) of each item.
     */
    static boolean maintenance(Event event, Profile profile) {
        return event.network().zone() != null || HeldSignal.own(profile, event);
    }

    /** A bulk export: a credential-store access its source marks sensitive. */
    static boolean export(Event event) {
        return event.kind() == EventKind.CREDENTIAL_STORE_ACCESS && event.action().sensitive();
    }


    /**
     * An export from the organisation's networks or the person's own (MFA completed there on two
     * days, or active there on two days) is an administrator's backup; from anywhere else, an alert.
     */
    static void judgeExport(Settings settings, Event event, ScrapingState state, Profile profile, Context context) {
        String network = event.sourceNetwork();
        if (event.network().zone() != null || HeldSignal.own(profile, network, HeldSignal.pooled(event), null)) {
            return;
        }
        state.alerted = context.now();
        Signal signal = ScrapingAlert.export(CredentialStoreScraping.SPEC, event, state, context.evidence(event), profile != null);
        state.held = network == null ? null : HeldSignal.hold(signal, event, profile, settings.exportHold(), context);
        if (state.held == null) {
            context.emit(signal);
        }
    }
}
