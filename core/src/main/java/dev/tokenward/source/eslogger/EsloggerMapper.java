package dev.tokenward.source.eslogger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.event.Endpoint;
import dev.tokenward.event.Endpoint.Fact;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Outcome;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import dev.tokenward.source.Format;
import dev.tokenward.source.Record;
import dev.tokenward.source.RecordShape;
import dev.tokenward.source.RecordShape.Field;
import dev.tokenward.source.ShapedMapper;

/**
 * macOS {@code eslogger} JSON (Endpoint Security events as {@code eslogger exec} prints them, one
 * object a line): an {@code exec} event's new image, {@code event.exec.target}, becomes a process
 * with its path, pid, parent, responsible process, signing id, team id and whether its signature is
 * valid. Apple says this output is not a stable interface: every path read from it is in this one
 * class, and the tests read several versions' shapes. eslogger logs no host name; the host is the
 * one a shipper added ({@code host}, {@code hostname} or {@code host.name}), else unknown.
 *
 * <p>A {@code btm_launch_item_add} event (Background Task Management, macOS 13 and later:
 * {@code eslogger btm_launch_item_add}) is a launch agent or daemon registered, logged the moment it
 * is, not at the next {@code launchd} snapshot: a JOB whose plist is {@code item.item_url}, whose
 * label is the plist's name (launchd's convention) and whose program is {@code executable_path}.
 *
 * <p>Signature: {@code codesigning_flags} with CS_VALID (0x1) is signed; without it, or with
 * CS_ADHOC (0x2) and no team, the code counts as unsigned. Platform binaries carry no team id.
 */
public final class EsloggerMapper extends ShapedMapper {
    static final String SOURCE = "eslogger";
    /** ES_EVENT_TYPE_NOTIFY_EXEC. */
    private static final String EXEC = "9";
    private static final long CS_VALID = 0x1;
    private static final long CS_ADHOC = 0x2;

    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field TIME = SHAPE.scalar("time");
    private static final Field EVENT_TYPE = SHAPE.scalar("event_type");
    private static final Field SEQ = SHAPE.scalar("global_seq_num");
    private static final Field HOST = SHAPE.tree("host");
    private static final Field HOSTNAME = SHAPE.scalar("hostname");
    private static final Field TARGET = SHAPE.tree("event.exec.target");
    private static final Field ARGS = SHAPE.tree("event.exec.args");
    private static final Field ACTOR_PATH = SHAPE.scalar("process.executable.path");
    private static final Field BTM_ITEM_TYPE = SHAPE.scalar("event.btm_launch_item_add.item.item_type");
    private static final Field BTM_ITEM_URL = SHAPE.scalar("event.btm_launch_item_add.item.item_url");
    private static final Field BTM_EXECUTABLE = SHAPE.scalar("event.btm_launch_item_add.executable_path");
    /** es_btm_item_type_t: a launch agent and a launch daemon. */
    private static final java.util.Set<String> LAUNCH_ITEMS = java.util.Set.of("3", "4");

    public EsloggerMapper() {
        super(SHAPE);
    }

    @Override
    public boolean recognizes(JsonNode record) {
        return Format.field(record, "event_type") != null && Format.field(record, "mach_time") != null
                && Format.field(record, "process") != null && Format.field(record, "event") != null;
    }

    @Override
    public Event map(Record r) throws BadRecordException {
        EventBuilder e = new EventBuilder(SOURCE).time("time", r.required(TIME)).outcome(Outcome.SUCCESS, null)
                .origin(r.origin(r.text(SEQ)));
        String host = Endpoint.hostName(r.tree(HOST) != null ? hostText(r.tree(HOST)) : r.text(HOSTNAME));
        if (r.text(BTM_ITEM_URL) != null && LAUNCH_ITEMS.contains(r.text(BTM_ITEM_TYPE))) {
            return launchItem(e, host, r.text(BTM_ITEM_URL), r.text(BTM_EXECUTABLE));
        }
        JsonNode target = r.tree(TARGET);
        if (!EXEC.equals(r.text(EVENT_TYPE)) || target == null || !target.isObject()) {
            return e.kind(EventKind.OTHER).action("endpoint-security", "event " + r.text(EVENT_TYPE), r.text(ACTOR_PATH), false).build();
        }
        String path = target.path("executable").path("path").asText(null);
        if (path == null) {
            throw new BadRecordException("event.exec.target.executable.path is missing");
        }
        Long flags = target.hasNonNull("codesigning_flags") ? target.get("codesigning_flags").asLong() : null;
        String team = text(target, "team_id");
        Boolean signed = flags == null ? null : (flags & CS_VALID) != 0 && ((flags & CS_ADHOC) == 0 || team != null);
        Endpoint.Process process = new Endpoint.Process(path, number(target.path("audit_token").path("pid")),
                number(target.path("ppid")), signed, text(target, "signing_id"), team);
        JsonNode args = r.tree(ARGS);
        e.kind(EventKind.OTHER).action("process", "exec", path, false)
                .unmapped("eslogger.args", args == null || !args.isArray() ? null : String.join(" ", iterable(args)))
                .unmapped("eslogger.responsiblePid", text(target.path("responsible_audit_token"), "pid"))
                .endpoint(new Endpoint(Fact.PROCESS, host, null, process, null, null, null, null));
        return e.build();
    }

    /** A launch agent or daemon registered: its plist (a file URL), label (the plist's name) and program. */
    private static Event launchItem(EventBuilder e, String host, String itemUrl, String executable) throws BadRecordException {
        String plist;
        try {
            plist = itemUrl.startsWith("file:") ? java.nio.file.Path.of(java.net.URI.create(itemUrl)).toString() : itemUrl;
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException notAFileUrl) {
            throw new BadRecordException("item.item_url is not a file URL: " + itemUrl);
        }
        String name = plist.substring(plist.lastIndexOf('/') + 1);
        String label = name.endsWith(".plist") ? name.substring(0, name.length() - ".plist".length()) : name;
        return e.kind(EventKind.OTHER).action("launchd", "job installed", label, false)
                .endpoint(new Endpoint(Fact.JOB, host, null, null, null, new Endpoint.Job(label, executable, null, null, false, plist),
                        null, null))
                .build();
    }

    /** A shipper's host: text, or an object with its name (Elastic's {@code host.name}). */
    private static String hostText(JsonNode tree) {
        return tree.isObject() ? text(tree, "name") : tree.isValueNode() ? tree.asText() : null;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        return value == null || value.isNull() || value.isContainerNode() || value.asText().isEmpty() ? null : value.asText();
    }

    private static Long number(JsonNode value) {
        return value == null || !value.canConvertToLong() ? null : value.asLong();
    }

    private static Iterable<String> iterable(JsonNode array) {
        java.util.List<String> items = new java.util.ArrayList<>();
        array.forEach(item -> items.add(item.asText()));
        return items;
    }
}
