package dev.tokenward.analytic.store;

import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.store.CredentialStoreScraping.Settings;
import dev.tokenward.event.Event;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The signals credential-store-scraping raises: titles, facts and severity, apart from the window that decides them. */
final class ScrapingAlert {
    private ScrapingAlert() {
    }

    /**
     * High for three times the minimum or more, when the burst reached stores never read before,
     * when it began on a network the principal never used, or on one their other sessions of the
     * hour before did not use while they were active elsewhere; medium otherwise.
     */
    static Signal burst(AnalyticSpec spec, Settings settings, Event event, ScrapingState state, RevealWindow window, Duration length,
                        Evidence last, StorePeers.Peers peers, boolean fast) {
        int items = window.size();
        boolean newStores = !state.newStores.isEmpty();
        boolean elsewhere = window.elsewhere != null && window.first != null;
        Severity severity = items >= 3 * settings.minItems() || newStores || window.fromNewNetwork || elsewhere ? Severity.HIGH
                : Severity.MEDIUM;
        String usual = window.peaks.isEmpty() ? "no reads on earlier days"
                : "at most " + window.habit() + " in " + Describe.duration(length) + " on its last " + window.peaks.size()
                + " days with reads";
        String title = items + " secrets or vault items read by " + event.principal().name() + " in "
                + Describe.duration(Duration.ofMillis(window.span())) + " from " + last.where() + "; " + usual;
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Scraping a credential store?", "yes: " + items + " distinct items in the window, " + usual);
        facts.put("Items read", listed(window));
        if (peers.count() > 0) {
            facts.put("Peers", peers.count() + " other people read the same vaults or stores; the median of their busiest "
                    + Describe.duration(length) + " is " + (fast ? peers.fast() : peers.paced()) + " items");
        }
        if (newStores) {
            facts.put("Stores never read before", String.join(", ", state.newStores));
        }
        if (window.fromNewNetwork && window.first != null) {
            facts.put("From a network never used before", window.first.where()
                    + ": not by the principal's identity-provider sessions, vault or cloud use before these reads");
        }
        if (elsewhere) {
            facts.put("The person elsewhere that hour", "their other sessions (identity provider, apps, cloud) came from "
                    + window.elsewhere + " in the hour before, none from " + window.first.where());
        }
        return signal(spec, event, severity, title, window.first, last, facts);
    }

    /**
     * Always high: a whole vault leaving, from a network that is not the person's. Excusable by its
     * address: raised in the logs' first days, it waits with the other alerts of those days for the
     * organisation's networks to be learnt, and is dropped if the address turns out to be one of
     * them (an administrator's backup at the office on the logs' first working day).
     */
    static Signal export(AnalyticSpec spec, Event event, ScrapingState state, Evidence last, boolean history) {
        String title = "Vault export by " + event.principal().name() + " from " + last.where() + ", a network "
                + (history ? "the person never worked from on two days" : "of a person with no history yet")
                + (last.client() != null ? " (" + last.client() + ")" : "");
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Scraping a credential store?", "yes: an export (" + event.action().operation() + ")");
        facts.put("Items read", String.join(", ", event.action().revealed()) + " and every other item the export holds");
        return signal(spec, event, Severity.HIGH, title, state.recent.first, last, facts).excusableBy(last);
    }

    private static Signal signal(AnalyticSpec spec, Event event, Severity severity, String title, Evidence first, Evidence last,
                                 Map<String, String> facts) {
        String credential = event.credential() == null ? null : event.credential().id();
        List<Evidence> evidence = first == null || first.equals(last) ? List.of(last) : List.of(first, last);
        return new Signal(spec.id(), spec.attack(), event.time(), severity, event.principal().name(), credential, title, evidence, facts);
    }

    /** The distinct items of the window, the first {@value CredentialStoreScraping#LISTED}, with the total. */
    private static String listed(RevealWindow window) {
        List<String> items = window.distinct.keySet().stream().limit(CredentialStoreScraping.LISTED).toList();
        return String.join(", ", items) + (window.size() > items.size() ? ", … (" + window.size() + " in all)"
                : " (" + window.size() + ")");
    }
}
