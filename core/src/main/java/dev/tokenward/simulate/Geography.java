package dev.tokenward.simulate;

import dev.tokenward.event.IpAddress;
import dev.tokenward.event.IpRange;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The simulated world: cities and the networks that serve them ({@code cities.tsv},
 * {@code networks.tsv} beside this class), addresses drawn from those networks, and where each
 * identity provider's own geolocation places an address. The simulator never reads installed geo
 * data: it knows where an address really is, and writes into Okta and Entra records what those
 * products would say, errors included (carriers at their head offices, VPN exits where the block
 * was registered, cloud addresses in the provider's registered city, homes now and then a metro
 * area off). Tokenward geolocates CloudTrail's bare addresses itself and may well disagree.
 */
final class Geography {

    /** A city: where people live and travel, where networks egress, and where geolocation puts them. */
    record City(String name, String region, String country, String countryName, double latitude, double longitude,
                ZoneId zone, String postalCode) {

        double kilometresTo(City other) {
            return kilometres(latitude, longitude, other.latitude, other.longitude);
        }

        /** Gate to gate: 800 km/h cruising plus an hour and a half of taxiing, climbing and descending. */
        Duration flightTo(City other) {
            return Duration.ofMinutes(90 + Math.round(kilometresTo(other) / 800.0 * 60));
        }
    }

    /** What sort of network a block is. */
    enum Kind { OFFICE, RESIDENTIAL, MOBILE, RELAY, WARP, BROWSER_PROXY, VPN, GATEWAY, HOSTING, CLOUD, UNANNOUNCED }

    /** How the identity providers' geolocation places a block (the table's {@code placed} column). */
    enum Placement { EXACT, NEARBY, LISTED }

    /** The identity providers, each with its own geolocation. */
    enum Product {
        OKTA(0x4f6b7461L), ENTRA(0x456e7472L), ONEPASSWORD(0x31507764L);

        private final long salt;

        Product(long salt) {
            this.salt = salt;
        }
    }

    /**
     * A network block.
     *
     * @param city    where its addresses are; null when they may be anywhere in {@code country}
     * @param country ISO code, or {@code *} for anywhere
     * @param placed  for {@link Placement#LISTED}: the cities geolocation puts it in, null standing for
     *                where the address really is
     */
    record Network(Kind kind, IpRange block, long asn, String asOrganization, String isp, String domain, City city,
                   String country, Placement placement, List<City> placed) {

        boolean v6() {
            return !block.base().v4();
        }

        boolean serves(String countryCode) {
            return country.equals("*") || country.equals(countryCode);
        }
    }

    /** An address, the network it belongs to, and the city it really is in. */
    record Address(String ip, Network network, City city) {
    }

    /** Where a product's geolocation puts an address. */
    record Located(City city, double latitude, double longitude) {
    }

    /** A home is placed right this often (per prefix); otherwise in a neighbouring metro area. */
    private static final int NEARBY_RIGHT_PERCENT = 82;
    private static final double NEARBY_KM = 350;
    private static final double EARTH_KM = 6371.0088;

    private final Map<String, City> cities = new LinkedHashMap<>();
    private final List<Network> networks = new ArrayList<>();
    private final Map<City, List<City>> neighbours = new HashMap<>();

    Geography() {
        read("cities.tsv", f -> {
            City city = new City(f[0], f[1], f[2], f[3], Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                    ZoneId.of(f[6]), f[7]);
            cities.put(city.name(), city);
        });
        read("networks.tsv", f -> {
            Placement placement = switch (f[8]) {
                case "=", "-" -> Placement.EXACT;
                case "~" -> Placement.NEARBY;
                default -> Placement.LISTED;
            };
            List<City> placed = new ArrayList<>();
            if (placement == Placement.LISTED) {
                for (String name : f[8].split("\\|")) {
                    placed.add(name.equals("=") ? null : city(name));
                }
            }
            networks.add(new Network(Kind.valueOf(f[0]),
                    IpRange.parse(f[1]).orElseThrow(() -> new IllegalStateException("bad block " + f[1])),
                    Long.parseLong(f[2]), f[3], f[4], f[5], f[6].equals("*") ? null : city(f[6]), f[7], placement,
                    java.util.Collections.unmodifiableList(placed)));
        });
    }

    City city(String name) {
        City city = cities.get(name);
        if (city == null) {
            throw new IllegalArgumentException("no city " + name + " in cities.tsv");
        }
        return city;
    }

    /** IPv4 networks of a kind serving a city (or, for country-wide networks, its country). */
    List<Network> networks(Kind kind, City city) {
        return networks.stream().filter(n -> n.kind() == kind && !n.v6()
                && (n.city() == null ? n.serves(city.country()) : n.city().equals(city))).toList();
    }

