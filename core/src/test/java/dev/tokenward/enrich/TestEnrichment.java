package dev.tokenward.enrich;

import java.nio.file.Path;
import java.util.List;

/**
 * Enrichers for tests: never the user's own geo directory, so that results do not depend on what
 * a machine happens to have downloaded. yauaa is loaded once per test class that asks.
 */
public final class TestEnrichment {
    private static final Path NO_GEO = Path.of("target", "no-geo-data");

    private TestEnrichment() {
    }

    /** Built-in network classes and yauaa; places and networks only where the records say. */
    public static Enricher withoutGeoData() {
        return new EnrichmentSettings(NO_GEO, null, null, "yauaa", null, List.of()).build();
    }

    public static Enricher with(EnrichmentSettings settings) {
        return settings.build();
    }
}
