package dev.tokenward.enrich;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Enrichers for tests: never the user's own geo directory, so that results do not depend on what
 * a machine happens to have downloaded. yauaa is loaded once per test class that asks.
 */
public final class TestEnrichment {
    private static ClientClassifier sharedYauaa;

    private TestEnrichment() {
    }

    /** Built-in network classes and yauaa; places and networks only where the records say. */
    public static Enricher withoutGeoData() {
        return withNetworks(List.of());
    }

    /** No geo data, the given networks, and one yauaa for the whole test run. */
    public static synchronized Enricher withNetworks(List<NetworkDefinition> networks) {
        if (sharedYauaa == null) {
            sharedYauaa = ClientClassifier.withYauaa();
        }
        return new Enricher(GeoData.none(), new NetworkClassifier(networks, null), sharedYauaa);
    }

    /**
     * What a test's geo data says of a block: its place and its autonomous system.
     *
     * @param cidr the block
     */
    public record Block(String cidr, String country, String city, double latitude, double longitude, Long asn,
                        String organization) {
    }

    /** The given networks and geo data saying only what {@code blocks} say, written as MMDB files into {@code dir}. */
    public static synchronized Enricher withGeo(List<Block> blocks, List<NetworkDefinition> networks, Path dir) throws IOException {
        if (sharedYauaa == null) {
            sharedYauaa = ClientClassifier.withYauaa();
        }
        MmdbWriter cities = new MmdbWriter(6, "GeoLite2-City");
        MmdbWriter systems = new MmdbWriter(6, "GeoLite2-ASN");
        for (Block block : blocks) {
            cities.put(block.cidr(), Map.of("city", Map.of("names", Map.of("en", block.city())),
                    "country", Map.of("iso_code", block.country()),
                    "location", Map.of("latitude", block.latitude(), "longitude", block.longitude(),
                            "accuracy_radius", new MmdbWriter.Uint16(20))));
            if (block.asn() != null) {
                systems.put(block.cidr(), Map.of("autonomous_system_number", block.asn(),
                        "autonomous_system_organization", block.organization()));
            }
        }
        Path city = dir.resolve("GeoLite2-City.mmdb");
        Path asn = dir.resolve("GeoLite2-ASN.mmdb");
        cities.write(city);
        systems.write(asn);
        return new Enricher(GeoData.open(null, city, asn), new NetworkClassifier(networks, null), sharedYauaa);
    }
}
