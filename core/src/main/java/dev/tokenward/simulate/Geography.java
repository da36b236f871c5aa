package dev.tokenward.simulate;

import dev.tokenward.enrich.AutonomousSystem;
import dev.tokenward.enrich.GeoData;
import dev.tokenward.enrich.Place;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The simulated world: cities and the networks that serve them ({@code cities.tsv},
 * {@code networks.tsv} beside this class). Addresses are drawn from those networks; when geo data
 * is installed, only addresses that Tokenward's own enrichment places near the intended city and
 * inside the stated ASN are kept, so detection sees the places the simulation meant.
 */
final class Geography {

    /** A city: where people live and travel, and where networks egress. */
    record City(String name, String region, String country, String countryName, double latitude, double longitude,
                ZoneId zone, String postalCode) {

        double kilometresTo(City other) {
            return dev.tokenward.event.Network.kilometres(latitude, longitude, other.latitude, other.longitude);
        }

        /** Gate to gate: 800 km/h cruising plus an hour and a half of taxiing, climbing and descending. */
        Duration flightTo(City other) {
            return Duration.ofMinutes(90 + Math.round(kilometresTo(other) / 800.0 * 60));
        }
    }

    enum Kind { OFFICE, RESIDENTIAL, MOBILE, RELAY, VPN, HOSTING, CLOUD }

    /**
     * A network block.
     *
     * @param city where its addresses are; null when they may be anywhere in {@code country}
     */
    record Network(Kind kind, IpRange block, long asn, String asOrganization, String isp, String domain, City city,
                   String country) {
    }

    /** An address and the network it belongs to, placed in a city. */
    record Address(String ip, Network network, City city) {
    }

    private static final int GEO_ATTEMPTS = 64;
    private static final double NEAR_KM = 120;

    private final Map<String, City> cities = new LinkedHashMap<>();
    private final java.util.Set<Network> unconfirmed = new java.util.LinkedHashSet<>();
    private final List<Network> networks = new ArrayList<>();
    private final GeoData geo;

    Geography(GeoData geo) {
        this.geo = geo;
        read("cities.tsv", f -> {
            City city = new City(f[0], f[1], f[2], f[3], Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                    ZoneId.of(f[6]), f[7]);
            cities.put(city.name(), city);
        });
        read("networks.tsv", f -> networks.add(new Network(Kind.valueOf(f[0]),
                IpRange.parse(f[1]).orElseThrow(() -> new IllegalStateException("bad block " + f[1])),
                Long.parseLong(f[2]), f[3], f[4], f[5], f[6].equals("*") ? null : city(f[6]), f[7])));
    }

    City city(String name) {
        City city = cities.get(name);
        if (city == null) {
            throw new IllegalArgumentException("no city " + name + " in cities.tsv");
        }
        return city;
    }

    /** Networks of a kind serving a city (or, for country-wide networks, its country). */
    List<Network> networks(Kind kind, City city) {
        return networks.stream().filter(n -> n.kind() == kind
                && (n.city() == null ? n.country().equals(city.country()) : n.city().equals(city))).toList();
    }

    List<Network> networks(Kind kind) {
        return networks.stream().filter(n -> n.kind() == kind).toList();
    }

    /** Cities served by a residential network: where people can live. */
    List<City> residentialCities() {
        return networks(Kind.RESIDENTIAL).stream().map(Network::city).distinct().toList();
    }

    /**
     * An address of the network, for someone in {@code city}. With geo data, the first of up to
     * 64 draws that geolocates within 120 km of the city (country-wide networks: in its country)
     * and resolves to the network's ASN; without, the first draw.
     */
    Address address(Network network, City city, Rand rand) {
        String first = null;
        for (int attempt = 0; attempt < GEO_ATTEMPTS; attempt++) {
            String candidate = draw(network.block(), rand);
            if (first == null) {
                first = candidate;
            }
            if (geo == null || !geo.hasPlaces() || fits(candidate, network, city)) {
                return new Address(candidate, network, city);
            }
        }
        unconfirmed.add(network);
        return new Address(first, network, city);
    }

    /** Networks of which no drawn address matched the installed geo data: their table entry may be stale. */
    List<String> unconfirmed() {
        return unconfirmed.stream().map(n -> n.block() + " AS" + n.asn() + " " + n.asOrganization()
                + (n.city() == null ? " (" + n.country() + ")" : " (" + n.city().name() + ")")).toList();
    }

    private boolean fits(String candidate, Network network, City city) {
        IpAddress ip = IpAddress.of(candidate);
        if (geo.hasAutonomousSystems()) {
            AutonomousSystem as = geo.autonomousSystem(ip);
            if (as == null || as.number() != network.asn()) {
                return false;
            }
        }
        Place place = geo.place(ip);
        if (place == null || !city.country().equals(place.country())) {
            return false;
        }
        if (network.city() == null || place.latitude() == null || place.longitude() == null) {
            return true;
        }
        return dev.tokenward.event.Network.kilometres(place.latitude(), place.longitude(), city.latitude(), city.longitude()) <= NEAR_KM;
    }

    /** A host address inside an IPv4 block, avoiding the network and broadcast addresses. */
    private static String draw(IpRange block, Rand rand) {
        long base = block.base().low() & 0xffffffffL;
        long size = 1L << (32 - block.bits());
        long offset = size <= 4 ? rand.below((int) size) : 1 + (long) (rand.unit() * (size - 2));
        long value = base + offset;
        return ((value >>> 24) & 255) + "." + ((value >>> 16) & 255) + "." + ((value >>> 8) & 255) + "." + (value & 255);
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
