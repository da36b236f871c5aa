package dev.tokenward.source.onelogin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.event.Action;
import dev.tokenward.event.DataTable;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import dev.tokenward.source.Format;
import dev.tokenward.source.Record;
import dev.tokenward.source.RecordShape;
import dev.tokenward.source.RecordShape.Field;
import dev.tokenward.source.ShapedMapper;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * OneLogin events: the Events API's {@code GET /api/1/events} pages ({@code {"status": {...},
 * "pagination": {...}, "data": [...]}}) and JSON lines of events. What an {@code event_type_id}
 * amounts to is data ({@code event-types.tsv}): sign-ins and their failures, an app's stored password
 * viewed, factors removed, users assumed, locked and deleted.
 *
 * <p>OneLogin names a user by id and display name, not by login: the principal is the display name
 * with the id as its uid, so OneLogin's people meet other sources' only where the names agree. The
 * actor ({@code actor_user_name}) is who acted; a password viewed or an account assumed whose user
 * ({@code user_name}) is someone else is recorded as theirs ({@link Action#revealedOf()}).
 */
public final class OneLoginMapper extends ShapedMapper {
    static final String SOURCE = "onelogin";

    private record Type(String name, EventKind kind, Outcome outcome, boolean sensitive, Action.Tactic tactic) {
    }

    private static final Map<String, Type> TYPES = DataTable.read(OneLoginMapper.class, "event-types.tsv", 6).stream()
            .collect(Collectors.toUnmodifiableMap(r -> r[0], r -> new Type(r[1], EventKind.valueOf(r[2]), Outcome.valueOf(r[3]),
                    r[4].equals("yes"), Action.Tactic.valueOf(r[5]))));

    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field ID = SHAPE.scalar("id");
    private static final Field CREATED = SHAPE.scalar("created_at");
    private static final Field TYPE = SHAPE.scalar("event_type_id");
    private static final Field ACCOUNT = SHAPE.scalar("account_id");
    private static final Field USER_ID = SHAPE.scalar("user_id");
    private static final Field USER_NAME = SHAPE.scalar("user_name");
    private static final Field ACTOR_ID = SHAPE.scalar("actor_user_id");
    private static final Field ACTOR_NAME = SHAPE.scalar("actor_user_name");
    private static final Field IP = SHAPE.scalar("ipaddr");
    private static final Field APP_ID = SHAPE.scalar("app_id");
    private static final Field APP_NAME = SHAPE.scalar("app_name");
    private static final Field FINGERPRINT = SHAPE.scalar("browser_fingerprint");
    private static final Field RISK_SCORE = SHAPE.scalar("risk_score");
    private static final Field ERROR = SHAPE.scalar("error_description");
    private static final Field NOTES = SHAPE.scalar("notes");
    private static final Field OTP_DEVICE = SHAPE.scalar("otp_device_name");
    private static final Field ROLE = SHAPE.scalar("role_name");

    public OneLoginMapper() {
        super(SHAPE);
    }

    @Override
    public boolean recognizes(JsonNode record) {
        return Format.field(record, "event_type_id") != null
                && (Format.field(record, "actor_user_id") != null || Format.field(record, "user_id") != null
                || Format.field(record, "account_id") != null);
    }

    @Override
    public Event map(Record r) throws BadRecordException {
        String id = r.required(TYPE);
        Type type = TYPES.getOrDefault(id, new Type("event type " + id, EventKind.OTHER, Outcome.SUCCESS, false, Action.Tactic.NONE));
        String actor = r.text(ACTOR_NAME) != null ? r.text(ACTOR_NAME) : r.text(USER_NAME);
        String actorId = r.text(ACTOR_ID) != null ? r.text(ACTOR_ID) : r.text(USER_ID);
        String subject = r.text(USER_NAME);
        boolean onAnother = subject != null && actor != null && !subject.equals(actor);
        EventBuilder e = new EventBuilder(SOURCE).time("created_at", r.required(CREATED))
                .kind(type.kind())
                .outcome(type.outcome(), type.outcome() == Outcome.FAILURE ? type.name() + (r.text(ERROR) == null ? "" : ": " + r.text(ERROR))
                        : null)
                .principal(actor, actorId, actor == null ? null : PrincipalType.HUMAN, r.text(ACCOUNT))
                .ip("ipaddr", r.text(IP))
                .device(r.text(FINGERPRINT))
                .app(r.text(APP_ID))
                .appName(r.text(APP_NAME), null)
                .action("onelogin", type.name(), resource(r, subject), type.sensitive())
                .tactic(type.tactic())
                .origin(r.origin(r.text(ID)))
                .unmapped("onelogin.riskScore", r.text(RISK_SCORE))
                .unmapped("onelogin.notes", r.text(NOTES));
        if (type.kind() == EventKind.CREDENTIAL_STORE_ACCESS) {
            e.revealed(List.of((r.text(APP_NAME) != null ? r.text(APP_NAME) : "app " + r.text(APP_ID)) + " password of " + subject))
                    .revealedOf(subject);
        } else if (onAnother && id.equals("3")) {
            e.revealedOf(subject);
        }
        return e.build();
    }

    /** What the event was done to: the app, the factor, the role, or the user acted on. */
    private static String resource(Record r, String subject) {
        if (r.text(APP_NAME) != null) {
            return r.text(APP_NAME);
        }
        if (r.text(OTP_DEVICE) != null) {
            return r.text(OTP_DEVICE);
        }
        return r.text(ROLE) != null ? r.text(ROLE) : subject;
    }
}
