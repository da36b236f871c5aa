package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.identity.OauthConsentThenUse.Grant;
import dev.tokenward.event.ClientClass;
import dev.tokenward.event.Event;
import dev.tokenward.event.NetworkClass;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signal oauth-consent-then-use raises when an application first uses the tokens a user
 * consented to: its title, facts and severity, kept apart from the remembering of consents.
 */
final class ConsentAlert {
    private ConsentAlert() {
    }

    /** High when the use is scripted or from attack infrastructure, or the scopes are sensitive; medium otherwise. */
    static Signal of(AnalyticSpec spec, Event event, Grant grant, Evidence use) {
        NetworkClass network = event.network().networkClass();
        ClientClass client = event.client().agent() == null ? ClientClass.UNKNOWN : event.client().agent().clientClass();
        boolean sensitive = ConsentScopes.sensitive(grant.scopes());
        Severity severity = use.scripted() || sensitive ? Severity.HIGH : Severity.MEDIUM;
        String name = grant.appName() == null ? grant.appId() : grant.appName() + " (" + grant.appId() + ")";
        String title = name + " used the tokens " + event.principal().name() + " granted it " + Describe.between(grant.time(), event.time())
                + " earlier (" + grant.scopes() + ") from " + use.where();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Newly authorized OAuth application?", "yes: " + name + ", consented by the user at " + grant.time());
        facts.put("Scopes granted", grant.scopes() + (sensitive ? " (reach mail, files, directory or mailbox settings)" : ""));
        facts.put("First token use from", use.where() + (network == NetworkClass.UNKNOWN ? ""
                : ", " + Evidence.label(network) + " network") + (client == ClientClass.UNKNOWN ? "" : ", " + Evidence.label(client)
                + " client"));
        facts.put("Time from consent to use", Describe.between(grant.time(), event.time()));
        String credential = event.credential() == null ? grant.appId() : event.credential().id();
        return new Signal(spec.id(), spec.attack(), event.time(), severity, event.principal().name(), credential, title,
                List.of(grant.evidence(), use), facts);
    }
}
