package dev.tokenward.enrich;

import dev.tokenward.event.Agent;
import dev.tokenward.event.Client;
import dev.tokenward.event.Endpoint;
import dev.tokenward.event.Event;
import dev.tokenward.event.IpAddress;
import dev.tokenward.event.Network;
import dev.tokenward.event.NetworkClass;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Gives each event, once, the facts analytics judge "normal" by: where its address is, over what
 * network and of what class, and what client made it. What the source already says (Okta and
 * Entra geolocate and name the autonomous system) is kept; enrichment fills the gaps, normalizes
 * country names to ISO codes, and puts configured VPN and corporate egress at their real location.
 * Addresses and user agents repeat, so both are cached.
 */
public final class Enricher implements java.io.Closeable {
    private static final int CACHE_LIMIT = 100_000;

    private final GeoData geo;
    private final boolean enabled;
    private final NetworkClassifier networks;
    private final ClientClassifier clients;
    private final CloudRanges clouds;
    private final Map<IpAddress, Located> places = lru();
    private final Map<String, Known> agents = lru();
    private long lookups;
    private long hits;

    public Enricher(GeoData geo, NetworkClassifier networks, ClientClassifier clients) {
        this(geo, networks, clients, CloudRanges.none(), true);
    }

    Enricher(GeoData geo, NetworkClassifier networks, ClientClassifier clients, CloudRanges clouds) {
        this(geo, networks, clients, clouds, true);
    }

    private Enricher(GeoData geo, NetworkClassifier networks, ClientClassifier clients, CloudRanges clouds, boolean enabled) {
        this.enabled = enabled;
        this.geo = geo;
        this.networks = networks;
        this.clients = clients;
        this.clouds = clouds;
    }

    /** An enricher that passes events on as they are. */
    public static Enricher disabled() {
        return new Enricher(GeoData.none(), NetworkClassifier.builtInOnly(), ClientClassifier.rulesOnly(), CloudRanges.none(), false);
    }

    /** What the enricher knows of cloud providers' networks, in words. */
    public String cloudNetworks() {
        return clouds.describe();
    }

    /**
     * The event with its place, network and client facts. Repeated addresses and user agents come
     * back as the first instance seen, so that state kept from many events holds each text once.
     */
    public Event enrich(Event event) {
        if (!enabled) {
            return event;
        }
        Client client = event.client();
        Known known = client.userAgent() == null ? null : known(client.userAgent());
        Located located = client.ip() == null || client.ip().isPrivate() ? null : located(client.ip());
        Network network = client.ip() == null ? event.network() : network(client.ip(), located, event.network());
        Client enriched = new Client(located == null ? client.ip() : located.ip(), known == null ? null : known.userAgent(),
                client.deviceId(), client.app(), client.process(), client.host(), known == null ? Agent.UNKNOWN : known.agent(),
                client.appName(), client.firstParty());
        Event withNetwork = event.withClientAndNetwork(enriched, network);
        return event.endpoint() == null ? withNetwork : withNetwork.withEndpoint(destinationOwner(event.endpoint()));
    }

    /** A connection's destination with the autonomous system that announces its address: which cloud or service it is, without a name. */
    private Endpoint destinationOwner(Endpoint endpoint) {
        Endpoint.Destination destination = endpoint.destination();
        if (destination == null || destination.ip() == null || destination.ip().isPrivate() || destination.asn() != null) {
            return endpoint;
        }
        AutonomousSystem system = located(destination.ip()).as();
        return system == null ? endpoint : endpoint.withDestination(destination.ownedBy(system.number(), system.organization()));
    }

    /** What enrichment knows of an address alone, without a record's own facts. */
    public Network lookup(IpAddress ip) {
        return network(ip, ip.isPrivate() ? null : located(ip), Network.UNKNOWN);
    }

    public Agent agent(String userAgent) {
        return known(userAgent).agent();
    }

    private Known known(String userAgent) {
        lookups++;
        Known known = agents.get(userAgent);
        if (known != null) {
            hits++;
            return known;
        }
        known = new Known(userAgent, clients.classify(userAgent));
        agents.put(userAgent, known);
        return known;
    }

    private Located located(IpAddress ip) {
        lookups++;
        Located located = places.get(ip);
        if (located == null) {
            located = new Located(ip, geo.place(ip), geo.autonomousSystem(ip));
            places.put(ip, located);
        } else {
            hits++;
        }
        return located;
    }

    public GeoData geo() {
        return geo;
    }

    /** What this run could not do as well as it should have (user agents classified without the full parser), if anything. */
    public Optional<String> degradation() {
        return clients.degradation();
    }

    /** Share of address and user-agent lookups answered from the caches. */
    public double hitRate() {
        return lookups == 0 ? 0 : (double) hits / lookups;
    }

    /**
     * The network facts: what the source gave, completed from the geo data and network lists. A
     * private address, or a call the source says came over a private path (an AWS VPC endpoint),
     * is private whatever the address.
     */
    private Network network(IpAddress ip, Located located, Network given) {
        if (ip.isPrivate() || given.networkClass() == NetworkClass.PRIVATE) {
            return new Network(null, null, null, null, null, null, null, NetworkClass.PRIVATE, null);
        }
        Long asn = given.asn() != null ? given.asn() : located.as() == null ? null : located.as().number();
        String asOrg = given.asn() != null ? given.asOrg() : located.as() == null ? null : located.as().organization();
        Optional<NetworkDefinition> configured = networks.configured(ip, asn);
        NetworkClass networkClass = networks.classify(ip, asn);
        if (networkClass == NetworkClass.UNKNOWN && asn == null && configured.isEmpty() && geo.hasAutonomousSystems()) {
            networkClass = NetworkClass.UNOWNED;
        }
        String zone = configured.map(NetworkDefinition::name).orElse(null);
        String operator = networks.operator(asn);
        String cloud = clouds.provider(ip, asn);
        Place place = located.place();
        if (configured.isPresent() && configured.get().location() != null) {
            NetworkDefinition.Location at = configured.get().location();
            boolean fixed = at.latitude() != null && at.longitude() != null;
            String country = at.country() != null ? at.country() : given.country() != null ? given.country()
                    : place == null ? null : place.country();
            return new Network(Countries.code(country), at.city() != null ? at.city() : given.city(),
                    fixed ? at.latitude() : given.latitude(), fixed ? at.longitude() : given.longitude(), null, asn, asOrg,
                    networkClass, zone, cloud, 0, operator);
        }
        if (given.hasLocation() || place == null) {
            return new Network(Countries.code(given.country()), given.city(), given.latitude(), given.longitude(),
                    given.accuracyKm(), asn, asOrg, networkClass, zone, cloud, 0, operator);
        }
        return new Network(Countries.code(given.country() != null ? given.country() : place.country()),
                given.city() != null ? given.city() : place.city(), place.latitude(), place.longitude(), place.accuracyKm(),
                asn, asOrg, networkClass, zone, cloud, 0, operator);
    }

    @Override
    public void close() throws java.io.IOException {
        geo.close();
    }

    private static <K, V> Map<K, V> lru() {
        return new LinkedHashMap<>(1 << 12, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > CACHE_LIMIT;
            }
        };
    }

    /** An address as first seen, with what the geo data says of it. */
    private record Located(IpAddress ip, Place place, AutonomousSystem as) {
    }

    /** A user agent as first seen, with what it was classified as. */
    private record Known(String userAgent, Agent agent) {
    }
}
