package dev.tokenward.enrich;

import dev.tokenward.event.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Places and autonomous systems from MMDB files of every common layout, and from the ASN table. */
class GeoDataTest {
    @TempDir
    Path dir;

    @Test
    void readsGeoIp2StyleCityDatabases() throws IOException {
        Path city = dir.resolve("GeoLite2-City.mmdb");
        new MmdbWriter(6, "GeoLite2-City")
                .put("95.217.0.0/16", Map.of(
                        "city", Map.of("names", Map.of("en", "Helsinki")),
                        "country", Map.of("iso_code", "FI", "names", Map.of("en", "Finland")),
                        "location", Map.of("latitude", 60.1719, "longitude", 24.9347, "accuracy_radius", new MmdbWriter.Uint16(20))))
                .put("2a01:4f9::/32", Map.of(
                        "country", Map.of("iso_code", "FI"),
                        "location", Map.of("latitude", 60.1719, "longitude", 24.9347, "accuracy_radius", new MmdbWriter.Uint16(100))))
                .write(city);
        try (GeoData geo = GeoData.open(dir.resolve("empty"), city, null)) {
            assertThat(geo.place(IpAddress.of("95.217.134.58"))).isEqualTo(new Place("FI", "Helsinki", 60.1719, 24.9347, 20));
            assertThat(geo.place(IpAddress.of("2a01:4f9:c012:8d2b::1"))).isEqualTo(new Place("FI", null, 60.1719, 24.9347, 100));
            assertThat(geo.place(IpAddress.of("73.239.102.57"))).isNull();
            assertThat(geo.hasPlaces()).isTrue();
            assertThat(geo.hasAutonomousSystems()).isFalse();
        }
    }

    @Test
    void readsFlatIpLocationDbFilesFromTheGeoDirectory() throws IOException {
        new MmdbWriter(4, "city ipv4")
                .put("73.239.96.0/20", Map.of("city", "Seattle", "country_code", "US", "state1", "Washington",
                        "latitude", 47.6062, "longitude", -122.3321))
                .write(dir.resolve("dbip-city-ipv4.mmdb"));
        new MmdbWriter(6, "city ipv6")
                .put("2607:fb90::/32", Map.of("city", "Bellevue", "country_code", "US", "latitude", 47.6101, "longitude", -122.2015))
                .write(dir.resolve("dbip-city-ipv6.mmdb"));
        try (GeoData geo = GeoData.open(dir, null, null)) {
            assertThat(geo.place(IpAddress.of("73.239.102.57"))).isEqualTo(new Place("US", "Seattle", 47.6062, -122.3321, null));
            assertThat(geo.place(IpAddress.of("2607:fb90:1a2b:33c4::9"))).isEqualTo(new Place("US", "Bellevue", 47.6101, -122.2015, null));
            assertThat(geo.describe()).hasSize(2);
        }
    }

    @Test
    void readsAsnDatabasesOfMaxMindAndIpinfoShape() throws IOException {
        Path maxmind = dir.resolve("GeoLite2-ASN.mmdb");
        new MmdbWriter(6, "GeoLite2-ASN")
                .put("95.216.0.0/15", Map.of("autonomous_system_number", 24940, "autonomous_system_organization", "Hetzner Online GmbH"))
                .write(maxmind);
        try (GeoData geo = GeoData.open(null, null, maxmind)) {
            assertThat(geo.autonomousSystem(IpAddress.of("95.217.134.58"))).isEqualTo(new AutonomousSystem(24940, "Hetzner Online GmbH"));
        }
        Path ipinfo = dir.resolve("ipinfo-asn.mmdb");
        new MmdbWriter(6, "ipinfo country_asn.mmdb")
                .put("172.56.0.0/13", Map.of("asn", "AS21928", "as_name", "T-Mobile USA, Inc.", "country", "US"))
                .write(ipinfo);
        try (GeoData geo = GeoData.open(null, null, ipinfo)) {
            assertThat(geo.autonomousSystem(IpAddress.of("172.56.41.77"))).isEqualTo(new AutonomousSystem(21928, "T-Mobile USA, Inc."));
        }
    }

    @Test
    void theAsnTableFindsRangesOfBothFamilies() throws IOException {
        String v4 = """
                1607991296,1608122367,24940,Hetzner Online GmbH
                1240399872,1240465407,7922,"Comcast Cable Communications, LLC"
                2889351168,2889875455,21928,"T-Mobile USA, Inc."
                """;
        String v6 = """
                2a01:4f8::,2a01:4f8:ffff:ffff:ffff:ffff:ffff:ffff,24940,Hetzner Online GmbH
                2607:fb90::,2607:fb90:ffff:ffff:ffff:ffff:ffff:ffff,21928,"T-Mobile USA, Inc."
                """;
        AsnTable.Builder builder = new AsnTable.Builder();
        GeoUpdate.readRanges(new ByteArrayInputStream(v4.getBytes(StandardCharsets.UTF_8)), "asn-ipv4-num.csv", builder);
        GeoUpdate.readRanges(new ByteArrayInputStream(v6.getBytes(StandardCharsets.UTF_8)), "asn-ipv6.csv", builder);
        builder.write(dir.resolve(GeoData.ASN_TABLE));
        try (GeoData geo = GeoData.open(dir, null, null)) {
            assertThat(geo.autonomousSystem(IpAddress.of("95.215.255.255"))).isNull();
            assertThat(geo.autonomousSystem(IpAddress.of("95.216.0.0"))).isEqualTo(new AutonomousSystem(24940, "Hetzner Online GmbH"));
            assertThat(geo.autonomousSystem(IpAddress.of("95.217.255.255")).number()).isEqualTo(24940);
            assertThat(geo.autonomousSystem(IpAddress.of("95.218.0.0"))).isNull();
            assertThat(geo.autonomousSystem(IpAddress.of("73.239.102.57")))
                    .isEqualTo(new AutonomousSystem(7922, "Comcast Cable Communications, LLC"));
            assertThat(geo.autonomousSystem(IpAddress.of("172.56.41.77"))).isEqualTo(new AutonomousSystem(21928, "T-Mobile USA, Inc."));
            assertThat(geo.autonomousSystem(IpAddress.of("2607:fb90:1a2b::1")).number()).isEqualTo(21928);
            assertThat(geo.autonomousSystem(IpAddress.of("2a01:4f8:c17:4a2b::1")).number()).isEqualTo(24940);
            assertThat(geo.autonomousSystem(IpAddress.of("2a01:4f9::1"))).isNull();
            assertThat(geo.describe()).containsExactly("autonomous systems: asn.bin (5 ranges)");
        }
    }
}
