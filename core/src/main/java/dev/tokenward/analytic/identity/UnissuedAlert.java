package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.baseline.Lineage;
import dev.tokenward.event.Credential;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signal credential-without-authentication raises for a credential used with no event that
 * issued it: its title, facts and severity, and the weaker join on principal, network or device
 * that lowers it; kept apart from the judgement of whether the logs should have shown the issuance.
 */
final class UnissuedAlert {
    private static final Set<CredentialKind> KEYS = EnumSet.of(CredentialKind.TEMPORARY_KEY, CredentialKind.FEDERATION_TOKEN);

    private UnissuedAlert() {
    }

    /**
     * The signal before the logs have been watched for a lifetime, at medium: the credential could
     * be older than they are, {@code but} says why it is judged all the same.
     */
    static Signal beforeTheGate(AnalyticSpec spec, Event event, Instant since, Duration lifetime, String but, Context context) {
        Evidence use = context.evidence(event);
        Credential credential = event.credential();
        String issuance = KEYS.contains(credential.kind()) ? "call that minted it" : "sign-in that issued it";
        String watched = Describe.between(since, event.time());
        String title = Describe.credential(credential) + " " + context.key() + " used by " + event.principal().name() + " from "
                + use.where() + " with no " + issuance + " in " + watched + " of its logs";
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Token used without a corresponding authentication?", "likely: no " + issuance + " in the " + watched
                + " its logs have been watched, fewer than such a credential lives (" + Describe.duration(lifetime) + "), so it could"
                + " be older than they are; but " + but);
        facts.put("Used from", use.where());
        return new Signal(spec.id(), spec.attack(), event.time(), Severity.MEDIUM, event.principal().name(), context.key(), title,
                List.of(use), facts).excusableBy(use);
    }

    /** The signal: at medium before the logs have been watched for a lifetime, else as the weaker join leaves it. */
    static Signal of(AnalyticSpec spec, Event event, Instant since, Duration lifetime, boolean watchedLongEnough, Context context) {
        Evidence use = context.evidence(event);
        Credential credential = event.credential();
        String what = Describe.credential(credential);
        String issuance = KEYS.contains(credential.kind()) ? "call that minted it" : "sign-in that issued it";
        boolean byCreation = LeftoverCredential.createdWhileWatched(event, since);
        String watched = Describe.between(since, event.time());
        String title = what + " " + context.key() + " used by " + event.principal().name() + " from " + use.where()
                + (byCreation ? ", created at " + credential.issuedAt() + " while its logs were watched, with no " + issuance
                : " with no " + issuance + " in " + watched + " of its logs");
        if (!watchedLongEnough) {
            String revived = LeftoverCredential.revivedElsewhere(event, since, context);
            return beforeTheGate(spec, event, since, lifetime, revived != null && use.attackInfrastructure() == null && !use.scripted()
                    ? "it turns up only now, and " + revived : "it is used from " + (use.attackInfrastructure() != null
                    ? use.attackInfrastructure() : "a script") + ", on a network none of the tenant's people share", context);
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Token used without a corresponding authentication?", byCreation
                ? "yes: it says it was created at " + credential.issuedAt() + ", after its logs began to be watched (" + since
                + "), and no " + issuance + " is in them (one minted through an endpoint of a region or account whose logs are"
                + " not collected would look like this)"
                : "yes: no " + issuance + " since " + since + ", longer than such a credential lives (" + Describe.duration(lifetime) + ")");
        Lineage weak = KEYS.contains(credential.kind()) ? null : weakJoin(event, lifetime, context);
        Severity severity = use.scripted() ? Severity.HIGH : Severity.MEDIUM;
        List<Evidence> evidence = List.of(use);
        if (weak == null) {
            facts.put("Join", KEYS.contains(credential.kind())
                    ? "on credential ids: high confidence that no issuing event was logged (keys get no weaker join: an issuer"
                    + " never issues one key under two ids)"
                    : "on credential ids: high confidence that no issuing event was logged; nor did the principal sign in from this"
                    + " device or network in the last " + Describe.duration(lifetime) + " (principal, device, network and time)");
        } else {
            severity = Severity.LOW;
            evidence = List.of(weak.issuedBy, use);
            facts.put("Join", "low confidence: no issuing event carries this id, but on principal, "
                    + (weak.network != null && weak.network.equals(event.sourceNetwork()) ? "network" : "device") + " and time it may"
                    + " come from " + weak.issuedBy.summary() + " at " + weak.issuedAt + " (a source that re-issued the id would"
                    + " look like this)");
        }
        facts.put("Used from", use.where());
        return new Signal(spec.id(), spec.attack(), event.time(), severity, event.principal().name(), context.key(), title,
                evidence, facts);
    }

    /** A sign-in by the same issuer that issued a session to the same principal within the lifetime, from the same network or device. */
    private static Lineage weakJoin(Event event, Duration lifetime, Context context) {
        String network = event.sourceNetwork();
        String device = event.client().deviceId();
        String issuer = event.credential().issuance().provider();
        for (Lineage issued : context.issuedTo(event.principal().name())) {
            boolean recent = !issued.issuedAt.plus(lifetime).isBefore(context.now());
            boolean sameIssuer = issuer != null && issuer.equals(issued.issuedBy.issuer());
            boolean sameNetwork = network != null && network.equals(issued.network);
            boolean sameDevice = device != null && device.equals(issued.issuedBy.deviceId());
            if (recent && sameIssuer && (sameNetwork || sameDevice)) {
                return issued;
            }
        }
        return null;
    }
}
