package dev.tokenward.enrich;

import java.nio.file.Path;
import java.util.List;

/**
 * How events are enriched, from the configuration's {@code enrichment} section.
 *
 * <pre>
 * enrichment:
 *   geoDirectory: ~/.cache/tokenward/geo     # filled by `tokenward geo update`
 *   cityDatabase: /data/GeoLite2-City.mmdb   # any City MMDB you own, instead of the directory's
 *   asnDatabase: /data/GeoLite2-ASN.mmdb     # any ASN MMDB you own, instead of the directory's table
 *   userAgents: yauaa                        # or "rules": starts instantly, less precise on browsers and bots
 *   networkList: /etc/tokenward/networks.tsv # replaces the built-in ASN classes
 *   cloudRanges: [/data/ip-ranges.json]      # AWS's published ranges, if not fetched by `geo update`
 *   networks:
 *     - name: Seattle HQ
 *       networkClass: CORPORATE
 *       cidrs: [50.205.118.64/29]
 *     - name: GlobalProtect
 *       networkClass: VPN
 *       cidrs: [34.99.120.0/24]
 *       location: {city: Seattle, country: US, latitude: 47.61, longitude: -122.33}
 * </pre>
 *
 * @param enabled      false to skip enrichment altogether (analytics then see only what the logs say)
 * @param geoDirectory where {@code geo update} puts the data (default: the user's cache directory)
 * @param cityDatabase a City MMDB to use instead
 * @param asnDatabase  an ASN MMDB (or table) to use instead
 * @param userAgents   {@code yauaa} or {@code rules}
 * @param networkList  a file replacing the built-in network classes
 * @param networks     the user's own networks
 * @param cloudRanges  AWS {@code ip-ranges.json} files (the geo directory's copy is read too)
 */
public record EnrichmentSettings(Boolean enabled, Path geoDirectory, Path cityDatabase, Path asnDatabase,
                                 String userAgents, Path networkList, List<NetworkDefinition> networks, List<Path> cloudRanges) {
    public static final EnrichmentSettings DEFAULTS = new EnrichmentSettings(true, null, null, null, "yauaa", null, List.of(), List.of());

    public EnrichmentSettings(Boolean enabled, Path geoDirectory, Path cityDatabase, Path asnDatabase, String userAgents,
                              Path networkList, List<NetworkDefinition> networks) {
        this(enabled, geoDirectory, cityDatabase, asnDatabase, userAgents, networkList, networks, List.of());
    }

    public EnrichmentSettings {
        enabled = enabled == null || enabled;
        networks = networks == null ? List.of() : List.copyOf(networks);
        cloudRanges = cloudRanges == null ? List.of() : cloudRanges.stream().map(EnrichmentSettings::expandHome).toList();
        for (Path file : cloudRanges) {
            dev.tokenward.event.Checks.require(java.nio.file.Files.isRegularFile(file), "cloudRanges: no such file: %s", file);
        }
        userAgents = userAgents == null ? "yauaa" : userAgents;
        dev.tokenward.event.Checks.require(userAgents.equals("yauaa") || userAgents.equals("rules"),
                "userAgents must be yauaa or rules, not %s", userAgents);
        geoDirectory = expandHome(geoDirectory);
        cityDatabase = expandHome(cityDatabase);
        asnDatabase = expandHome(asnDatabase);
        networkList = expandHome(networkList);
    }

    public EnrichmentSettings withUserAgents(String mode) {
        return new EnrichmentSettings(enabled, geoDirectory, cityDatabase, asnDatabase, mode, networkList, networks, cloudRanges);
    }

    /** The geo directory in force. */
    public Path geoDirectoryOrDefault() {
        return geoDirectory != null ? geoDirectory : GeoData.defaultDirectory();
    }

    /** Opens the data and builds the enricher (yauaa is loaded when a user agent first needs it). */
    public Enricher build() {
        if (!enabled) {
            return Enricher.disabled();
        }
        NetworkClassifier classifier = new NetworkClassifier(networks, networkList);
        GeoData geo = GeoData.open(geoDirectoryOrDefault(), cityDatabase, asnDatabase);
        ClientClassifier clients = userAgents.equals("rules") ? ClientClassifier.rulesOnly() : ClientClassifier.withYauaa();
        List<Path> ranges = new java.util.ArrayList<>(cloudRanges);
        ranges.add(geoDirectoryOrDefault().resolve(CloudRanges.AWS_FILE));
        try {
            return new Enricher(geo, classifier, clients, CloudRanges.open(ranges));
        } catch (java.io.IOException unreadable) {
            throw new IllegalArgumentException("cloudRanges: " + unreadable.getMessage(), unreadable);
        }
    }

    private static Path expandHome(Path path) {
        if (path == null || !path.toString().startsWith("~")) {
            return path;
        }
        return Path.of(System.getProperty("user.home") + path.toString().substring(1));
    }
}
