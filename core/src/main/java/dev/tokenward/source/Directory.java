package dev.tokenward.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A product's listing of its members, read beside its events to name the people its events give
 * only by id or by display name, by their e-mail address as the other sources name them:
 * <ul>
 * <li>Bitwarden's {@code GET /public/members} ({@code {"object": "list", "data": [{"object":
 *     "member", "id", "userId", "email", ...}]}}, or JSON lines of members). Its events'
 *     {@code actingUserId} is the member's {@code userId} (the account across Bitwarden) and
 *     {@code memberId} its {@code id} (the membership in the organisation): both name the e-mail.</li>
 * <li>OneLogin's users ({@code GET /api/2/users}, an array of {@code {"id", "email", "username",
 *     "firstname", "lastname", ...}}, or API v1's {@code {"status", "pagination", "data": [...]}}).
 *     Its events name people by {@code user_id} and a display name ({@code user_name}).</li>
 * </ul>
 * A listing holds no events; it is read whole while the inputs are planned, so that every event
 * is named, up to {@link #MAX_MEMBERS} members.
 */
public final class Directory {
    /** Members read from one listing at most; the rest of a larger file is passed over. */
    public static final int MAX_MEMBERS = 1_000_000;
    private static final ObjectMapper TREES = new ObjectMapper();

    private Directory() {
    }

    /** Whether a file's first record is a member of a listing. */
    static boolean recognizes(JsonNode record) {
        return "member".equals(Format.text(record, "object")) && Format.text(record, "id") != null
                && Format.field(record, "email") != null || oneLoginUser(record);
    }

    /** A OneLogin user: an id, an e-mail address, a username and a first or last name; no event fields. */
    private static boolean oneLoginUser(JsonNode record) {
        return Format.text(record, "id") != null && Format.field(record, "email") != null && Format.field(record, "username") != null
                && (Format.field(record, "firstname") != null || Format.field(record, "lastname") != null)
                && Format.field(record, "event_type_id") == null && Format.field(record, "object") == null;
    }

    /** The key an event's principal id is looked up by: the source that names it, and the id. */
    public static String key(String source, String id) {
        return source + '\u0000' + id;
    }

    /**
     * What a listing names: its ids (keyed by {@link #key}) with the e-mail address each names,
     * lower-cased; and why the file could not be read to its end, or null.
     */
    public record Listing(Map<String, String> names, String problem) {
    }

    /** Reads a listing; what was read before a malformed part is kept, and the part is named. */
    public static Listing read(InputFile input, InputLimits limits) {
        Map<String, String> names = new HashMap<>();
        try (InputReader.Counting raw = new InputReader.Counting(input.openRaw());
             BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16)) {
            Compression compression = Compression.of(buffered);
            InputStream data = compression == Compression.NONE ? buffered
                    : new Inflated(compression.open(buffered, 1 << 16), raw, limits);
            try (JsonParser parser = limits.json().createParser(data)) {
                for (JsonToken token = parser.nextToken(); token != null && names.size() < MAX_MEMBERS; token = parser.nextToken()) {
                    values(parser, token, names);
                }
            }
        } catch (IOException unreadable) {
            return new Listing(names, "member listing unreadable after " + names.size() + " ids: " + unreadable.getMessage());
        }
        return new Listing(names, null);
    }

    /**
     * One top-level value: a member, an array of them, or a page whose {@code data} array holds
     * them; members are read one at a time, never the whole page at once.
     */
    private static void values(JsonParser parser, JsonToken token, Map<String, String> names) throws IOException {
        if (token == JsonToken.START_ARRAY) {
            members(parser, names);
            return;
        }
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        com.fasterxml.jackson.databind.node.ObjectNode single = TREES.createObjectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equalsIgnoreCase("data") && value == JsonToken.START_ARRAY) {
                members(parser, names);
            } else if (value.isStructStart()) {
                parser.skipChildren();
            } else if (value != JsonToken.VALUE_NULL) {
                single.put(field, parser.getText());
            }
        }
        member(single, names);
    }

    /** The members of an array the parser stands at the start of, one at a time. */
    private static void members(JsonParser parser, Map<String, String> names) throws IOException {
        for (JsonToken element = parser.nextToken(); element != null && element != JsonToken.END_ARRAY; element = parser.nextToken()) {
            if (element == JsonToken.START_OBJECT && names.size() < MAX_MEMBERS) {
                member(TREES.readTree(parser), names);
            } else {
                parser.skipChildren();
            }
        }
    }

    private static void member(JsonNode member, Map<String, String> names) {
        String email = Format.text(member, "email");
        if (email == null) {
            return;
        }
        String name = email.strip().toLowerCase(Locale.ROOT);
        if ("member".equals(Format.text(member, "object"))) {
            for (String id : new String[]{Format.text(member, "userId"), Format.text(member, "id")}) {
                if (id != null && names.size() < MAX_MEMBERS) {
                    names.put(key("bitwarden", id), name);
                }
            }
        } else if (oneLoginUser(member) && names.size() < MAX_MEMBERS) {
            names.put(key("onelogin", Format.text(member, "id")), name);
        }
    }
}
