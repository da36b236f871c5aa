package dev.tokenward.analytic;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.tokenward.event.Agent;
import dev.tokenward.event.ClientClass;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.NetworkClass;
import dev.tokenward.event.Origin;

import java.time.Instant;
import java.util.StringJoiner;

/**
 * One event an alert rests on, compact enough to keep in analytic state: where to find it and what
 * it says.
 *
 * <p>An analytic keeps evidence for as long as it keeps a credential or principal, so the one-line
 * summary of an event, the only text unique to it, is not kept: it is written from the evidence's
 * own facts whenever it is read ({@link #summary()}), with three more that only it uses: what
 * happened and to whom (shared by every event of that kind and principal; a connection's names its
 * process and destination), the host when there is no address, and the kind of credential.
 *
 * @param source    the format it was read from
 * @param origin    where the record is
 * @param time      event time
 * @param summary   one line: what, who, from where, with what; null when it is written from the facts
 * @param ip        the source address
 * @param place     city and country, where known
 * @param asn       autonomous system, where known
 * @param asOrg     autonomous system organisation
 * @param networkClass the kind of network (hosting, mobile, VPN, ...), where known
 * @param zone      the configured network it belongs to
 * @param userAgent the raw user agent
 * @param clientClass the kind of client (browser, CLI/SDK, script, automation, ...), where known
 * @param client    the client's family ("Chrome/Windows", "aws-cli"), where known
 * @param deviceId  the device id or fingerprint
 * @param credential the id of the credential the event carries (a session, token or key id; never a secret), where known
 * @param latitude  where the address is placed, degrees, where known
 * @param longitude the same
 * @param cloud     the cloud provider whose network holds the address, where known
 * @param issuer    the provider that issued the credential used, where known
 * @param head      the summary's start, what happened and to whom ("ConsoleLogin SUCCESS by maya"), when it is written from the facts
 * @param host      the host the event came from, where there is no address
 * @param credentialKind the kind of the credential the event carries, where it has an id
 * @param operator  the company running the autonomous system as one network with others, where the network list names one
 */
@JsonPropertyOrder({"source", "origin", "time", "summary", "ip", "place", "asn", "asOrg", "networkClass", "zone", "userAgent",
        "clientClass", "client", "deviceId", "credential", "latitude", "longitude"})
