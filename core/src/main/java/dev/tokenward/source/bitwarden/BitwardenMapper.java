package dev.tokenward.source.bitwarden;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.event.Credential;
import dev.tokenward.event.DataTable;
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

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bitwarden Public API events ({@code GET /public/events}: {@code {"object": "list", "data": [...],
 * "continuationToken": ...}}, or JSON lines of single events). What a numeric {@code type} amounts
 * to is data ({@code event-types.tsv}): sign-ins (1000), failed sign-ins and second factors
 * (1005, 1006), item views, reveals, copies and autofills (1107-1114, 1117), vault exports (1007,
 * 1602), Secrets Manager retrievals (2100). {@code device} names the client
 * ({@code device-types.tsv}): a browser, an extension, a desktop or mobile app, the CLI or the SDK.
 *
 * <p>The acting user is {@code actingUserId}, Bitwarden's id for the user (a Secrets Manager
 * machine account's retrievals name {@code serviceAccountId} instead): the events carry no
 * e-mail address: principals are ids, named by the members listing where it is among the inputs
 * ({@link dev.tokenward.source.Directory}). Bitwarden logs item events only for organisation items, not a member's individual vault,
 * and no session: item events carry no credential.
 */
public final class BitwardenMapper extends ShapedMapper {
    static final String SOURCE = "bitwarden";
    private static final String PROVIDER = "Bitwarden";
    /** What an export without an item hands over. */
    private static final String WHOLE_VAULT = "the whole vault";

    private record Type(String name, EventKind kind, Outcome outcome, boolean reveals, boolean sensitive, boolean writes) {
    }

    private static final Map<String, Type> TYPES = DataTable.read(BitwardenMapper.class, "event-types.tsv", 7).stream()
            .collect(Collectors.toUnmodifiableMap(r -> r[0], r -> new Type(r[1], EventKind.valueOf(r[2]), Outcome.valueOf(r[3]),
                    r[4].equals("yes"), r[5].equals("yes"), r[6].equals("yes"))));
    private static final Map<String, String> DEVICES = DataTable.read(BitwardenMapper.class, "device-types.tsv", 2).stream()
            .collect(Collectors.toUnmodifiableMap(r -> r[0], r -> r[1]));

    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field TYPE = SHAPE.scalar("type");
    private static final Field DATE = SHAPE.scalar("date");
    private static final Field ITEM = SHAPE.scalar("itemId");
    private static final Field COLLECTION = SHAPE.scalar("collectionId");
    private static final Field SECRET = SHAPE.scalar("secretId");
    private static final Field ACTING_USER = SHAPE.scalar("actingUserId");
    private static final Field MEMBER = SHAPE.scalar("memberId");
    private static final Field SERVICE_ACCOUNT = SHAPE.scalar("serviceAccountId");
    private static final Field INSTALLATION = SHAPE.scalar("installationId");
    private static final Field DEVICE = SHAPE.scalar("device");
    private static final Field IP = SHAPE.scalar("ipAddress");

    public BitwardenMapper() {
        super(SHAPE);
    }

    @Override
    public boolean recognizes(JsonNode record) {
        JsonNode type = Format.field(record, "type");
        return "event".equals(Format.text(record, "object")) && type != null && type.isIntegralNumber()
                && Format.text(record, "date") != null;
    }

    @Override
    public Event map(Record r) throws BadRecordException {
        String code = r.required(TYPE);
        Type type = TYPES.getOrDefault(code, new Type("type " + code, EventKind.OTHER, Outcome.SUCCESS, false, false, false));
        String service = r.text(SERVICE_ACCOUNT);
        String actor = r.text(ACTING_USER) != null ? r.text(ACTING_USER) : service != null ? service : r.text(MEMBER);
        PrincipalType who = actor == null ? PrincipalType.UNKNOWN : r.text(ACTING_USER) == null && service != null ? PrincipalType.SERVICE
                : PrincipalType.HUMAN;
        String item = r.text(ITEM) != null ? r.text(ITEM) : r.text(SECRET);
        String target = item == null ? null : (r.text(COLLECTION) == null ? "" : r.text(COLLECTION) + "/") + item;
        List<String> revealed = !type.reveals() ? List.of() : target != null ? List.of(target) : List.of(WHOLE_VAULT);
        EventBuilder e = new EventBuilder(SOURCE).time("date", r.required(DATE))
                .kind(type.kind())
                .outcome(type.outcome(), type.outcome() == Outcome.FAILURE ? type.name() : null)
                .principal(actor, actor, who, null)
                .ip("ipAddress", r.text(IP))
                .userAgent(DEVICES.get(r.text(DEVICE)))
                .device(r.text(INSTALLATION))
                .action("bitwarden", type.name(), target, type.sensitive())
                .revealed(revealed)
                .written(type.writes() && target != null ? List.of(target) : List.of())
                .origin(r.origin(null));
        if (type.kind() == EventKind.AUTHENTICATION || type.kind() == EventKind.MFA) {
            e.issuance(Credential.Issuance.by(PROVIDER, true, null));
        }
        return e.build();
    }
}
