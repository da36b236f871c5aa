package dev.tokenward.analytic.store;

import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.baseline.Profile;
import dev.tokenward.event.Event;
import dev.tokenward.analytic.Describe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The signals sso-bulk-access raises: titles, facts and severity, apart from the window that decides them. */
final class SsoAlert {
    private SsoAlert() {
    }

    /**
     * The portal showed the principal a stored password that belongs to someone else. Okta shows end
     * users the passwords of their own app assignments, and administrators none: another user's means
     * a password shared through a group assignment, or an administrator's rights turned to reading
     * colleagues' passwords. High from a network the principal never used.
     */
    static Signal anotherUsersPassword(AnalyticSpec spec, Event event, Profile profile, Evidence evidence) {
        String app = event.client().appName() != null ? event.client().appName() : event.client().app();
        String owner = event.action().revealedOf();
        boolean newNetwork = HeldSignal.neverUsed(event, profile);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Whose password", owner + ", not " + event.principal().name() + ": the portal shows a person the passwords of their own apps");
        facts.put("Application", app);
        if (newNetwork) {
            facts.put("From a network never used before", evidence.where());
        }
        String title = event.principal().name() + " was shown the stored " + app + " password of " + owner + " from " + evidence.where();
        return new Signal(spec.id(), spec.attack(), event.time(), newNetwork ? Severity.HIGH : Severity.MEDIUM, event.principal().name(),
                event.credential().id(), title, List.of(evidence), facts);
    }

    /**
     * The burst: high when it began on a network never used, or when the portal showed stored passwords during it.
     *
     * @param widestDay the most the person opened on one of the habit's days, when that is what the burst exceeds; else null
     */
    static Signal burst(AnalyticSpec spec, Duration length, Event event, SsoBulkAccess.State state, Integer widestDay, Evidence last) {
        RevealWindow window = state.apps;
        long windowStart = window.times.isEmpty() ? last.time().toEpochMilli() : window.times.peekFirst();
        boolean shown = state.passwordShown != null && state.passwordShown.toEpochMilli() >= windowStart;
        Severity severity = window.fromNewNetwork || shown ? Severity.HIGH : Severity.MEDIUM;
        String usual = window.peaks.isEmpty() ? "no launches on earlier days"
                : "at most " + window.habit() + " in " + Describe.duration(length) + " on its last " + window.peaks.size()
                + " days with launches" + (widestDay == null ? "" : " and at most " + widestDay + " on any one of them");
        String title = window.size() + " applications opened by " + event.principal().name() + " in "
                + Describe.duration(Duration.ofMillis(window.span())) + " from " + last.where() + "; " + usual;
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Going through everything the session can reach?", "yes: " + window.size() + " distinct applications, " + usual
                + ", from a network that is not the person's own");
        facts.put("Applications opened", String.join(", ", window.distinct.keySet()));
        if (shown) {
            facts.put("Stored passwords shown", "yes: the session had the portal show stored passwords; treat them as taken");
        }
        if (window.fromNewNetwork && window.first != null) {
            facts.put("From a network never used before", window.first.where());
        }
        List<Evidence> evidence = window.first == null || window.first.equals(last) ? List.of(last) : List.of(window.first, last);
        return new Signal(spec.id(), spec.attack(), event.time(), severity, event.principal().name(), event.credential().id(), title,
                evidence, facts);
    }
}
