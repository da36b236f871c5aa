package dev.tokenward.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenward.output.Json;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Holds generated records, serialized, until their time has passed, then writes them where each
 * product delivers its logs: CloudTrail as an organisation trail's gzip {@code {"Records":[...]}}
 * files per account, region and five-minute delivery (records not in time order); Entra ID as the hourly {@code PT1H.json}
 * blobs that diagnostic settings write per category; Okta's System Log as one JSON-lines file per
 * day, and 1Password's item usages as one JSON-lines file per day; a Mac's osquery results and snapshots as the
 * filesystem logger writes them, one folder per host; the office sensor's Zeek logs as JSON in hourly
 * rotations, {@code zeek/2026-11-03/conn.14:00:00-15:00:00.log}, a record in the hour Zeek wrote it (a
 * connection when it ended), not the hour of its {@code ts}. Memory holds about a day of records at most.
 */
final class Spool implements AutoCloseable {

    /** Where a record goes. */
    enum Stream {
        OKTA(null),
        ENTRA_SIGN_IN("insights-logs-signinlogs"),
        ENTRA_NON_INTERACTIVE("insights-logs-noninteractiveusersigninlogs"),
        ENTRA_SERVICE_PRINCIPAL("insights-logs-serviceprincipalsigninlogs"),
        ENTRA_AUDIT("insights-logs-auditlogs"),
        CLOUDTRAIL(null),
        ONEPASSWORD(null),
        OSQUERY_RESULTS(null),
        OSQUERY_SNAPSHOTS(null),
        ESLOGGER(null),
        GCP_AUDIT(null),
        ZEEK_CONN("conn"),
        ZEEK_SSL("ssl"),
        ZEEK_DNS("dns"),
        ZEEK_DHCP("dhcp"),
        ZEEK_HTTP("http");

        /** The Entra diagnostic container, or the Zeek log's name. */
        private final String container;

        Stream(String container) {
            this.container = container;
        }
    }

    private record Entry(Instant time, Stream stream, String account, String region, long sequence, byte[] json) {
    }

