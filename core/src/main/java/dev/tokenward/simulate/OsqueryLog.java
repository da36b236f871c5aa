package dev.tokenward.simulate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenward.output.Json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * osquery's filesystem logger: differential results in {@code osqueryd.results.log}, one line per
 * added or removed row (event format) or, on hosts run with {@code --logger_event_type=false}, one
 * line per query run with {@code diffResults}; snapshot queries in {@code osqueryd.snapshots.log},
 * which is where the filesystem logger puts them. Every column value is a string, as osquery
 * writes them when {@code numerics} is false; {@code counter} counts the runs that logged a
 * difference, from a value the host reached before the logs begin; {@code epoch} is 0.
 */
final class OsqueryLog {
    /** The organisation's pack: process sockets every 60 s, differential. */
    static final String SOCKETS = "pack_it-security_process_sockets";
    /**
     * osquery's audit-based {@code socket_events}, on the Macs where IT turned on
     * {@code --audit_allow_sockets}: every {@code connect()} since the last run, at its own time,
     * every 300 s.
     */
    static final String SOCKET_EVENTS = "pack_it-security_socket_events";
    /** launchd jobs outside /System, snapshot every 86,400 s of uptime and at start. */
    static final String LAUNCHD = "pack_it-security_launchd";
    /** {@code StartCalendarInterval} entries of launchd plists (plist table), differential, every 3,600 s. */
    static final String CALENDAR = "pack_it-security_launchd_calendar";
    /** Code signatures of running executables, differential, every 3,600 s. */
    static final String SIGNATURES = "pack_it-security_process_signatures";
    /** en0's addresses, differential, every 300 s. */
    static final String INTERFACES = "pack_it-security_en0_addresses";

    private static final DateTimeFormatter CALENDAR_TIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy 'UTC'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final Spool spool;
    private final Instant end;

    OsqueryLog(Spool spool, Instant end) {
        this.spool = spool;
        this.end = end;
    }

    /** One run's differences: a line per row, or one batched line. Nothing is written when nothing changed. */
    void differential(Mac mac, Instant at, String query, int counter, List<Map<String, String>> added,
                      List<Map<String, String>> removed) {
        if (added.isEmpty() && removed.isEmpty() || !at.isBefore(end)) {
            return;
        }
        if (mac.batched()) {
            ObjectNode line = envelope(mac, at, query, counter);
            ObjectNode diff = line.putObject("diffResults");
            rows(diff.putArray("added"), added);
            rows(diff.putArray("removed"), removed);
            spool.add(at, Spool.Stream.OSQUERY_RESULTS, mac.hostname(), null, line);
            return;
        }
        for (Map<String, String> row : removed) {
            event(mac, at, query, counter, row, "removed");
        }
        for (Map<String, String> row : added) {
            event(mac, at, query, counter, row, "added");
        }
    }

    void snapshot(Mac mac, Instant at, String query, int counter, List<Map<String, String>> rows) {
        if (!at.isBefore(end)) {
            return;
        }
        ObjectNode line = envelope(mac, at, query, counter);
        rows(line.putArray("snapshot"), rows);
        line.put("action", "snapshot");
        spool.add(at, Spool.Stream.OSQUERY_SNAPSHOTS, mac.hostname(), null, line);
    }

    private void event(Mac mac, Instant at, String query, int counter, Map<String, String> row, String action) {
        ObjectNode line = envelope(mac, at, query, counter);
        ObjectNode columns = line.putObject("columns");
        row.forEach(columns::put);
        line.put("action", action);
        spool.add(at, Spool.Stream.OSQUERY_RESULTS, mac.hostname(), null, line);
    }

    private static ObjectNode envelope(Mac mac, Instant at, String query, int counter) {
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("name", query);
        line.put("hostIdentifier", mac.hostname());
        line.put("calendarTime", CALENDAR_TIME.format(at));
        line.put("unixTime", at.getEpochSecond());
        line.put("epoch", 0);
        line.put("counter", counter);
        line.put("numerics", false);
        ObjectNode decorations = line.putObject("decorations");
        decorations.put("host_uuid", mac.uuid());
        decorations.put("username", mac.username());
        decorations.put("hardware_serial", mac.serial());
        return line;
    }

    private static void rows(ArrayNode array, List<Map<String, String>> rows) {
        for (Map<String, String> row : rows) {
            ObjectNode node = array.addObject();
            row.forEach(node::put);
        }
    }
}
