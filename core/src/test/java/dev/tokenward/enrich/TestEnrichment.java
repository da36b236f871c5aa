package dev.tokenward.enrich;

import java.util.List;

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
}
