package dev.tokenward.source.duo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.event.Credential;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.event.Risk;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import dev.tokenward.source.Format;
import dev.tokenward.source.Record;
import dev.tokenward.source.ShapedMapper;
import dev.tokenward.source.RecordShape;
import dev.tokenward.source.RecordShape.Field;

import java.util.Locale;

/**
 * Duo authentication logs: the Admin API's v2 {@code GET /admin/v2/logs/authentication}
 * ({@code {"stat": "OK", "response": {"authlogs": [...], "metadata": {...}}}}) or JSON lines of
 * authentication events, and the v1 layout ({@code username}, {@code integration}, epoch
 * {@code timestamp}). Duo is a second factor: each event is an MFA step, successful when the
 * {@code result} is {@code success}, failed when {@code denied}, {@code fraud} (the user said they
 * did not ask for it: risk HIGH) or {@code error}.
 *
 * <p>Where: the access device's address (the browser or VPN client being let in), not the
 * authenticating phone's ({@code auth_device}), which is kept in {@code unmapped}.
 */
public final class DuoMapper extends ShapedMapper {
    static final String SOURCE = "duo";
    private static final String PROVIDER = "Duo";

    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field ISO_TIME = SHAPE.scalar("isotimestamp");
    private static final Field EPOCH = SHAPE.scalar("timestamp");
    private static final Field EVENT_TYPE = SHAPE.scalar("event_type");
    private static final Field RESULT = SHAPE.scalar("result");
    private static final Field REASON = SHAPE.scalar("reason");
    private static final Field FACTOR = SHAPE.scalar("factor");
    private static final Field USER = SHAPE.scalar("user.name");
    private static final Field USER_KEY = SHAPE.scalar("user.key");
    private static final Field EMAIL = SHAPE.scalar("email");
    private static final Field USERNAME = SHAPE.scalar("username");
    private static final Field ACCESS_IP = SHAPE.scalar("access_device.ip");
    private static final Field LEGACY_IP = SHAPE.scalar("ip");
    private static final Field BROWSER = SHAPE.scalar("access_device.browser");
    private static final Field BROWSER_VERSION = SHAPE.scalar("access_device.browser_version");
    private static final Field OS = SHAPE.scalar("access_device.os");
    private static final Field OS_VERSION = SHAPE.scalar("access_device.os_version");
    private static final Field HOSTNAME = SHAPE.scalar("access_device.hostname");
    private static final Field CITY = SHAPE.scalar("access_device.location.city");
    private static final Field COUNTRY = SHAPE.scalar("access_device.location.country");
    private static final Field AUTH_IP = SHAPE.scalar("auth_device.ip");
    private static final Field AUTH_DEVICE = SHAPE.scalar("auth_device.name");
    private static final Field APP_KEY = SHAPE.scalar("application.key");
    private static final Field APP_NAME = SHAPE.scalar("application.name");
    private static final Field INTEGRATION = SHAPE.scalar("integration");
    private static final Field TXID = SHAPE.scalar("txid");

    public DuoMapper() {
        super(SHAPE);
    }

    @Override
    public boolean recognizes(JsonNode record) {
        return Format.text(record, "factor") != null && Format.text(record, "result") != null
                && (Format.field(record, "access_device") != null || Format.field(record, "auth_device") != null
                || Format.text(record, "integration") != null);
    }

    @Override
    public Event map(Record r) throws BadRecordException {
        String result = r.required(RESULT).toLowerCase(Locale.ROOT);
        boolean enrollment = "enrollment".equalsIgnoreCase(r.text(EVENT_TYPE));
        Outcome outcome = result.equals("success") ? Outcome.SUCCESS : Outcome.FAILURE;
        String email = r.text(EMAIL);
        String user = email != null ? email : r.text(USER) != null ? r.text(USER) : r.text(USERNAME);
        String time = r.text(ISO_TIME) != null ? r.text(ISO_TIME) : r.text(EPOCH);
        EventBuilder e = new EventBuilder(SOURCE).time(r.text(ISO_TIME) != null ? "isotimestamp" : "timestamp", time)
                .kind(enrollment ? EventKind.OTHER : EventKind.MFA)
                .outcome(outcome, outcome == Outcome.FAILURE ? result + (r.text(REASON) == null ? "" : ": " + r.text(REASON)) : null)
                .principal(user == null ? null : user.toLowerCase(Locale.ROOT), r.text(USER_KEY), PrincipalType.HUMAN, null)
                .ip(r.text(ACCESS_IP) != null ? "access_device.ip" : "ip", r.text(ACCESS_IP) != null ? r.text(ACCESS_IP) : r.text(LEGACY_IP))
                .userAgent(agent(r))
                .device(r.text(HOSTNAME))
                .app(r.text(APP_KEY))
                .appName(r.text(APP_NAME) != null ? r.text(APP_NAME) : r.text(INTEGRATION), null)
                .place(r.text(COUNTRY), r.text(CITY), null, null)
                .action("duo", enrollment ? "enrollment" : "authentication", r.text(FACTOR), enrollment)
                .origin(r.origin(r.text(TXID)))
                .unmapped("duo.factor", r.text(FACTOR))
                .unmapped("duo.reason", r.text(REASON))
                .unmapped("duo.authDeviceIp", r.text(AUTH_IP))
                .unmapped("duo.authDevice", r.text(AUTH_DEVICE));
        if (result.equals("fraud")) {
            e.risk(Risk.HIGH);
        }
        if (!enrollment) {
            e.issuance(Credential.Issuance.by(PROVIDER, true, null))
                    .credential(CredentialKind.UNKNOWN, null, null, null, outcome == Outcome.SUCCESS ? Mfa.TRUE : Mfa.FALSE, null);
        }
        return e.build();
    }

    /** The access device's browser and system in words, as Duo names them. */
    private static String agent(Record r) {
        String browser = join(r.text(BROWSER), r.text(BROWSER_VERSION));
        String os = join(r.text(OS), r.text(OS_VERSION));
        return browser == null ? os : os == null ? browser : browser + " / " + os;
    }

    private static String join(String name, String version) {
        return name == null ? null : version == null ? name : name + " " + version;
    }
}
