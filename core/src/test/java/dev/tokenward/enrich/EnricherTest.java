package dev.tokenward.enrich;

import dev.tokenward.event.ClientClass;
import dev.tokenward.event.Event;
import dev.tokenward.event.IpAddress;
import dev.tokenward.event.Network;
import dev.tokenward.event.NetworkClass;
import dev.tokenward.source.InputFile;
import dev.tokenward.source.InputReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What enrichment adds to events, and what it leaves as the source said. */
class EnricherTest {
    @TempDir
    Path dir;

    private Enricher enricher(List<NetworkDefinition> networks) throws IOException {
        new MmdbWriter(6, "GeoLite2-City")
                .put("73.239.96.0/20", Map.of("city", Map.of("names", Map.of("en", "Tumwater")), "country", Map.of("iso_code", "US"),
                        "location", Map.of("latitude", 47.0073, "longitude", -122.909, "accuracy_radius", new MmdbWriter.Uint16(50))))
                .put("3.219.0.0/16", Map.of("city", Map.of("names", Map.of("en", "Ashburn")), "country", Map.of("iso_code", "US"),
                        "location", Map.of("latitude", 39.0438, "longitude", -77.4874, "accuracy_radius", new MmdbWriter.Uint16(1000))))
                .put("34.99.120.0/22", Map.of("country", Map.of("iso_code", "US"),
                        "location", Map.of("latitude", 41.2619, "longitude", -95.8608)))
                .write(dir.resolve("GeoLite2-City.mmdb"));
        new MmdbWriter(6, "GeoLite2-ASN")
                .put("73.0.0.0/8", Map.of("autonomous_system_number", 7922, "autonomous_system_organization", "Comcast Cable Communications, LLC"))
                .put("3.208.0.0/12", Map.of("autonomous_system_number", 14618, "autonomous_system_organization", "Amazon.com, Inc."))
                .put("34.96.0.0/12", Map.of("autonomous_system_number", 396982, "autonomous_system_organization", "Google LLC"))
                .write(dir.resolve("GeoLite2-ASN.mmdb"));
        GeoData geo = GeoData.open(dir, null, dir.resolve("GeoLite2-ASN.mmdb"));
        return new Enricher(geo, new NetworkClassifier(networks, null), ClientClassifier.rulesOnly());
    }

    private static Event read(String format, String json) throws IOException {
        try (InputReader reader = InputReader.open(InputFile.ofBytes(format + ".jsonl", (json + "\n").getBytes(StandardCharsets.UTF_8)), q -> {
            throw new AssertionError(q.reason());
        })) {
            return reader.next();
        }
    }

    private static String fixture(String path) throws IOException {
        return Files.readString(Path.of("src/test/resources/sources/" + path)).replaceAll("\\s*\\n\\s*", " ");
    }

    @Test
    void fillsWhatCloudTrailDoesNotSay() throws IOException {
        Event event = read("cloudtrail", fixture("cloudtrail/11-ec2-describeinstances-assumedrole-boto3.json")
                .replace("73.212.86.141", "3.219.88.142"));
        Event enriched = enricher(List.of()).enrich(event);
        assertThat(enriched.network()).isEqualTo(new Network("US", "Ashburn", 39.0438, -77.4874, 1000, 14618L,
                "Amazon.com, Inc.", NetworkClass.HOSTING, null, "AWS"));
        assertThat(enriched.client().agent().clientClass()).isEqualTo(ClientClass.CLI_SDK);
        assertThat(enriched.client().agent().name()).isEqualTo("Boto3");
    }

    @Test
    void keepsWhatTheSourceSaysAndNormalizesItsCountry() throws IOException {
        Event event = read("okta", fixture("okta/06-user-authentication-sso-aws-iam-identity-center.json")
                .replace("73.212.86.141", "73.239.102.57"));
        Network network = enricher(List.of()).enrich(event).network();
        assertThat(network.city()).isEqualTo("Baltimore");
        assertThat(network.country()).isEqualTo("US");
        assertThat(network.latitude()).isEqualTo(39.2847);
        assertThat(network.asn()).isEqualTo(7922L);
        assertThat(network.asOrg()).isEqualTo("comcast cable communications  llc");
        assertThat(network.networkClass()).isEqualTo(NetworkClass.RESIDENTIAL);
    }

    @Test
    void putsConfiguredVpnEgressWhereItReallyIs() throws IOException {
        NetworkDefinition vpn = new NetworkDefinition("GlobalProtect", NetworkClass.VPN, List.of("34.99.120.0/24"), List.of(),
                new NetworkDefinition.Location("Seattle", "US", 47.6062, -122.3321));
        Network network = enricher(List.of(vpn)).lookup(IpAddress.of("34.99.120.17"));
        assertThat(network).isEqualTo(new Network("US", "Seattle", 47.6062, -122.3321, null, 396982L, "Google LLC",
                NetworkClass.VPN, "GlobalProtect", "Google Cloud"));
    }

    @Test
    void privateAddressesAreNeverGeolocated() throws IOException {
        Event event = read("cloudtrail", fixture("cloudtrail/12-ssm-updateinstanceinformation-ec2-instance-profile-vpce.json"));
        Enricher enricher = enricher(List.of());
        Network network = enricher.enrich(event).network();
        assertThat(network.networkClass()).isEqualTo(NetworkClass.PRIVATE);
        assertThat(network.hasLocation()).isFalse();
        assertThat(enricher.lookup(IpAddress.of("100.64.1.1")).networkClass()).isEqualTo(NetworkClass.PRIVATE);
    }

    @Test
    void repeatedAddressesAndAgentsComeFromTheCache() throws IOException {
        Enricher enricher = enricher(List.of());
        Event event = read("cloudtrail", fixture("cloudtrail/11-ec2-describeinstances-assumedrole-boto3.json"));
        for (int i = 0; i < 10; i++) {
            enricher.enrich(event);
        }
        assertThat(enricher.hitRate()).isEqualTo(0.9);
    }
}
