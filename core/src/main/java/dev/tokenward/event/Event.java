package dev.tokenward.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;

/**
 * One normalized log record. Names follow OCSF where OCSF has the concept; {@code unmapped} holds
 * source facts that have no normalized home (as OCSF's own {@code unmapped} object does), under
 * stable names such as {@code okta.behaviors}.
 *
 * @param time       event time
 * @param source     the format it was read from ({@code cloudtrail}, {@code okta}, {@code entra}, ...)
 * @param kind       what happened
 * @param outcome    success or failure
 * @param reason     the source's failure code or text
 * @param principal  who acted; null only for records that name nobody
 * @param credential what they acted with; null when the source does not say
 * @param client     what made the request
 * @param network    where it came from
 * @param action     what was done
 * @param origin     where the record is
 * @param unmapped   source facts with no normalized field
 * @param invalid    fields whose raw value was unusable, kept for the analyst
 * @param risk       the source's own risk verdict; never null
 * @param endpoint   what endpoint and network telemetry says of the host and process; null for other sources
 */
public record Event(Instant time, String source, EventKind kind, Outcome outcome, String reason,
                    Principal principal, Credential credential, Client client, Network network, Action action,
                    Origin origin, Map<String, String> unmapped, List<FieldIssue> invalid,
                    @JsonIgnore Risk risk, @JsonInclude(JsonInclude.Include.NON_NULL) Endpoint endpoint) {

    /** The risk for JSON: left out when the source gave none. */
    @JsonProperty("risk")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    Risk riskIfAny() {
        return risk == Risk.UNKNOWN ? null : risk;
    }

    /** The class of the read-only sorted copy an event keeps of its unmapped facts: an event made from another shares it. */
    private static final Class<?> SORTED_VIEW = Collections.unmodifiableSortedMap(new TreeMap<>()).getClass();

    public Event {
        Checks.require(time != null, "an event needs a time");
        Checks.require(source != null, "an event needs a source");
        kind = kind == null ? EventKind.OTHER : kind;
        outcome = outcome == null ? Outcome.UNKNOWN : outcome;
        client = client == null ? Client.NONE : client;
        network = network == null ? Network.UNKNOWN : network;
        unmapped = unmapped == null || unmapped.isEmpty() ? Map.of()
                : unmapped.getClass() == SORTED_VIEW ? unmapped : Collections.unmodifiableSortedMap(new TreeMap<>(unmapped));
        invalid = invalid == null ? List.of() : List.copyOf(invalid);
        risk = risk == null ? Risk.UNKNOWN : risk;
    }

    public Event(Instant time, String source, EventKind kind, Outcome outcome, String reason, Principal principal,
                 Credential credential, Client client, Network network, Action action, Origin origin,
                 Map<String, String> unmapped, List<FieldIssue> invalid, Risk risk) {
        this(time, source, kind, outcome, reason, principal, credential, client, network, action, origin, unmapped, invalid,
                risk, null);
    }

    public Event(Instant time, String source, EventKind kind, Outcome outcome, String reason, Principal principal,
                 Credential credential, Client client, Network network, Action action, Origin origin,
                 Map<String, String> unmapped, List<FieldIssue> invalid) {
        this(time, source, kind, outcome, reason, principal, credential, client, network, action, origin, unmapped, invalid,
                Risk.UNKNOWN);
    }

    /** The routable network the event came from, its /24 or /64 ({@link IpAddress#prefix()}); null for none or a private one. */
    public String sourceNetwork() {
        return client.ip() == null || client.ip().isPrivate() ? null : client.ip().prefix();
    }

    /**
     * Who runs the network the event came from, for telling one network's repeats from another's:
     * its autonomous system, or where the data gives none, its /24 or /64; "-" without an address.
     */
    public String networkOwner() {
        if (network.asn() != null) {
            return "AS" + network.asn();
        }
        return client.ip() == null ? "-" : client.ip().prefix();
    }

    /**
     * The entity keys of one kind this event belongs to: its principal; the lineage id of the
     * credential it was made with and the id of any credential it issued; its host (the endpoint's,
     * else the client's device); its source network ({@link #sourceNetwork()}).
     */
    public List<String> keys(EntityKind kind) {
        switch (kind) {
            case PRINCIPAL:
                return principal == null ? List.of() : List.of(principal.name());
            case CREDENTIAL:
                if (credential == null) {
                    return List.of();
                }
                List<String> keys = new ArrayList<>(2);
                String lineage = credential.lineageId();
                if (lineage != null) {
                    keys.add(lineage);
                }
                String issued = credential.issuedCredentialId();
                if (issued != null && !issued.equals(lineage)) {
                    keys.add(issued);
                }
                return keys;
            case HOST:
                String host = endpoint != null && endpoint.host() != null ? endpoint.host() : client.deviceId();
                return host == null ? List.of() : List.of(host);
            case NETWORK:
                String network = sourceNetwork();
                return network == null ? List.of() : List.of(network);
            default:
                throw new IllegalArgumentException("unknown entity kind " + kind);
        }
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCESS;
    }

    public String unmapped(String name) {
        return unmapped.get(name);
    }

    /** Whether this is an API call or web request made with a credential (creating an identity is one too). */
    public boolean apiCall() {
        return (kind == EventKind.CREDENTIAL_USE || kind == EventKind.ACCOUNT_CREATED) && action != null && action.operation() != null;
    }

    public Event withClientAndNetwork(Client enrichedClient, Network enrichedNetwork) {
        return new Event(time, source, kind, outcome, reason, principal, credential, enrichedClient, enrichedNetwork,
                action, origin, unmapped, invalid, risk, endpoint);
    }

    public Event withPrincipal(Principal resolved) {
        return new Event(time, source, kind, outcome, reason, resolved, credential, client, network, action, origin, unmapped,
                invalid, risk, endpoint);
    }

    public Event withEndpoint(Endpoint joined) {
        return new Event(time, source, kind, outcome, reason, principal, credential, client, network, action, origin, unmapped,
                invalid, risk, joined);
    }
}