public record Evidence(String source, Origin origin, Instant time, String summary, String ip, String place,
                       Long asn, String asOrg, NetworkClass networkClass, String zone, String userAgent,
                       ClientClass clientClass, String client, String deviceId, String credential, Double latitude,
                       Double longitude, @JsonIgnore String cloud, @JsonIgnore String issuer, @JsonIgnore String head,
                       @JsonIgnore String host, @JsonIgnore CredentialKind credentialKind, @JsonIgnore String operator) {

    /** Evidence with its summary given, as it was written. */
    public Evidence(String source, Origin origin, Instant time, String summary, String ip, String place, Long asn, String asOrg,
                    NetworkClass networkClass, String zone, String userAgent, ClientClass clientClass, String client, String deviceId,
                    String credential, Double latitude, Double longitude, String cloud, String issuer) {
        this(source, origin, time, summary, ip, place, asn, asOrg, networkClass, zone, userAgent, clientClass, client, deviceId, credential,
                latitude, longitude, cloud, issuer, null, null, null, null);
    }

    public Evidence(String source, Origin origin, Instant time, String summary, String ip, String place, Long asn, String asOrg,
                    NetworkClass networkClass, String zone, String userAgent, ClientClass clientClass, String client, String deviceId) {
        this(source, origin, time, summary, ip, place, asn, asOrg, networkClass, zone, userAgent, clientClass, client, deviceId, null, null,
                null, null, null, null, null, null, null);
    }

    /** Evidence that only names a credential: what an incident tells of an alert's evidence. */
    public static Evidence naming(String credential) {
        return new Evidence(null, null, null, null, null, null, null, null, null, null, null, null, null, null, credential, null, null,
                null, null);
    }

    /** The same evidence as if its network were of another class: for asking what a class learnt later would have changed. */
    public Evidence asClass(NetworkClass other) {
        return new Evidence(source, origin, time, summary, ip, place, asn, asOrg, other, zone, userAgent, clientClass, client, deviceId,
                credential, latitude, longitude, cloud, issuer, head, host, credentialKind, operator);
    }

    /**
     * Its network's and client's facts only (owner, class, zone, coordinates, cloud, client, device):
     * what a remembered use is compared by, without the event's time, origin, address and summary,
     * which only evidence shown in an alert needs.
     */
    public Evidence networkAndClient() {
        return new Evidence(null, null, null, null, null, null, asn, asOrg, networkClass, zone, null, clientClass, client, deviceId, null,
                latitude, longitude, cloud, null, null, null, null, operator);
    }

    public static Evidence of(Event event) {
        String ip = event.client().ip() == null ? null : event.client().ip().toString();
        boolean connection = event.endpoint() != null && event.endpoint().fact() == dev.tokenward.event.Endpoint.Fact.CONNECTION;
        String what = connection ? connection(event.endpoint())
                : (event.action() == null ? event.kind().name() : event.action().operation()) + ' ' + event.outcome().name();
        String head = what + (event.principal() == null ? "" : " by " + event.principal().name());
        NetworkClass networkClass = event.network().networkClass();
        Agent agent = event.client().agent();
        String credential = event.credential() == null ? null : event.credential().id();
        // the texts each record brings anew take the shared copy; the source, zone, client family, cloud
        // and issuer already are one (constants, configuration, enrichment's caches); a connection's
        // head names its process id, and is not shared
        return new Evidence(event.source(), event.origin(), event.time(), null, Shared.text(ip), Shared.text(place(event)),
                Shared.number(event.network().asn()), Shared.text(event.network().asOrg()),
                networkClass == NetworkClass.UNKNOWN ? null : networkClass,
                event.network().zone(), Shared.text(event.client().userAgent()),
                agent == null || agent.clientClass() == ClientClass.UNKNOWN ? null : agent.clientClass(),
                agent == null ? null : agent.family(), Shared.text(event.client().deviceId()), Shared.text(credential),
                Shared.number(event.network().latitude()), Shared.number(event.network().longitude()), event.network().cloud(),
                event.credential() == null ? null : event.credential().issuance().provider(), connection ? head : Shared.text(head),
                ip == null ? Shared.text(event.client().host()) : null, credential == null ? null : event.credential().kind(),
                event.network().operator());
    }

    /** The network's owner as profiles remember it: see {@link dev.tokenward.event.Network#owner()}. */
    public String owner() {
        return dev.tokenward.event.Network.owner(operator, asn);
    }

    /**
     * One line: what, who, from where, with what ("ConsoleLogin SUCCESS by maya from 81.2.69.160
     * (London, GB, AS20712, hosting) using Chrome/Windows browser with session 5f2a..."), as kept or written
     * from the facts.
     */
    @Override
    public String summary() {
        if (summary != null || head == null) {
            return summary;
        }
        StringBuilder text = new StringBuilder(160).append(head);
        if (ip != null || host != null) {
            text.append(" from ").append(ip != null ? ip : host);
        }
        boolean where = false;
        if (place != null) {
            text.append(" (").append(place);
            where = true;
        }
        if (asn != null) {
            text.append(where ? ", AS" : " (AS").append(asn);
            where = true;
        }
        if (networkClass != null) {
            text.append(where ? ", " : " (").append(label(networkClass));
            if (zone != null) {
                text.append(' ').append(zone);
            }
            where = true;
        }
        if (where) {
            text.append(')');
        }
        if (clientClass != null) {
            text.append(" using ");
            if (client != null) {
                text.append(client).append(' ');
            }
            text.append(label(clientClass));
        }
        if (credentialKind != null) {
            text.append(" with ").append(credentialKind.name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(credential);
        }
        return text.toString();
    }

    /** "/usr/local/bin/agent (pid 812) on twa-mbp-0142 connected to api.telegram.org (149.154.167.220:443)". */
    private static String connection(dev.tokenward.event.Endpoint endpoint) {
        StringBuilder text = new StringBuilder(120);
        var process = endpoint.process();
        text.append(process == null || process.path() == null ? "a process" : process.path());
        if (process != null && process.pid() != null) {
            text.append(" (pid ").append(process.pid()).append(')');
        }
        text.append(" on ").append(endpoint.host() == null ? "an unknown host" : endpoint.host()).append(" connected to ");
        var destination = endpoint.destination();
        if (destination.name() != null) {
            text.append(destination.name()).append(' ');
        }
        text.append('(').append(destination.ip() == null ? "?" : destination.ip().toString());
        if (destination.port() != null) {
            text.append(':').append(destination.port());
        }
        return text.append(')').toString();
    }

    /** By a script or a bot: no person at a keyboard. */
    public boolean scripted() {
        return clientClass == ClientClass.SCRIPT || clientClass == ClientClass.BOT;
    }

    /**
     * From a hosting provider's network (other than the cloud that issued the credential: a cloud
     * credential at home in its cloud is no sign) or by an attack tool: what attackers run from,
     * which raises any alert's severity one step; null when neither, else the reason in words.
     */
    public String attackInfrastructure() {
        if (clientClass == ClientClass.ATTACK_TOOL) {
            return "the client is an attack tool" + (client == null ? "" : " (" + client + ")");
        }
        boolean ownCloud = cloud != null && cloud.equals(issuer);
        return networkClass == NetworkClass.HOSTING && !ownCloud ? "the address is a hosting provider's"
                + (asOrg == null ? "" : " (" + asOrg + ")") : null;
    }

    /** From a hosting provider's network, or by a script, bot or attack tool: not a person at a desk. */
    public boolean hostile() {
        return networkClass == NetworkClass.HOSTING || clientClass == ClientClass.SCRIPT || clientClass == ClientClass.BOT
                || clientClass == ClientClass.ATTACK_TOOL;
    }

    /**
     * The address with its place and autonomous system: {@code 95.217.134.58 (Helsinki, FI, AS24940 Hetzner Online GmbH)};
     * the service's name when a service called for the principal ({@code glue.amazonaws.com}); or, when the log gives
     * no readable address, says so.
     */
    public String where() {
        StringJoiner around = new StringJoiner(", ", " (", ")").setEmptyValue("");
        if (place != null) {
            around.add(place);
        }
        if (asn != null) {
            around.add("AS" + asn + (asOrg == null ? "" : " " + asOrg));
        }
        return (ip != null ? ip : host != null ? host : "an address the log does not give") + around;
    }

    /** An enum value as words: HOSTING → "hosting", CLI_SDK → "cli sdk". */
    public static String label(Enum<?> value) {
        return LABELS.get(value.getDeclaringClass())[value.ordinal()];
    }

    /** Per enum type, the labels of its constants by ordinal, worked out once. */
    private static final ClassValue<String[]> LABELS = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            String[] labels = new String[constants.length];
            for (int i = 0; i < constants.length; i++) {
                labels[i] = ((Enum<?>) constants[i]).name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            }
            return labels;
        }
    };

    private static String place(Event event) {
        String city = event.network().city();
        String country = event.network().country();
        if (city == null && country == null) {
            return null;
        }
        return city == null ? country : country == null ? city : city + ", " + country;
    }
}
