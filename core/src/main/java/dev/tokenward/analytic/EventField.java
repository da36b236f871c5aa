package dev.tokenward.analytic;

import dev.tokenward.event.Event;
import dev.tokenward.event.Mfa;

import java.util.function.Predicate;

/** A normalized field an analytic can need, and how to tell whether an event fills it. */
public enum EventField {
    PRINCIPAL("principal.name", e -> e.principal() != null),
    CREDENTIAL_ID("credential.id", e -> e.credential() != null && e.credential().id() != null),
    CREDENTIAL_PARENT_ID("credential.parentId", e -> e.credential() != null && e.credential().parentId() != null),
    CREDENTIAL_MFA("credential.mfa", e -> e.credential() != null && e.credential().mfa() != Mfa.UNKNOWN),
    ISSUED_CREDENTIAL_ID("credential.issuedCredentialId", e -> e.credential() != null && e.credential().issuedCredentialId() != null),
    CLIENT_IP("client.ip", e -> e.client().ip() != null),
    CLIENT_USER_AGENT("client.userAgent", e -> e.client().userAgent() != null),
    CLIENT_DEVICE_ID("client.deviceId", e -> e.client().deviceId() != null),
    CLIENT_APP("client.app", e -> e.client().app() != null),
    NETWORK_ASN("network.asn", e -> e.network().asn() != null),
    NETWORK_COUNTRY("network.country", e -> e.network().country() != null),
    NETWORK_LOCATION("network.latitude/longitude", e -> e.network().hasLocation()),
    ACTION_OPERATION("action.operation", e -> e.action() != null && e.action().operation() != null),
    /** Filled only where an event hands over a secret or an item: rare on any source by nature. */
    ACTION_REVEALED("action.revealed", e -> e.action() != null && !e.action().revealed().isEmpty(), true),
    /** Filled only where an event gives a secret or an item new contents: rarer still. */
    ACTION_WRITTEN("action.written", e -> e.action() != null && !e.action().written().isEmpty(), true),
    OUTCOME("outcome", e -> e.outcome() != dev.tokenward.event.Outcome.UNKNOWN),
    /** Where the host sent the connection; the run ties network flows to hosts by their leases. */
    ENDPOINT_HOST("endpoint.host", e -> e.endpoint() != null && e.endpoint().host() != null),
    ENDPOINT_DESTINATION("endpoint.destination.name", e -> e.endpoint() != null && e.endpoint().destination() != null
            && e.endpoint().destination().name() != null),
    ENDPOINT_PROCESS("endpoint.process.path", e -> e.endpoint() != null && e.endpoint().process() != null
            && e.endpoint().process().path() != null),
    /** Filled where a launchd job runs the process: most processes are not jobs. */
    ENDPOINT_JOB("endpoint.job.label", e -> e.endpoint() != null && e.endpoint().job() != null, true),
    ENDPOINT_SIGNER("endpoint.process.signed", e -> e.endpoint() != null && e.endpoint().process() != null
            && e.endpoint().process().signed() != null);

    private final String path;
    private final Predicate<Event> filled;
    private final boolean sparse;

    EventField(String path, Predicate<Event> filled) {
        this(path, filled, false);
    }

    EventField(String path, Predicate<Event> filled, boolean sparse) {
        this.path = path;
        this.filled = filled;
        this.sparse = sparse;
    }

    public String path() {
        return path;
    }

    /** Whether the field is filled only on the few events it describes, so that a low fill is no gap. */
    public boolean sparse() {
        return sparse;
    }

    public boolean filledIn(Event event) {
        return filled.test(event);
    }
}
