package dev.tokenward.source.zeek;

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

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Zeek's logs in JSON ({@code LogAscii::use_json=T}, or the JSON streaming package): {@code ts} in
 * epoch seconds with a fraction (or ISO 8601 where the logs are written so), the connection's endpoints under dotted keys ({@code id.orig_h},
 * {@code id.resp_h}, {@code id.resp_p}). Which log a line is of is known by its fields:
 * <ul>
 * <li>ssl — {@code server_name} (SNI), {@code version}, {@code established}, and {@code ja4} or
 *     {@code ja3} where the packages that compute them run: a connection to a named destination;</li>
 * <li>http — {@code method}, {@code host}, {@code uri}, {@code user_agent}: a connection whose user
 *     agent is visible (plain HTTP only; HTTPS hides it);</li>
 * <li>conn — {@code conn_state}: a TCP connection to port 443 or 80 that no ssl or http line
 *     describes (its {@code service} is empty), as a connection to an unnamed address;</li>
 * <li>dns — {@code query} and {@code answers}: one event per address answered, pairing the name with it;</li>
 * <li>dhcp — {@code assigned_addr} with {@code host_name} or {@code mac}: the address a host held.</li>
 * </ul>
 * The sensor sees addresses, not hosts or processes: the run ties flows to hosts by their leases
 * and to processes by osquery's socket snapshots.
 */
public final class ZeekMapper extends ShapedMapper {
    static final String SOURCE = "zeek";

    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field TS = SHAPE.scalar("ts");
    private static final Field UID = SHAPE.scalar("uid");
    private static final Field ORIG_H = SHAPE.literal("id.orig_h");
    private static final Field RESP_H = SHAPE.literal("id.resp_h");
    private static final Field RESP_P = SHAPE.literal("id.resp_p");
    private static final Field SERVER_NAME = SHAPE.scalar("server_name");
    private static final Field VERSION = SHAPE.scalar("version");
    private static final Field JA4 = SHAPE.scalar("ja4");
    private static final Field JA3 = SHAPE.scalar("ja3");
    private static final Field METHOD = SHAPE.scalar("method");
    private static final Field HTTP_HOST = SHAPE.scalar("host");
    private static final Field USER_AGENT = SHAPE.scalar("user_agent");
    private static final Field CONN_STATE = SHAPE.scalar("conn_state");
    private static final Field SERVICE = SHAPE.scalar("service");
    private static final Field PROTO = SHAPE.scalar("proto");
    private static final Field QUERY = SHAPE.scalar("query");
    private static final Field ANSWERS = SHAPE.tree("answers");
    private static final Field ASSIGNED = SHAPE.scalar("assigned_addr");
    private static final Field CLIENT_ADDR = SHAPE.scalar("client_addr");
    private static final Field HOST_NAME = SHAPE.scalar("host_name");
    private static final Field MAC = SHAPE.scalar("mac");

    public ZeekMapper() {
        super(SHAPE);
    }

    @Override
    public boolean recognizes(JsonNode record) {
        JsonNode ts = Format.field(record, "ts");
        return ts != null && (ts.isNumber() || ts.isTextual())
                && (Format.field(record, "id.orig_h") != null && Format.field(record, "uid") != null
                || Format.field(record, "uids") != null && (Format.field(record, "assigned_addr") != null
                || Format.field(record, "mac") != null));
    }

    @Override
    public Event map(Record r) throws BadRecordException {
        return firstRow(r, "a DNS answer without an address");
    }

