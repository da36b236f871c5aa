package dev.tokenward.source.lastpass;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.event.Credential;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import dev.tokenward.source.Format;
import dev.tokenward.source.Record;
import dev.tokenward.source.ShapedMapper;
import dev.tokenward.source.RecordShape;
import dev.tokenward.source.RecordShape.Field;
import dev.tokenward.event.DataTable;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * LastPass Enterprise reporting API events ({@code cmd=reporting}: {@code {"status": "OK", "next":
 * ..., "data": {"Event1": {...}, "Event2": {...}}}}, newest first, or JSON lines of single events).
 * Each event has five fields: {@code Time}, {@code Username}, {@code IP_Address}, {@code Action} and
 * {@code Data}. What an action amounts to is data ({@code actions.tsv}), matched without regard to
 * case.
 *
 * <p>{@code Time} ({@code 2026-11-18 14:03:11}) carries no offset: LastPass writes it in the
 * account's reporting zone, US Eastern unless configured otherwise ({@code input.lastPassZone}).
 * In the hour a fall-back repeats, the earlier of the two instants is taken.
 *
 * <p>What LastPass cannot show: no item ids (an opened note is {@code Data}'s label, "Secure Note
 * (VID: 7608…)" in newer accounts, the site's domain in older ones, which is what distinct items
 * are counted by), no user agent, no session and no record id; a password copied or shown in the
 * vault is not logged at all, and only "Open Secure Note", "Form filled" and exports hand over an
 * item's contents.
 */
public final class LastPassMapper extends ShapedMapper {
    static final String SOURCE = "lastpass";
    private static final String PROVIDER = "LastPass";
    /** What an export or print hands over. */
    private static final String WHOLE_VAULT = "the whole vault";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT)
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

    private record Action(EventKind kind, Outcome outcome, boolean reveals, boolean sensitive) {
    }

    private static final Map<String, Action> ACTIONS = DataTable.read(LastPassMapper.class, "actions.tsv", 5).stream()
            .collect(Collectors.toUnmodifiableMap(r -> r[0], r -> new Action(EventKind.valueOf(r[1]), Outcome.valueOf(r[2]),
                    r[3].equals("yes"), r[4].equals("yes"))));
    private static final Action UNLISTED = new Action(EventKind.OTHER, Outcome.SUCCESS, false, false);

    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field TIME_FIELD = SHAPE.scalar("Time");
    private static final Field USERNAME = SHAPE.scalar("Username");
    private static final Field IP = SHAPE.scalar("IP_Address");
    private static final Field ACTION = SHAPE.scalar("Action");
    private static final Field DATA = SHAPE.scalar("Data");

    public LastPassMapper() {
        super(SHAPE);
    }

    @Override
    public boolean recognizes(JsonNode record) {
        return Format.text(record, "Time") != null && Format.text(record, "Action") != null
                && Format.field(record, "Username") != null && Format.field(record, "IP_Address") != null;
    }

    @Override
    public Event map(Record r) throws BadRecordException {
        String name = r.required(ACTION);
        Action action = ACTIONS.getOrDefault(name.toLowerCase(Locale.ROOT), UNLISTED);
        String user = r.text(USERNAME);
        String data = r.text(DATA);
        String item = data == null ? null : data.strip();
        List<String> revealed = !action.reveals() ? List.of() : action.sensitive() ? List.of(WHOLE_VAULT)
                : item != null ? List.of(item) : List.of();
        EventBuilder e = new EventBuilder(SOURCE).time("Time", instant(r))
                .kind(action.kind())
                .outcome(action.outcome(), action.outcome() == Outcome.FAILURE ? name : null)
                .principal(user == null ? null : user.toLowerCase(Locale.ROOT), null, PrincipalType.HUMAN, null)
                .ip("IP_Address", r.text(IP))
                .action("lastpass", name, item, action.sensitive())
                .revealed(revealed)
                .origin(r.origin(null));
        if (action.kind() == EventKind.AUTHENTICATION) {
            e.issuance(Credential.Issuance.by(PROVIDER, true, null));
        }
        return e.build();
    }

    /** {@code Time} read in the account's zone, as an ISO instant. */
    private static String instant(Record r) throws BadRecordException {
        String raw = r.required(TIME_FIELD);
        try {
            return LocalDateTime.parse(raw.strip(), TIME).atZone(r.lastPassZone()).toInstant().toString();
        } catch (DateTimeParseException notLastPass) {
            throw new BadRecordException("Time is not a LastPass time (yyyy-MM-dd HH:mm:ss): " + raw);
        }
    }
}