    private static final Duration DELIVERY = Duration.ofMinutes(5);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter PATH_DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd", Locale.ROOT);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'", Locale.ROOT);
    /** A Cloud Logging sink's hourly object in Cloud Storage: {@code 14:00:00_14:59:59}. */
    private static final DateTimeFormatter GCS_HOUR = DateTimeFormatter.ofPattern("HH':00:00_'HH':59:59'", Locale.ROOT);
    private static final DateTimeFormatter ZEEK_HOUR = DateTimeFormatter.ofPattern("HH':00:00'", Locale.ROOT);
    private static final DateTimeFormatter HOUR_PATH = DateTimeFormatter.ofPattern("'y='yyyy'/m='MM'/d='dd'/h='HH'/m=00'", Locale.ROOT);
    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::stream).thenComparing(Entry::account)
            .thenComparing(Entry::region).thenComparing(Entry::time).thenComparingLong(Entry::sequence);

    private final Path logs;
    private final long seed;
    private final List<Entry> pending = new ArrayList<>();
    private final java.util.Set<String> lost = new java.util.HashSet<>();
    private final Map<Stream, Long> counts = new EnumMap<>(Stream.class);
    private long sequence;
    private Instant flushed = Instant.MIN;
    private Instant logsBegin = Instant.MIN;
    private long files;
    private long bytes;

    Spool(Path logs, long seed) {
        this.logs = logs;
        this.seed = seed;
    }

    /**
     * Holds a record until its file is written.
     *
     * @param account for CloudTrail, the account the record was delivered for; null otherwise
     * @param region  for CloudTrail, its region; null otherwise
     */
    void add(Instant time, Stream stream, String account, String region, ObjectNode record) {
        if (time.isBefore(logsBegin)) {
            return;
        }
        if (time.isBefore(flushed)) {
            throw new IllegalStateException("a " + stream + " record at " + time + " arrived after its files were written");
        }
        try {
            pending.add(new Entry(time, stream, account == null ? "" : account, region == null ? "" : region, sequence++,
                    Json.mapper().writeValueAsBytes(record)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The logs begin at {@code time}: what happened before (a working day already under way, the
     * sign-ins that opened its sessions) is simulated but never written.
     */
    void logsBeginAt(Instant time) {
        logsBegin = time;
    }

    /**
     * The CloudTrail delivery of {@code region} that holds {@code time} never reaches the logs (a
     * gap in the export): its records are dropped when it would be written.
     */
    void lose(String account, String region, Instant time) {
        lost.add(cloudTrailFile(account, region, time));
    }

    /** Whether a CloudTrail record of that account, region and time falls in a lost delivery. */
    boolean isLost(String account, String region, Instant time) {
        return !lost.isEmpty() && lost.contains(cloudTrailFile(account, region, time));
    }

    /** Writes every held record older than {@code cutoff}; the caller never adds older ones afterwards. */
    void flushBefore(Instant cutoff) throws IOException {
        List<Entry> due = new ArrayList<>();
        for (Iterator<Entry> it = pending.iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.time().isBefore(cutoff)) {
                due.add(entry);
                it.remove();
            }
        }
        flushed = cutoff;
        due.sort(ORDER);
        int from = 0;
        while (from < due.size()) {
            Entry first = due.get(from);
            String file = fileOf(first);
            int to = from + 1;
            while (to < due.size() && due.get(to).stream() == first.stream() && fileOf(due.get(to)).equals(file)) {
                to++;
            }
            write(first.stream(), file, due.subList(from, to));
            from = to;
        }
    }

    @Override
    public void close() throws IOException {
        flushBefore(Instant.MAX);
    }

    Map<Stream, Long> counts() {
        return Map.copyOf(counts);
    }

    long records() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    long files() {
        return files;
    }

    long bytes() {
        return bytes;
    }

    private String fileOf(Entry entry) {
        ZonedDateTime time = entry.time().atZone(ZoneOffset.UTC);
        return switch (entry.stream()) {
            case OKTA -> "okta/system-log-" + DAY.format(time) + ".json";
            case ONEPASSWORD -> "1password/itemusages-" + DAY.format(time) + ".jsonl";
            case CLOUDTRAIL -> cloudTrailFile(entry.account(), entry.region(), entry.time());
            case OSQUERY_RESULTS -> "osquery/" + entry.account() + "/osqueryd.results.log";
            case OSQUERY_SNAPSHOTS -> "osquery/" + entry.account() + "/osqueryd.snapshots.log";
            case ESLOGGER -> "eslogger/" + entry.account() + "/es-events.jsonl";
            case GCP_AUDIT -> "gcp/twa-audit-sink/cloudaudit.googleapis.com/" + entry.account() + "/" + PATH_DAY.format(time) + "/"
                    + GCS_HOUR.format(time) + "_S0.json";
            case ZEEK_CONN, ZEEK_SSL, ZEEK_DNS, ZEEK_DHCP, ZEEK_HTTP -> "zeek/" + DAY.format(time) + "/" + entry.stream().container
                    + "." + ZEEK_HOUR.format(time) + "-" + ZEEK_HOUR.format(time.plusHours(1)) + ".log";
            default -> "entra/" + entry.stream().container + "/resourceId=/tenants/" + Tenant.ENTRA_TENANT
                    + "/providers/Microsoft.aadiam/" + HOUR_PATH.format(time) + "/PT1H.json";
        };
    }

    /** An organisation trail's delivery: {@code AWSLogs/<organisation>/<account>/CloudTrail/<region>/...}. */
    private static String cloudTrailFile(String account, String region, Instant at) {
        ZonedDateTime time = at.atZone(ZoneOffset.UTC);
        ZonedDateTime window = time.withMinute(time.getMinute() / 5 * 5).withSecond(0).withNano(0);
        return "cloudtrail/AWSLogs/" + Tenant.ORGANIZATION + "/" + account + "/CloudTrail/" + region + "/" + PATH_DAY.format(window)
                + "/" + account + "_CloudTrail_" + region + "_" + STAMP.format(window.plus(DELIVERY)) + "_";
    }

    private void write(Stream stream, String file, List<Entry> entries) throws IOException {
        if (stream == Stream.CLOUDTRAIL && lost.contains(file)) {
            return;
        }
        counts.merge(stream, (long) entries.size(), Long::sum);
        if (stream == Stream.CLOUDTRAIL) {
            Rand rand = Rand.of(seed, file);
            Path path = logs.resolve(file + rand.base62(16) + ".json.gz");
            Files.createDirectories(path.getParent());
            List<Entry> delivery = new ArrayList<>(entries);
            for (int i = delivery.size() - 1; i > 0; i--) {
                java.util.Collections.swap(delivery, i, rand.below(i + 1));
            }
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path), 1 << 16)) {
                out.write("{\"Records\":[".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < delivery.size(); i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    out.write(delivery.get(i).json());
                }
                out.write("]}".getBytes(StandardCharsets.US_ASCII));
            }
            files++;
            bytes += Files.size(path);
            return;
        }
        Path path = logs.resolve(file);
        Files.createDirectories(path.getParent());
        boolean existed = Files.exists(path);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), 1 << 16)) {
            for (Entry entry : entries) {
                out.write(entry.json());
                out.write('\n');
                bytes += entry.json().length + 1;
            }
        }
        if (!existed) {
            files++;
        }
    }
}
