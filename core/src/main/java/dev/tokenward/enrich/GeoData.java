package dev.tokenward.enrich;

import dev.tokenward.event.IpAddress;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The geolocation and autonomous-system data at hand: the City MMDB files and the ASN data of the
 * geo directory that {@code tokenward geo update} fills, or files the user names. Any part may be
 * missing; lookups then answer nothing and {@code coverage} says so.
 */
public final class GeoData implements Closeable {
    /** The ASN table {@code geo update} writes. */
    public static final String ASN_TABLE = "asn.bin";
    /** What {@code geo update} installed, for {@code --version} and attribution. */
    public static final String MANIFEST = "sources.json";

    private final List<MmdbFile> cities;
    private final MmdbFile asnMmdb;
    private final AsnTable asnTable;
    private final Path directory;

    private GeoData(Path directory, List<MmdbFile> cities, MmdbFile asnMmdb, AsnTable asnTable) {
        this.directory = directory;
        this.cities = cities;
        this.asnMmdb = asnMmdb;
        this.asnTable = asnTable;
    }

    public static GeoData none() {
        return new GeoData(null, List.of(), null, null);
    }

    /** Where {@code geo update} puts its data: $TOKENWARD_GEO_DIR, else the user's cache directory. */
    public static Path defaultDirectory() {
        String explicit = System.getenv("TOKENWARD_GEO_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("tokenward").resolve("geo");
    }

    /**
     * Opens what there is: the given City and ASN MMDB files when named, else the directory's
     * {@code *city*.mmdb} files and its ASN table.
     */
    public static GeoData open(Path directory, Path cityDatabase, Path asnDatabase) {
        List<MmdbFile> cities = new ArrayList<>();
        try {
            return open(directory, cityDatabase, asnDatabase, cities);
        } catch (RuntimeException failed) {
            for (MmdbFile city : cities) {
                try {
                    city.close();
                } catch (IOException ignored) {
                    // the failure being reported matters more
                }
            }
            throw failed;
        }
    }

    private static GeoData open(Path directory, Path cityDatabase, Path asnDatabase, List<MmdbFile> cities) {
        if (asnDatabase != null && !Files.isRegularFile(asnDatabase)) {
            throw new IllegalArgumentException("asnDatabase: no such file: " + asnDatabase);
        }
        if (cityDatabase != null) {
            cities.add(new MmdbFile(cityDatabase));
        } else if (directory != null && Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                files.filter(f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).matches(".*city.*\\.mmdb"))
                        .sorted().forEach(f -> cities.add(new MmdbFile(f)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + directory, e);
            }
        }
        MmdbFile asnMmdb = asnDatabase != null && asnDatabase.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".mmdb")
                ? new MmdbFile(asnDatabase) : null;
        AsnTable table = null;
        Path tableFile = asnDatabase != null && asnMmdb == null ? asnDatabase
                : directory == null ? null : directory.resolve(ASN_TABLE);
        if (asnMmdb == null && tableFile != null && Files.isRegularFile(tableFile)) {
            try {
                table = AsnTable.read(tableFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        return new GeoData(directory, List.copyOf(cities), asnMmdb, table);
    }

    public boolean hasPlaces() {
        return !cities.isEmpty();
    }

    public boolean hasAutonomousSystems() {
        return asnMmdb != null || asnTable != null;
    }

    public Place place(IpAddress ip) {
        for (MmdbFile city : cities) {
            if (city.covers(ip)) {
                Place place = city.place(city.record(ip));
                if (place != null) {
                    return place;
                }
            }
        }
        return null;
    }

    public AutonomousSystem autonomousSystem(IpAddress ip) {
        if (asnTable != null) {
            return asnTable.lookup(ip);
        }
        if (asnMmdb != null && asnMmdb.covers(ip)) {
            return asnMmdb.autonomousSystem(asnMmdb.record(ip));
        }
        return null;
    }

    /** What is loaded, one line each. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        cities.forEach(city -> lines.add("places: " + city.describe()));
        if (asnMmdb != null) {
            lines.add("autonomous systems: " + asnMmdb.describe());
        }
        if (asnTable != null) {
            lines.add("autonomous systems: " + ASN_TABLE + " (" + String.format(java.util.Locale.ROOT, "%,d", asnTable.size()) + " ranges)");
        }
        return lines;
    }

    /** The manifest of installed packages, when {@code geo update} wrote one. */
    public Map<String, Object> manifest() {
        return GeoUpdate.readManifest(directory);
    }

    /**
     * The data at hand, each with its version: what {@code geo update} installed (its package and
     * version), else the names of the database files given; empty when there is none.
     */
    public List<String> versions() {
        List<String> versions = new ArrayList<>();
        if (directory != null) {
            manifest().forEach((name, entry) -> {
                if (entry instanceof Map<?, ?> installed && installed.get("version") != null) {
                    versions.add(name + " " + installed.get("version"));
                }
            });
        }
        if (versions.isEmpty()) {
            cities.forEach(city -> versions.add(city.path().getFileName().toString()));
            if (asnMmdb != null) {
                versions.add(asnMmdb.path().getFileName().toString());
            }
        }
        return List.copyOf(versions);
    }

    @Override
    public void close() throws IOException {
        for (MmdbFile city : cities) {
            city.close();
        }
        if (asnMmdb != null) {
            asnMmdb.close();
        }
    }
}
