package dev.tokenward.source.proxy;

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
import dev.tokenward.source.Timestamps;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Web proxy access logs: what a host asked for through the proxy, and, where the proxy logs it, with
 * which user agent. Three layouts:
 * <ul>
 * <li>Squid's native access log (text: time, elapsed, client, result/status, bytes, method, URL,
 *     user, hierarchy/peer, type), which has no user agent; an HTTPS request is a {@code CONNECT
 *     host:443} whose peer is the server's address;</li>
 * <li>Squid's {@code combined} log (text: the web servers' combined layout with Squid's result and
 *     hierarchy codes), which has the user agent;</li>
 * <li>Cloudflare Gateway's HTTP request logs as Logpush writes them (JSON lines: {@code Datetime},
 *     {@code SourceIP}, {@code SourceInternalIP}, {@code DeviceName}, {@code Email},
 *     {@code HTTPHost}, {@code HTTPMethod}, {@code URL}, {@code UserAgent}, {@code DestinationIP},
 *     {@code DestinationPort}, {@code HTTPStatusCode}, {@code Action}), where the WARP client sends
 *     a Mac's traffic wherever it is and TLS inspection shows the user agent of HTTPS requests.</li>
 * </ul>
 * A request is a NETWORK_CONNECTION of its host to the destination; one the proxy refused
 * ({@code TCP_DENIED}, Gateway's {@code block}) is OTHER with outcome FAILURE, since no call was
 * made. The proxy names no process: a request is tied to one only where osquery saw a socket of the
 * host to the same address (a transparent or client-side proxy), never through an explicit proxy.
 */
public final class ProxyMapper extends ShapedMapper {
    static final String SOURCE = "proxy";
    private static final DateTimeFormatter COMBINED_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field LAYOUT = SHAPE.scalar("layout");
    private static final Field TIME = SHAPE.scalar("time");
    private static final Field TIME_LOCAL = SHAPE.scalar("time_local");
    private static final Field REMOTE_HOST = SHAPE.scalar("remotehost");
    private static final Field RESULT = SHAPE.scalar("result");
    private static final Field STATUS = SHAPE.scalar("status");
    private static final Field METHOD = SHAPE.scalar("method");
    /** Squid's {@code url} and Gateway's {@code URL}: fields are matched ignoring case. */
    private static final Field URL = SHAPE.scalar("url");
    private static final Field USER = SHAPE.scalar("user");
    private static final Field PEER = SHAPE.scalar("peerhost");
    private static final Field AGENT = SHAPE.scalar("user_agent");
    private static final Field DATETIME = SHAPE.scalar("Datetime");
    private static final Field SOURCE_IP = SHAPE.scalar("SourceIP");
    private static final Field INTERNAL_IP = SHAPE.scalar("SourceInternalIP");
    private static final Field DEVICE = SHAPE.scalar("DeviceName");
    private static final Field EMAIL = SHAPE.scalar("Email");
    private static final Field HTTP_HOST = SHAPE.scalar("HTTPHost");
    private static final Field HTTP_METHOD = SHAPE.scalar("HTTPMethod");
    private static final Field USER_AGENT = SHAPE.scalar("UserAgent");
    private static final Field DESTINATION_IP = SHAPE.scalar("DestinationIP");
    private static final Field DESTINATION_PORT = SHAPE.scalar("DestinationPort");
    private static final Field HTTP_STATUS = SHAPE.scalar("HTTPStatusCode");
    private static final Field ACTION = SHAPE.scalar("Action");
    private static final Field REQUEST_ID = SHAPE.scalar("RequestID");

    public ProxyMapper() {
        super(SHAPE);
    }

    @Override
    public boolean recognizes(JsonNode record) {
        String layout = Format.text(record, "layout");
        return layout != null && layout.startsWith("squid_") && Format.text(record, "url") != null
                || Format.text(record, "HTTPHost") != null && Format.text(record, "HTTPMethod") != null
                && Format.field(record, "Datetime") != null;
    }

    @Override
    public Event map(Record r) throws BadRecordException {
        boolean squid = r.text(LAYOUT) != null;
        EventBuilder e = new EventBuilder(SOURCE).origin(r.origin(r.text(REQUEST_ID)));
        String method = squid ? r.required(METHOD) : r.required(HTTP_METHOD);
        Target target = squid ? Target.of(r.required(URL), method) : Target.of(r.text(URL) != null ? r.text(URL)
                : "https://" + r.text(HTTP_HOST) + "/", method);
        String host = null;
        String user;
        IpAddress server;
        Integer port = target.port();
        boolean refused;
        if (squid) {
            if (r.text(TIME) != null) {
                e.time("time", epochSeconds(r.text(TIME)));
            } else {
                e.time("time_local", combinedTime(r.required(TIME_LOCAL)));
            }
            e.ip("remotehost", r.text(REMOTE_HOST)).userAgent(r.text(AGENT)).unmapped("squid.result", r.text(RESULT));
            user = r.text(USER);
            server = r.text(PEER) == null ? null : IpAddress.parse(r.text(PEER)).orElse(null);
            refused = r.text(RESULT) != null && r.text(RESULT).contains("DENIED");
        } else {
            e.time("Datetime", gatewayTime(r.required(DATETIME)));
            e.ip(r.text(INTERNAL_IP) != null ? "SourceInternalIP" : "SourceIP", r.text(INTERNAL_IP) != null ? r.text(INTERNAL_IP)
                    : r.text(SOURCE_IP)).userAgent(r.text(USER_AGENT)).unmapped("gateway.sourceIp", r.text(SOURCE_IP))
                    .unmapped("gateway.action", r.text(ACTION));
            host = r.text(DEVICE) == null ? null : Endpoint.hostName(r.text(DEVICE));
            user = r.text(EMAIL);
            server = r.text(DESTINATION_IP) == null ? null : IpAddress.parse(r.text(DESTINATION_IP)).orElse(null);
            Integer given = Endpoint.Destination.port(r.text(DESTINATION_PORT));
            port = given != null ? given : port;
            refused = "block".equalsIgnoreCase(r.text(ACTION));
        }
        String status = squid ? r.text(STATUS) : r.text(HTTP_STATUS);
        e.unmapped("http.status", status);
        if (refused) {
            return e.kind(EventKind.OTHER).outcome(Outcome.FAILURE, "refused by the proxy")
                    .action(target.service(), method, target.host(), false).build();
        }
        return e.kind(EventKind.NETWORK_CONNECTION).outcome(Outcome.SUCCESS, null)
                .action(target.service(), method, target.host(), false)
                .endpoint(new Endpoint(Fact.CONNECTION, host, user, null, new Endpoint.Destination(target.host(), server, port), null, null,
                        "a request in the web proxy's log"))
                .build();
    }

    /** What a request asked for: {@code host:port} of a CONNECT, or an absolute URL. */
    private record Target(String host, Integer port, String service) {
        static Target of(String url, String method) throws BadRecordException {
            if ("CONNECT".equalsIgnoreCase(method)) {
                String host = EventBuilder.withoutPort(url);
                Integer port = url.lastIndexOf(':') > 0 ? Endpoint.Destination.port(url.substring(url.lastIndexOf(':') + 1)) : 443;
                return new Target(host.toLowerCase(Locale.ROOT), port, port != null && port == 80 ? "http" : "https");
            }
            try {
                URI uri = new URI(url);
                if (uri.getHost() == null) {
                    throw new BadRecordException("the URL names no host: " + url);
                }
                boolean https = "https".equalsIgnoreCase(uri.getScheme());
                return new Target(uri.getHost().toLowerCase(Locale.ROOT), uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80,
                        https ? "https" : "http");
            } catch (URISyntaxException e) {
                throw new BadRecordException("the URL is not one: " + url);
            }
        }
    }

    /** Squid's {@code %ts.%03tu}: epoch seconds and milliseconds. */
    private static String epochSeconds(String text) throws BadRecordException {
        Instant time = Timestamps.epochSeconds(text);
        if (time == null) {
            throw new BadRecordException("time is not Squid's epoch seconds with milliseconds: " + text);
        }
        return time.toString();
    }

    /** Squid's {@code %tl}: {@code 05/Dec/2026:06:02:11 +0000}. */
    private static String combinedTime(String text) throws BadRecordException {
        try {
            return OffsetDateTime.parse(text, COMBINED_TIME).toInstant().toString();
        } catch (DateTimeParseException e) {
            throw new BadRecordException("time_local is not Squid's \"05/Dec/2026:06:02:11 +0000\": " + text);
        }
    }

    /** Logpush's timestamp as the job asked for it: RFC 3339, Unix seconds, or Unix nanoseconds (the older default). */
    private static String gatewayTime(String text) throws BadRecordException {
        if (text.length() >= 16 && text.chars().allMatch(Character::isDigit)) {
            long nanos = Long.parseLong(text.substring(0, Math.min(19, text.length())));
            long scale = text.length() >= 19 ? 1_000_000_000L : 1_000_000L;
            return Instant.ofEpochSecond(nanos / scale, (nanos % scale) * (1_000_000_000L / scale)).toString();
        }
        Instant parsed = Timestamps.parse(text);
        if (parsed == null) {
            throw new BadRecordException("Datetime is not RFC 3339, Unix seconds or Unix nanoseconds: " + text);
        }
        return parsed.toString();
    }
}
