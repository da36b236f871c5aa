package dev.tokenward.source;

import dev.tokenward.event.Action;
import dev.tokenward.event.Client;
import dev.tokenward.event.Credential;
import dev.tokenward.event.Endpoint;
import dev.tokenward.event.Event;
import dev.tokenward.event.FieldIssue;
import dev.tokenward.event.Network;
import dev.tokenward.event.Origin;
import dev.tokenward.event.Principal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An event held to the {@link InputLimits}: every text it carries is cut (with a marker saying how
 * much) past {@code maxStringChars}, a user agent past {@code maxUserAgentChars}, and an issue time
 * outside the accepted range is set aside as an invalid field. Most events fit and are returned as
 * they are, after one look at each text's length.
 */
final class CappedEvent {
    /** Scopes an issuance keeps at most. */
    private static final int MAX_SCOPES = 64;

    private CappedEvent() {
    }

    static Event of(Event event, InputLimits limits) {
        int max = limits.maxStringChars();
        Credential credential = event.credential();
        boolean oddIssue = credential != null && credential.issuedAt() != null && !limits.accepts(credential.issuedAt());
        if (!oddIssue && fits(event, max, limits.maxUserAgentChars())) {
            return event;
        }
        List<FieldIssue> invalid = new ArrayList<>(event.invalid());
        if (credential != null) {
            if (oddIssue) {
                invalid.add(new FieldIssue("credential.issuedAt", credential.issuedAt().toString(),
                        "outside the accepted range, " + limits.range()));
            }
            credential = new Credential(credential.kind(), cut(credential.id(), max), cut(credential.parentId(), max),
                    oddIssue ? null : credential.issuedAt(), credential.mfa(), cut(credential.issuedCredentialId(), max),
                    capped(credential.issuance(), max), capped(credential.issued(), max));
        }
        Principal principal = event.principal() == null ? null : new Principal(cut(event.principal().name(), max),
                cut(event.principal().uid(), max), event.principal().type(), cut(event.principal().tenant(), max),
                cut(event.principal().parent(), max), event.principal().root());
        Client c = event.client();
        Client client = new Client(c.ip(), cut(c.userAgent(), limits.maxUserAgentChars()), cut(c.deviceId(), max), cut(c.app(), max),
                cut(c.process(), max), cut(c.host(), max), c.agent(), cut(c.appName(), max), c.firstParty());
        Network n = event.network();
        Network network = new Network(cut(n.country(), max), cut(n.city(), max), n.latitude(), n.longitude(), n.accuracyKm(), n.asn(),
                cut(n.asOrg(), max), n.networkClass(), cut(n.zone(), max), n.cloud(), n.sharedBy(), n.operator());
        Action a = event.action();
        Action action = a == null ? null : new Action(cut(a.service(), max), cut(a.operation(), max), cut(a.resource(), max), a.sensitive(),
                cut(a.region(), max), a.tactic(), a.revealed().stream().map(x -> cut(x, max)).toList(), cut(a.revealedOf(), max),
                a.written().stream().map(x -> cut(x, max)).toList());
        Origin o = event.origin();
        Origin origin = o == null ? null : new Origin(o.file(), o.line(), o.offset(), cut(o.recordId(), max));
        Map<String, String> unmapped = new TreeMap<>();
        event.unmapped().forEach((name, value) -> unmapped.put(name, cut(value, max)));
        return new Event(event.time(), event.source(), event.kind(), event.outcome(), cut(event.reason(), max), principal, credential,
                client, network, action, origin, unmapped, invalid, event.risk(), capped(event.endpoint(), max));
    }

    /** Whether every text is within its limit, and no issuance has more than 64 scopes. */
    private static boolean fits(Event e, int max, int maxAgent) {
        EventText texts = EventText.of(e);
        return texts.longest() <= max && texts.userAgent() <= maxAgent && texts.scopes() <= MAX_SCOPES;
    }

    /** The endpoint facts with every text cut to {@code max}; the same instance when all fit. */
    private static Endpoint capped(Endpoint e, int max) {
        if (e == null) {
            return null;
        }
        Endpoint.Process p = e.process();
        Endpoint.Process process = p == null ? null
                : new Endpoint.Process(cut(p.path(), max), p.pid(), p.parentPid(), p.signed(), cut(p.signingId(), max), cut(p.teamId(), max));
        Endpoint.Destination d = e.destination();
        Endpoint.Destination destination = d == null ? null : new Endpoint.Destination(cut(d.name(), max), d.ip(), d.port(), d.asn(), cut(d.asOrg(), max));
        Endpoint.Job j = e.job();
        Endpoint.Job job = j == null ? null : new Endpoint.Job(cut(j.label(), max), cut(j.program(), max), j.intervalSeconds(),
                cut(j.calendar(), max), j.keepAlive(), cut(j.plist(), max));
        Endpoint cut = new Endpoint(e.fact(), cut(e.host(), max), cut(e.user(), max), process, destination, job, cut(e.tls(), max),
                cut(e.tiedBy(), max));
        return cut.equals(e) ? e : cut;
    }

    private static Credential.Issuance capped(Credential.Issuance i, int max) {
        if (i == Credential.Issuance.NONE) {
            return i;
        }
        return new Credential.Issuance(cut(i.provider(), max), i.issuing(), i.issuanceLogged(), i.lifetime(), cut(i.issuerTenant(), max),
                i.scopes().stream().limit(MAX_SCOPES).map(x -> cut(x, max)).toList(), i.tenantWide(), i.delivery(), cut(i.workload(), max),
                cut(i.issuedTo(), max), i.issuedExpires(), cut(i.mfaDetail(), max), i.kind());
    }

    private static String cut(String text, int max) {
        return InputLimits.cut(text, max);
    }
}
