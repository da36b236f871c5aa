package dev.tokenward.source.osquery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.event.Endpoint;
import dev.tokenward.event.Endpoint.Fact;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.IpAddress;
import dev.tokenward.event.Outcome;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import dev.tokenward.source.Format;
import dev.tokenward.source.Record;
import dev.tokenward.source.RecordShape;
import dev.tokenward.source.RecordShape.Field;
import dev.tokenward.source.ShapedMapper;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * osquery's results log as its filesystem logger writes it ({@code osqueryd.results.log}): one JSON
 * object a line, with the scheduled query's {@code name}, {@code hostIdentifier}, {@code unixTime}
 * and {@code calendarTime}, {@code decorations}, and its rows in one of three shapes: a differential
 * row ({@code columns} with {@code action} added or removed), batched differential results
 * ({@code diffResults.added} and {@code .removed}), or a snapshot ({@code snapshot}, every row).
 *
 * <p>A query is known by its columns, not its name (packs name queries as they like):
 * <ul>
 * <li>{@code remote_address} with {@code action} and {@code time} — a socket call of {@code socket_events} (where
 *     audit collection is on), at its own time;</li>
 * <li>{@code remote_address} and {@code remote_port} — a socket of {@code process_open_sockets}
 *     (usually joined to {@code processes} for {@code path} and {@code parent}): a connection when the
 *     row is added or in a snapshot, while it was open at the snapshot instant;</li>
 * <li>{@code label} with {@code program} or {@code program_arguments} — a launchd job;</li>
 * <li>{@code key} {@code StartCalendarInterval} of the {@code plist} table — one field of a job's calendar;</li>
 * <li>{@code signed} with {@code identifier} or {@code team_identifier} — a code signature;</li>
 * <li>{@code interface} and {@code address} — an address the host holds;</li>
 * <li>{@code pid} and {@code path} — a process.</li>
 * </ul>
 * Other queries' rows are kept as events of their query, not judged.
 */
public final class OsqueryMapper extends ShapedMapper {
    static final String SOURCE = "osquery";
    /** osquery's calendarTime: {@code Mon Nov  2 14:05:00 2026 UTC}. */
    private static final DateTimeFormatter CALENDAR = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy 'UTC'", Locale.ROOT);

    private static final java.util.Set<String> UNSPECIFIED = java.util.Set.of("0.0.0.0", "::");

    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field NAME = SHAPE.scalar("name");
    private static final Field HOST = SHAPE.scalar("hostIdentifier");
    private static final Field UNIX_TIME = SHAPE.scalar("unixTime");
    private static final Field CALENDAR_TIME = SHAPE.scalar("calendarTime");
    private static final Field ACTION = SHAPE.scalar("action");
    private static final Field USERNAME = SHAPE.scalar("decorations.username");
    private static final Field COLUMNS = SHAPE.tree("columns");
    private static final Field SNAPSHOT = SHAPE.tree("snapshot");
    private static final Field DIFF_ADDED = SHAPE.tree("diffResults.added");
    private static final Field DIFF_REMOVED = SHAPE.tree("diffResults.removed");

    public OsqueryMapper() {
        super(SHAPE);
    }

    @Override
    public boolean recognizes(JsonNode record) {
        return Format.text(record, "name") != null
                && (Format.field(record, "columns") != null && Format.text(record, "action") != null
                || Format.field(record, "snapshot") != null || Format.field(record, "diffResults") != null)
                && (Format.field(record, "hostIdentifier") != null || Format.field(record, "decorations") != null
                || Format.field(record, "unixTime") != null || Format.field(record, "calendarTime") != null);
    }

    @Override
    public Event map(Record r) throws BadRecordException {
        return firstRow(r, "no rows");
    }

