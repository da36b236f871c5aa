package dev.tokenward.enrich;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import dev.tokenward.event.IpAddress;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Any MaxMind DB file, read through the {@code com.maxmind.db} reader: MaxMind GeoLite2/GeoIP2
 * City and ASN, DB-IP (Lite), IPinfo, ip-location-db. Records are decoded whatever their layout:
 * nested GeoIP2-style ({@code country.iso_code}, {@code location.latitude}) or flat
 * ({@code country_code}, {@code latitude}, {@code asn}).
 */
final class MmdbFile implements Closeable {
    private final Path path;
    private final Reader reader;

    MmdbFile(Path path) {
        this.path = path;
        try {
            this.reader = new Reader(path.toFile(), new CHMCache());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path + " as a MaxMind DB file: " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    int ipVersion() {
        return reader.getMetadata().getIpVersion();
    }

    String describe() {
        return path.getFileName() + " (" + reader.getMetadata().getDatabaseType() + ", built "
                + reader.getMetadata().getBuildDate().toInstant() + ")";
    }

    boolean covers(IpAddress ip) {
        return ip.v4() || ipVersion() == 6;
    }

    /** The record for an address, when it is a map; records of other shapes are not ours to read. */
    @SuppressWarnings("unchecked")
    Map<String, Object> record(IpAddress ip) {
        try {
            Object record = reader.get(inet(ip), Object.class);
            return record instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    /** A place, when the record has one. */
    Place place(Map<String, Object> record) {
        if (record == null) {
            return null;
        }
        String country = text(record, "country", "iso_code");
        if (country == null) {
            country = text(record, "country_code");
        }
        if (country == null && record.get("country") instanceof String code) {
            country = code;
        }
        String city = text(record, "city", "names", "en");
        if (city == null && record.get("city") instanceof String name) {
            city = name;
        }
        Double latitude = number(record, "location", "latitude");
        Double longitude = number(record, "location", "longitude");
        if (latitude == null) {
            latitude = number(record, "latitude");
            longitude = number(record, "longitude");
            if (longitude == null) {
                longitude = number(record, "lng");
            }
        }
        Double accuracy = number(record, "location", "accuracy_radius");
        if (country == null && city == null && latitude == null) {
            return null;
        }
        return new Place(country, city == null || city.isEmpty() ? null : city, latitude, longitude,
                accuracy == null ? null : accuracy.intValue());
    }

    /** An autonomous system, when the record has one. */
    AutonomousSystem autonomousSystem(Map<String, Object> record) {
        if (record == null) {
            return null;
        }
        Object number = record.get("autonomous_system_number");
        String organisation = text(record, "autonomous_system_organization");
        if (number == null && record.get("asn") != null) {
            number = record.get("asn");
            organisation = organisation != null ? organisation : text(record, "as_name");
            if (organisation == null) {
                organisation = text(record, "name");
            }
        }
        if (number == null) {
            return null;
        }
        String digits = number.toString().replaceFirst("^(?i)AS", "");
        try {
            return new AutonomousSystem(Long.parseLong(digits), organisation);
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private static String text(Map<String, Object> record, String... path) {
        Object value = walk(record, path);
        return value instanceof String s && !s.isEmpty() ? s : null;
    }

    private static Double number(Map<String, Object> record, String... path) {
        Object value = walk(record, path);
        return value instanceof Number n ? n.doubleValue() : null;
    }

    private static Object walk(Map<String, Object> record, String... path) {
        Object node = record;
        for (String step : path) {
            if (node instanceof Map<?, ?> map) {
                node = map.get(step);
            } else if (node instanceof List<?> list && !list.isEmpty()) {
                node = list.get(0) instanceof Map<?, ?> first ? first.get(step) : null;
            } else {
                return null;
            }
        }
        return node;
    }

    private static InetAddress inet(IpAddress ip) {
        byte[] bytes;
        if (ip.v4()) {
            long v = ip.low();
            bytes = new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        } else {
            bytes = new byte[16];
            for (int i = 0; i < 8; i++) {
                bytes[i] = (byte) (ip.high() >>> (56 - 8 * i));
                bytes[i + 8] = (byte) (ip.low() >>> (56 - 8 * i));
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("4 or 16 bytes are always an address", impossible);
        }
    }
}
