package dev.tokenward.enrich;

import dev.tokenward.event.Agent;
import dev.tokenward.event.Client;
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
    private final Map<IpAddress, Located> places = lru();
    private final Map<String, Agent> agents = lru();
    private long lookups;
    private long hits;

    public Enricher(GeoData geo, NetworkClassifier networks, ClientClassifier clients) {
        this(geo, networks, clients, true);
    }

    private Enricher(GeoData geo, NetworkClassifier networks, ClientClassifier clients, boolean enabled) {
        this.enabled = enabled;
        this.geo = geo;
        this.networks = networks;
        this.clients = clients;
    }

    /** An enricher that passes events on as they are. */
    public static Enricher disabled() {
        return new Enricher(GeoData.none(), NetworkClassifier.builtInOnly(), ClientClassifier.rulesOnly(), false);
    }

    public Event enrich(Event event) {
        if (!enabled) {
            return event;
        }
        Client client = event.client();
        Agent agent = client.userAgent() == null ? Agent.UNKNOWN : agent(client.userAgent());
        Network network = client.ip() == null ? event.network() : network(client.ip(), event.network());
        return event.withClientAndNetwork(client.withAgent(agent), network);
    }

    /** What enrichment knows of an address alone, without a record's own facts. */
    public Network lookup(IpAddress ip) {
        return network(ip, Network.UNKNOWN);
    }

    public Agent agent(String userAgent) {
        lookups++;
        Agent known = agents.get(userAgent);
        if (known != null) {
            hits++;
            return known;
        }
        Agent classified = clients.classify(userAgent);
        agents.put(userAgent, classified);
        return classified;
    }

    public GeoData geo() {
        return geo;
    }

    /** Share of address and user-agent lookups answered from the caches. */
    public double hitRate() {
        return lookups == 0 ? 0 : (double) hits / lookups;
    }

    private Network network(IpAddress ip, Network given) {
        if (ip.isPrivate()) {
            return new Network(null, null, null, null, null, null, null, NetworkClass.PRIVATE, null);
        }
        lookups++;
        Located located = places.get(ip);
        if (located == null) {
            located = new Located(geo.place(ip), geo.autonomousSystem(ip));
            places.put(ip, located);
        } else {
            hits++;
        }
        Long asn = given.asn() != null ? given.asn() : located.as() == null ? null : located.as().number();
        String asOrg = given.asn() != null ? given.asOrg() : located.as() == null ? null : located.as().organization();
        Optional<NetworkDefinition> configured = networks.configured(ip, asn);
        NetworkClass networkClass = networks.classify(ip, asn);
        String zone = configured.map(NetworkDefinition::name).orElse(null);
        Place place = located.place();
        if (configured.isPresent() && configured.get().location() != null) {
            NetworkDefinition.Location at = configured.get().location();
            boolean fixed = at.latitude() != null && at.longitude() != null;
            String country = at.country() != null ? at.country() : given.country() != null ? given.country()
                    : place == null ? null : place.country();
            return new Network(Countries.code(country), at.city() != null ? at.city() : given.city(),
                    fixed ? at.latitude() : given.latitude(), fixed ? at.longitude() : given.longitude(), null, asn, asOrg,
                    networkClass, zone);
        }
        if (given.hasLocation() || place == null) {
            return new Network(Countries.code(given.country()), given.city(), given.latitude(), given.longitude(),
                    given.accuracyKm(), asn, asOrg, networkClass, zone);
        }
        return new Network(Countries.code(given.country() != null ? given.country() : place.country()),
                given.city() != null ? given.city() : place.city(), place.latitude(), place.longitude(), place.accuracyKm(),
                asn, asOrg, networkClass, zone);
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

    private record Located(Place place, AutonomousSystem as) {
    }
}