    /** IPv4 networks of a kind. */
    List<Network> networks(Kind kind) {
        return networks.stream().filter(n -> n.kind() == kind && !n.v6()).toList();
    }

    /** IPv6 networks of a kind serving a city, run by the operator of {@code asn}. */
    List<Network> networks6(Kind kind, City city, long asn) {
        return networks.stream().filter(n -> n.kind() == kind && n.v6() && n.asn() == asn
                && (n.city() == null ? n.serves(city.country()) : n.city().equals(city))).toList();
    }

    /** Every network of the table, IPv6 included. */
    List<Network> allNetworks() {
        return List.copyOf(networks);
    }

    /** Cities served by a residential network: where people can live. */
    List<City> residentialCities() {
        return networks(Kind.RESIDENTIAL).stream().map(Network::city).distinct().toList();
    }

    /** Cities of a country, nearest {@code to} first. */
    List<City> citiesOf(String country, City to) {
        return cities.values().stream().filter(c -> c.country().equals(country))
                .sorted(Comparator.comparingDouble(to::kilometresTo)).toList();
    }

    /** A random address of the network, for someone in {@code city}. */
    Address address(Network network, City city, Rand rand) {
        return new Address(network.v6() ? draw6(network.block(), rand) : draw(network.block(), rand), network, city);
    }

    /** A fixed address of an IPv6 network: its {@code prefix}th /64 and the interface id {@code interfaceId}. */
    Address address6(Network network, City city, long prefix, long interfaceId) {
        IpRange block = network.block();
        int free = 64 - block.bits();
        long high = block.base().high() | (free >= 64 ? prefix : prefix & ((1L << free) - 1));
        return new Address(new IpAddress(high, interfaceId, false).toString(), network, city);
    }

    /**
     * Where {@code product}'s geolocation puts the address. Geolocation works per prefix (a /24, or
     * an IPv6 /48), so every address of a prefix lands in the same place for a product; the two
     * products draw separately and do not always agree.
     */
    Located reported(Address address, Product product) {
        Network network = address.network();
        long h = mix(prefixKey(address.ip()) ^ product.salt);
        City city = switch (network.placement()) {
            case EXACT -> address.city();
            case NEARBY -> Math.floorMod(h, 100) < NEARBY_RIGHT_PERCENT ? address.city() : neighbour(address.city(), h >>> 8);
            case LISTED -> {
                City listed = network.placed().get((int) Math.floorMod(h >>> 16, (long) network.placed().size()));
                yield listed == null ? address.city() : listed;
            }
        };
        double latitude = city.latitude() + (((h >>> 24) & 0xff) - 128) / 4000.0;
        double longitude = city.longitude() + (((h >>> 32) & 0xff) - 128) / 3000.0;
        return new Located(city, round(latitude), round(longitude));
    }

    /** Great-circle distance by the haversine formula. */
    static double kilometres(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    private City neighbour(City city, long h) {
        List<City> near = neighbours.computeIfAbsent(city, c -> cities.values().stream()
                .filter(o -> !o.equals(c) && o.country().equals(c.country()) && o.kilometresTo(c) <= NEARBY_KM)
                .sorted(Comparator.comparingDouble(c::kilometresTo)).toList());
        return near.isEmpty() ? city : near.get((int) Math.floorMod(h, (long) Math.min(3, near.size())));
    }

    /** The prefix geolocation databases place as one: the /24 of an IPv4 address, the /48 of an IPv6 one. */
    private static long prefixKey(String ip) {
        IpAddress address = IpAddress.of(ip);
        return address.v4() ? (address.low() >>> 8) : (address.high() >>> 16) * 31 + 7;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static double round(double degrees) {
        return Math.round(degrees * 10_000) / 10_000.0;
    }

    /** A host address inside an IPv4 block, avoiding the network and broadcast addresses. */
    private static String draw(IpRange block, Rand rand) {
        long base = block.base().low() & 0xffffffffL;
        long size = 1L << (32 - block.bits());
        long offset = size <= 4 ? rand.below((int) size) : 1 + (long) (rand.unit() * (size - 2));
        long value = base + offset;
        return ((value >>> 24) & 255) + "." + ((value >>> 16) & 255) + "." + ((value >>> 8) & 255) + "." + (value & 255);
    }

    /** An address inside an IPv6 block (of /64 or shorter): a random /64 and a random interface id. */
    private static String draw6(IpRange block, Rand rand) {
        int free = 64 - block.bits();
        long subnet = free >= 64 ? rand.nextLong() : rand.nextLong() & ((1L << free) - 1);
        return new IpAddress(block.base().high() | subnet, rand.nextLong(), false).toString();
    }

    private static void read(String resource, Consumer<String[]> row) {
        try (InputStream in = Geography.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    row.accept(line.split("\t"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
