package dev.tokenward.analytic.host;

import dev.tokenward.event.Endpoint;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What the fleet's background services were seen doing, for {@code tokenward inventory learn} and
 * {@code check}: per service (its launchd label, else its executable), the hosts, the destinations it
 * named, its signers and executables, its launchd interval or, where none is declared, the usual
 * gap between its runs. Fed the events as the analytics see them, in event-time order.
 */
public final class ServiceCensus implements Consumer<Event> {
    /** Destinations and executables remembered per service; past these, the rest are counted only. */
    private static final int MAX_FACTS = 64;
    private static final Duration RUN_WINDOW = UnscheduledBackgroundApi.Settings.DEFAULTS.runWindow();

    private final Map<String, Service> services = new TreeMap<>();
    private final TreeSet<String> hosts = new TreeSet<>();
    private Instant first;
    private Instant last;

    /** One service as seen. */
    public static final class Service {
        public final String identity;
        public String label;
        public final TreeSet<String> paths = new TreeSet<>();
        public final TreeSet<String> signingIds = new TreeSet<>();
        public final TreeSet<String> signers = new TreeSet<>();
        public final TreeSet<String> destinations = new TreeSet<>();
        public final TreeSet<String> hosts = new TreeSet<>();
        public Long declaredInterval;
        public boolean keepAlive;
        public Instant firstSeen;
        public Instant lastSeen;
        private final Map<String, Instant> lastCall = new HashMap<>();
        private final List<Long> gaps = new ArrayList<>();

        Service(String identity) {
            this.identity = identity;
        }

        /** The usual gap between runs on a host (the median, in seconds), or null when too few runs were seen. */
        public Long learntInterval() {
            if (gaps.size() < 3) {
                return null;
            }
            List<Long> sorted = gaps.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }

        public boolean unsigned() {
            return signers.contains("unsigned");
        }
    }

    @Override
    public void accept(Event event) {
        Endpoint endpoint = event.endpoint();
        if (event.kind() != EventKind.NETWORK_CONNECTION || endpoint == null || endpoint.host() == null
                || !ServiceIdentity.background(endpoint) || ServiceIdentity.of(endpoint) == null) {
            return;
        }
        Instant now = event.time();
        first = first == null ? now : first;
        last = now;
        hosts.add(endpoint.host());
        Service service = services.computeIfAbsent(ServiceIdentity.of(endpoint), Service::new);
        service.firstSeen = service.firstSeen == null ? now : service.firstSeen;
        service.lastSeen = now;
        service.hosts.add(endpoint.host());
        if (endpoint.job() != null) {
            service.label = endpoint.job().label();
            service.declaredInterval = endpoint.job().intervalSeconds();
            service.keepAlive = endpoint.job().keepAlive();
        }
        Endpoint.Process process = endpoint.process();
        if (process != null) {
            add(service.paths, ServiceIdentity.homeless(process.path()));
            add(service.signingIds, process.signingId());
            add(service.signers, ServiceIdentity.signer(process));
        }
        Endpoint.Destination destination = endpoint.destination();
        add(service.destinations, destination == null ? null : destination.name() != null ? destination.name()
                : destination.ip() == null ? null : destination.ip().toString());
        Instant previous = service.lastCall.put(endpoint.host(), now);
        if (previous != null && Duration.between(previous, now).compareTo(RUN_WINDOW) > 0 && service.gaps.size() < 10_000) {
            service.gaps.add(Duration.between(previous, now).toSeconds());
        }
    }

    private static void add(TreeSet<String> facts, String fact) {
        if (fact != null && facts.size() < MAX_FACTS) {
            facts.add(fact);
        }
    }

    public Map<String, Service> services() {
        return services;
    }

    public int hosts() {
        return hosts.size();
    }

    public Instant first() {
        return first;
    }

    public Instant last() {
        return last;
    }

    /** Whether an inventory entry is this service. */
    public static boolean describes(InventoryEntry entry, Service service) {
        return entry.label() != null && entry.label().equals(service.label)
                || entry.signingId() != null && service.signingIds.contains(entry.signingId())
                || entry.path() != null && service.paths.contains(entry.path());
    }
}