    @Override
    public List<Event> mapAll(Record r, Consumer<String> badRow) throws BadRecordException {
        String time = time(r.required(TS));
        if (r.text(QUERY) != null && r.has(ANSWERS)) {
            return answers(r, time);
        }
        EventBuilder e = new EventBuilder(SOURCE).time("ts", time).outcome(Outcome.SUCCESS, null).origin(r.origin(r.text(UID)));
        if (r.text(ASSIGNED) != null || r.text(CLIENT_ADDR) != null && r.text(ORIG_H) == null) {
            String address = r.text(ASSIGNED) != null ? r.text(ASSIGNED) : r.text(CLIENT_ADDR);
            String host = r.text(HOST_NAME) != null ? Endpoint.hostName(r.text(HOST_NAME)) : null;
            e.kind(EventKind.OTHER).ip("assigned_addr", address).device(r.text(MAC))
                    .action("dhcp", "lease", address, false)
                    .endpoint(new Endpoint(Fact.ADDRESS, host, null, null, null, null, null,
                            host == null ? null : "DHCP host name"));
            return List.of(e.build());
        }
        e.ip("id.orig_h", r.text(ORIG_H));
        IpAddress responder = IpAddress.parse(r.required(RESP_H)).orElseThrow(() -> new BadRecordException(
                "id.resp_h is not an IP address: " + r.text(RESP_H)));
        Integer port = Endpoint.Destination.port(r.text(RESP_P));
        String tls = r.text(JA4) != null ? r.text(JA4) : r.text(JA3);
        String name;
        String service;
        String operation;
        if (r.text(SERVER_NAME) != null || r.text(VERSION) != null && r.text(CONN_STATE) == null && r.text(METHOD) == null) {
            name = r.text(SERVER_NAME);
            service = "https";
            operation = "connect";
        } else if (r.text(METHOD) != null) {
            name = r.text(HTTP_HOST) == null ? null : EventBuilder.withoutPort(r.text(HTTP_HOST));
            service = "http";
            operation = r.text(METHOD);
            e.userAgent(r.text(USER_AGENT));
        } else {
            boolean described = r.text(SERVICE) != null || !"tcp".equalsIgnoreCase(r.text(PROTO)) || port == null
                    || port != 443 && port != 80;
            e.kind(EventKind.OTHER).action("network", "flow", responder.toString(), false);
            if (described) {
                return List.of(e.build());
            }
            name = null;
            service = port == 443 ? "https" : "http";
            operation = "connect";
        }
        e.kind(EventKind.NETWORK_CONNECTION).action(service, operation, name != null ? name : responder.toString(), false)
                .endpoint(new Endpoint(Fact.CONNECTION, null, null, null, new Endpoint.Destination(name == null ? null
                        : name.toLowerCase(Locale.ROOT), responder, port), null, tls, "a flow on the network sensor"));
        return List.of(e.build());
    }

    /** A DNS response: one event per address among its answers (the others are names of the CNAME chain). */
    private List<Event> answers(Record r, String time) throws BadRecordException {
        JsonNode answers = r.tree(ANSWERS);
        List<Event> events = new ArrayList<>();
        String name = r.text(QUERY).toLowerCase(Locale.ROOT);
        for (JsonNode answer : answers.isArray() ? answers : List.<JsonNode>of()) {
            IpAddress address = IpAddress.parse(answer.asText()).orElse(null);
            if (address == null) {
                continue;
            }
            events.add(new EventBuilder(SOURCE).time("ts", time).outcome(Outcome.SUCCESS, null).origin(r.origin(r.text(UID)))
                    .kind(EventKind.OTHER).ip("id.orig_h", r.text(ORIG_H)).action("dns", "answer", name, false)
                    .endpoint(new Endpoint(Fact.NAME, null, null, null, new Endpoint.Destination(name, address, null), null, null,
                            null))
                    .build());
        }
        if (events.isEmpty()) {
            events.add(new EventBuilder(SOURCE).time("ts", time).outcome(Outcome.SUCCESS, null).origin(r.origin(r.text(UID)))
                    .kind(EventKind.OTHER).ip("id.orig_h", r.text(ORIG_H)).action("dns", "query", name, false).build());
        }
        return events;
    }

    /**
     * Zeek's time as an ISO instant: epoch seconds with up to six decimals (the default), or ISO 8601
     * where {@code LogAscii::json_timestamps} is {@code JSON::TS_ISO8601} (Security Onion, many shippers).
     */
    static String time(String ts) throws BadRecordException {
        Instant iso = ts.indexOf('-') > 0 ? dev.tokenward.source.Timestamps.parse(ts) : null;
        if (iso != null) {
            return iso.toString();
        }
        Instant seconds = dev.tokenward.source.Timestamps.epochSeconds(ts);
        if (seconds == null) {
            throw new BadRecordException("ts is not epoch seconds: " + ts);
        }
        return seconds.toString();
    }
}