    @Override
    public List<Event> mapAll(Record r, Consumer<String> badRow) throws BadRecordException {
        String time = time(r);
        List<Event> events = new ArrayList<>();
        if (r.has(COLUMNS)) {
            events.add(row(r, time, r.tree(COLUMNS), !"removed".equalsIgnoreCase(r.text(ACTION))));
        }
        rows(r, time, r.tree(SNAPSHOT), true, events, badRow);
        rows(r, time, r.tree(DIFF_ADDED), true, events, badRow);
        rows(r, time, r.tree(DIFF_REMOVED), false, events, badRow);
        if (events.isEmpty() && !r.has(SNAPSHOT) && !r.has(DIFF_ADDED) && !r.has(DIFF_REMOVED)) {
            throw new BadRecordException("no columns, snapshot or diffResults: a results line holds its rows in one of them");
        }
        return events;
    }

    private void rows(Record r, String time, JsonNode rows, boolean added, List<Event> events, Consumer<String> badRow)
            throws BadRecordException {
        if (rows == null) {
            return;
        }
        if (!rows.isArray()) {
            throw new BadRecordException("rows must be an array of objects, found " + rows.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            if (!row.isObject()) {
                badRow.accept("row " + i + " of " + r.text(NAME) + " is not an object");
                continue;
            }
            events.add(row(r, time, row, added));
        }
    }

    /** The event time: unixTime, or calendarTime where a logger wrote only that. */
    private static String time(Record r) throws BadRecordException {
        String unix = r.text(UNIX_TIME);
        if (unix != null) {
            return unix;
        }
        String calendar = r.text(CALENDAR_TIME);
        if (calendar == null) {
            throw new BadRecordException("missing unixTime and calendarTime");
        }
        try {
            return LocalDateTime.parse(calendar.trim(), CALENDAR).toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException e) {
            throw new BadRecordException("calendarTime is not osquery's \"Mon Nov  2 14:05:00 2026 UTC\": " + calendar);
        }
    }

    private Event row(Record r, String time, JsonNode columns, boolean added) throws BadRecordException {
        String host = Endpoint.hostName(r.text(HOST));
        String user = text(columns, "username") != null ? text(columns, "username") : r.text(USERNAME);
        EventBuilder e = new EventBuilder(SOURCE).time(r.text(UNIX_TIME) != null ? "unixTime" : "calendarTime", time)
                .outcome(Outcome.SUCCESS, null)
                .origin(r.origin(null));
        String query = r.text(NAME);
        Endpoint endpoint;
        if (text(columns, "remote_address") != null && text(columns, "action") != null && text(columns, "time") != null) {
            endpoint = socketEvent(e, host, user, columns, query, added);
        } else if (text(columns, "remote_address") != null && text(columns, "remote_port") != null) {
            IpAddress remote = IpAddress.parse(text(columns, "remote_address")).orElse(null);
            boolean open = added && remote != null && !UNSPECIFIED.contains(remote.toString()) && !"1".equals(text(columns, "family"));
            e.kind(open ? EventKind.NETWORK_CONNECTION : EventKind.OTHER).ip("local_address", text(columns, "local_address"))
                    .action("network", open ? "socket open" : "socket closed", remote == null ? null : remote.toString(), false);
            endpoint = new Endpoint(Fact.CONNECTION, host, user, process(columns),
                    new Endpoint.Destination(null, remote, Endpoint.Destination.port(text(columns, "remote_port"))), null, null,
                    "in osquery's socket snapshot (" + query + ")");
            if (!open) {
                endpoint = null;
            }
        } else if (text(columns, "label") != null && (text(columns, "program") != null || text(columns, "program_arguments") != null)) {
            e.kind(EventKind.OTHER).action("launchd", added ? "job installed" : "job removed", text(columns, "label"), false);
            endpoint = added ? new Endpoint(Fact.JOB, host, user, null, null, job(columns), null, null) : null;
        } else if ("StartCalendarInterval".equalsIgnoreCase(text(columns, "key")) && text(columns, "path") != null) {
            e.kind(EventKind.OTHER).action("launchd", "calendar", text(columns, "path"), false);
            String part = text(columns, "subkey") == null ? null : text(columns, "subkey") + "=" + text(columns, "value");
            endpoint = added ? new Endpoint(Fact.JOB, host, user, null, null,
                    new Endpoint.Job(null, null, null, part, false, text(columns, "path")), null, null) : null;
        } else if (text(columns, "signed") != null && text(columns, "path") != null
                && (columns.has("identifier") || columns.has("team_identifier"))) {
            e.kind(EventKind.OTHER).action("codesign", "signature", text(columns, "path"), false);
            endpoint = new Endpoint(added ? Fact.SIGNATURE : Fact.SIGNATURE_WITHDRAWN, host, user, new Endpoint.Process(text(columns, "path"),
                    null, null, "1".equals(text(columns, "signed")), text(columns, "identifier"), text(columns, "team_identifier")), null,
                    null, null, null);
        } else if (text(columns, "interface") != null && text(columns, "address") != null) {
            e.kind(EventKind.OTHER).ip("address", text(columns, "address"))
                    .action("network", added ? "address held" : "address released", text(columns, "interface"), false);
            endpoint = added ? new Endpoint(Fact.ADDRESS, host, user, null, null, null, null, null) : null;
        } else if (text(columns, "pid") != null && text(columns, "path") != null) {
            e.kind(EventKind.OTHER).action("process", added ? "running" : "exited", text(columns, "path"), false);
            endpoint = added ? new Endpoint(Fact.PROCESS, host, user, process(columns), null, null, null, null) : null;
        } else {
            e.kind(EventKind.OTHER).action("osquery", query, null, false);
            endpoint = null;
        }
        return e.endpoint(endpoint).build();
    }

    /**
     * A row of {@code socket_events} (the audit-based evented table): one socket call at its own
     * {@code time}, not the query's. A {@code connect} that succeeded or was still in progress (as a
     * non-blocking socket's is) is a connection; a failed one, and {@code bind}, {@code accept} and
     * {@code close}, are kept as what they were.
     */
    private static Endpoint socketEvent(EventBuilder e, String host, String user, JsonNode columns, String query, boolean added)
            throws BadRecordException {
        e.time("columns.time", text(columns, "time"));
        String call = text(columns, "action").toLowerCase(Locale.ROOT);
        String status = text(columns, "status") != null ? text(columns, "status").toLowerCase(Locale.ROOT)
                : "0".equals(text(columns, "success")) ? "failed" : "succeeded";
        IpAddress remote = IpAddress.parse(text(columns, "remote_address")).orElse(null);
        boolean connected = added && "connect".equals(call) && !"failed".equals(status) && remote != null
                && !UNSPECIFIED.contains(remote.toString()) && !"1".equals(text(columns, "family"));
        e.kind(connected ? EventKind.NETWORK_CONNECTION : EventKind.OTHER).ip("local_address", text(columns, "local_address"))
                .action("network", call + ("failed".equals(status) ? " failed" : ""), remote == null ? null : remote.toString(), false);
        if ("failed".equals(status)) {
            e.outcome(Outcome.FAILURE, "socket call " + status);
        }
        return connected ? new Endpoint(Fact.CONNECTION, host, user, process(columns),
                new Endpoint.Destination(null, remote, Endpoint.Destination.port(text(columns, "remote_port"))), null, null,
                "connect() by pid " + text(columns, "pid") + " in osquery's socket_events (" + query + ")") : null;
    }

    private static Endpoint.Process process(JsonNode columns) {
        String path = text(columns, "path");
        return path == null && text(columns, "pid") == null ? null
                : new Endpoint.Process(path, number(text(columns, "pid")), number(text(columns, "parent")), null, null, null);
    }

    /**
     * A launchd row: its program, or, where the plist has no Program, its arguments as osquery joins
     * them with spaces (the executable cannot be cut out of them: {@code ~/Library/Application
     * Support/...} holds a space); StartInterval in seconds.
     */
    private static Endpoint.Job job(JsonNode columns) {
        String program = text(columns, "program") != null ? text(columns, "program") : text(columns, "program_arguments");
        return new Endpoint.Job(text(columns, "label"), program, number(text(columns, "start_interval")), null,
                "1".equals(text(columns, "keep_alive")) || "true".equalsIgnoreCase(text(columns, "keep_alive")), text(columns, "path"));
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    private static Long number(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}
