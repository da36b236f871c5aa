package dev.tokenward.source;

import dev.tokenward.event.Action;
import dev.tokenward.event.Client;
import dev.tokenward.event.Credential;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.FieldIssue;
import dev.tokenward.event.IpAddress;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.Network;
import dev.tokenward.event.NetworkClass;
import dev.tokenward.event.Origin;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.Principal;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.event.Risk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Collects an event's fields as a mapper finds them, and keeps the raw value of every field that
 * turns out malformed. A mapper makes one per record.
 */
public final class EventBuilder {
    private List<String> revealed = List.of();
    private String revealedOf;
    private List<String> written = List.of();
    private static final int RAW_LIMIT = 200;
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)+", Pattern.CASE_INSENSITIVE);

    private final String source;
    private Instant time;
    private EventKind kind = EventKind.OTHER;
    private Outcome outcome = Outcome.UNKNOWN;
    private String reason;
    private Principal principal;
    private Credential credential;
    private IpAddress ip;
    private String userAgent;
    private String deviceId;
    private String app;
    private String host;
    private String country;
    private String city;
    private Double latitude;
    private Double longitude;
    private Long asn;
    private String asOrg;
    private NetworkClass networkClass = NetworkClass.UNKNOWN;
    private Action action;
    private String region;
    private Action.Tactic tactic;
    private String parent;
    private boolean root;
    private String appName;
    private Boolean firstParty;
    private Credential.Issuance issuance = Credential.Issuance.NONE;
    private Credential.Issuance issued = Credential.Issuance.NONE;
    private Risk risk = Risk.UNKNOWN;
    private Origin origin;
    private dev.tokenward.event.Endpoint endpoint;
    private final java.util.TreeMap<String, String> unmapped = new java.util.TreeMap<>();
    private final List<FieldIssue> invalid = new ArrayList<>(0);

    public EventBuilder(String source) {
        this.source = source;
    }

    /** Sets the event time; a missing or unreadable time makes the record unusable. */
    public EventBuilder time(String field, String raw) throws BadRecordException {
        if (raw == null) {
            throw new BadRecordException("missing " + field);
        }
        time = Timestamps.parse(raw);
        if (time == null) {
            throw new BadRecordException(field + " is not a timestamp: " + cut(raw));
        }
        return this;
    }

    /** The event time set so far, or null. */
    public Instant eventTime() {
        return time;
    }

    /** A secondary timestamp: unreadable values are kept as invalid, not fatal. */
    public Instant optionalTime(String field, String raw) {
        if (raw == null) {
            return null;
        }
        Instant parsed = Timestamps.parse(raw);
        if (parsed == null) {
            invalid(field, raw, "not a timestamp");
        }
        return parsed;
    }

    public EventBuilder kind(EventKind value) {
        kind = value;
        return this;
    }

    public EventBuilder outcome(Outcome value, String why) {
        outcome = value;
        reason = why;
        return this;
    }

    /** The principal; a blank name is kept as an invalid {@code principal.name} and leaves the event without one. */
    public EventBuilder principal(String name, String uid, PrincipalType type, String tenant) {
        if (name != null && name.isBlank()) {
            invalid("principal.name", name, "blank");
            name = null;
        }
        principal = name == null ? null : new Principal(name.strip(), uid, type, tenant, parent, root);
        return this;
    }

    /** The identity the principal derives from (a role session's role, a federated user's issuing user). */
    public EventBuilder parent(String value) {
        parent = value;
        if (principal != null) {
            principal = new Principal(principal.name(), principal.uid(), principal.type(), principal.tenant(), value, root);
        }
        return this;
    }

    /** Marks the principal as the tenant's root identity. */
    public EventBuilder root(boolean value) {
        root = value;
        if (principal != null) {
            principal = new Principal(principal.name(), principal.uid(), principal.type(), principal.tenant(), parent, value);
        }
        return this;
    }

    /** What the source says of the credential's issuance; see {@link Credential.Issuance}. */
    public EventBuilder issuance(Credential.Issuance value) {
        issuance = value == null ? Credential.Issuance.NONE : value;
        rebuildCredential();
        return this;
    }

    /** What the source says of what the event issues or grants (a token, a key, a password, a consent). */
    public EventBuilder issued(Credential.Issuance value) {
        issued = value == null ? Credential.Issuance.NONE : value;
        rebuildCredential();
        return this;
    }

    private void rebuildCredential() {
        if (credential != null) {
            credential = new Credential(credential.kind(), credential.id(), credential.parentId(), credential.issuedAt(),
                    credential.mfa(), credential.issuedCredentialId(), issuance, issued);
        }
    }

    public EventBuilder region(String value) {
        region = value;
        return this;
    }

    public EventBuilder tactic(Action.Tactic value) {
        tactic = value;
        return this;
    }

    /** The application's display name, and whether it is the identity provider's own client (null: unknown). */
    public EventBuilder appName(String name, Boolean providersOwn) {
        appName = name;
        firstParty = providersOwn;
        return this;
    }

    public EventBuilder risk(Risk value) {
        risk = value;
        return this;
    }

    public EventBuilder credential(CredentialKind credentialKind, String id, String parentId, Instant issuedAt, Mfa mfa,
                                   String issuedCredentialId) {
        boolean known = credentialKind != CredentialKind.UNKNOWN || mfa != null && mfa != Mfa.UNKNOWN;
        if (id != null || issuedCredentialId != null || parentId != null || known || issued != Credential.Issuance.NONE) {
            credential = new Credential(credentialKind, id, parentId, issuedAt, mfa, issuedCredentialId, issuance, issued);
        }
        return this;
    }

    /**
     * The source address. A service host name (AWS {@code ec2.amazonaws.com}) becomes the client's
     * host; anything else that is not an address is kept as an invalid {@code client.ip}.
     */
    public EventBuilder ip(String field, String raw) {
        if (raw == null) {
            return this;
        }
        var parsed = IpAddress.parse(raw);
        if (parsed.isPresent()) {
            ip = parsed.get();
        } else if (HOST_NAME.matcher(raw).matches() && !raw.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            host = raw;
        } else {
            invalid("client.ip", raw, field + " is not an IP address");
        }
        return this;
    }

    /**
     * A client address without the port some services add to it ({@code 1.2.3.4:56789},
     * {@code [2001:db8::1]:443}: Azure Storage, Microsoft 365); other text as it is.
     */
    public static String withoutPort(String raw) {
        if (raw == null) {
            return null;
        }
        if (raw.startsWith("[") && raw.indexOf(']') > 0) {
            return raw.substring(1, raw.indexOf(']'));
        }
        int colon = raw.indexOf(':');
        return colon > 0 && colon == raw.lastIndexOf(':') && raw.indexOf('.') > 0 ? raw.substring(0, colon) : raw;
    }

    public EventBuilder userAgent(String value) {
        userAgent = value;
        return this;
    }

    public EventBuilder device(String value) {
        deviceId = value;
        return this;
    }

    public EventBuilder app(String value) {
        app = value;
        return this;
    }

    public EventBuilder host(String value) {
        if (value != null) {
            host = value;
        }
        return this;
    }

    public EventBuilder place(String countryName, String cityName, Double lat, Double lon) {
        country = countryName;
        city = cityName;
        if (lat != null && lon != null && (!Double.isFinite(lat) || !Double.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180)) {
            invalid("network.latitude", lat + "," + lon, "coordinates out of range");
        } else if (lat != null && lon != null && !(lat == 0.0 && lon == 0.0)) {
            latitude = lat;
            longitude = lon;
        }
        return this;
    }

    public EventBuilder autonomousSystem(Long number, String organisation) {
        asn = number;
        asOrg = organisation;
        return this;
    }

    public EventBuilder networkClass(NetworkClass value) {
        networkClass = value;
        return this;
    }

    public EventBuilder action(String service, String operation, String resource, boolean sensitive) {
        action = new Action(service, operation, resource, sensitive);
        return this;
    }

    /** The stored secrets or vault items whose contents the event handed over. */
    public EventBuilder revealed(List<String> items) {
        revealed = items;
        return this;
    }

    /** The stored secrets or vault items the event gave new contents, named as {@link #revealed} names them. */
    public EventBuilder written(List<String> items) {
        written = items;
        return this;
    }

    /** Whose stored credential the event handed over, where the source names them. */
    public EventBuilder revealedOf(String login) {
        revealedOf = login;
        return this;
    }

    public EventBuilder origin(Origin value) {
        origin = value;
        return this;
    }

    /** What endpoint or network telemetry says of the host, process and destination. */
    public EventBuilder endpoint(dev.tokenward.event.Endpoint value) {
        endpoint = value;
        return this;
    }

    public EventBuilder unmapped(String name, String value) {
        if (value != null) {
            unmapped.put(name, value);
        }
        return this;
    }

    public EventBuilder invalid(String field, String raw, String why) {
        invalid.add(new FieldIssue(field, cut(raw), why));
        return this;
    }

    /** The event. A builder builds one event: the event shares its unmapped facts, sorted, without a copy. */
    public Event build() {
        Client client = new Client(ip, userAgent, deviceId, app, null, host, null, appName, firstParty);
        Network network = new Network(country, city, latitude, longitude, null, asn, asOrg, networkClass, null);
        Action done = action == null ? null : new Action(action.service(), action.operation(), action.resource(), action.sensitive(),
                region, tactic, revealed, revealedOf, written);
        return new Event(time, source, kind, outcome, reason, principal, credential, client, network, done, origin,
                java.util.Collections.unmodifiableSortedMap(unmapped), invalid, risk, endpoint);
    }

    private static String cut(String raw) {
        return raw.length() <= RAW_LIMIT ? raw : raw.substring(0, RAW_LIMIT) + "…";
    }
}
