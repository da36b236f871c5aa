package dev.tokenward.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.event.Origin;

import java.util.Arrays;
import java.util.Locale;

/**
 * The values one record holds on the paths of its format's {@link RecordShape}. Reused from record
 * to record by its reader: a mapper reads what it needs and keeps nothing.
 */
public final class Record {
    /** Texts up to this long are shared through {@link #canonical}; longer ones are rarely repeated. */
    private static final int CANONICAL_LENGTH = 96;
    private static final int CANONICAL_SLOTS = 2048;

    private final Object[] values;
    /**
     * The texts this reader met last, by hash: records repeat their regions, event names, account
     * ids, roles and users, and each repeated value is kept once by what holds on to events (the
     * reorder buffer, the analytics' state) instead of once per record.
     */
    private final String[] recent = new String[CANONICAL_SLOTS];
    private final java.time.ZoneId localZone;
    private String file;
    private long line;
    private long offset;

    Record(RecordShape shape) {
        this(shape, InputLimits.DEFAULTS);
    }

    Record(RecordShape shape, InputLimits limits) {
        this.values = new Object[shape.size()];
        this.localZone = limits.lastPassZone();
    }

    /** The zone to read a LastPass time in, which carries no offset ({@code input.lastPassZone}). */
    public java.time.ZoneId lastPassZone() {
        return localZone;
    }

    void reset(String atFile, long atLine, long atOffset) {
        Arrays.fill(values, null);
        this.file = atFile;
        this.line = atLine;
        this.offset = atOffset;
    }

    Object[] values() {
        return values;
    }

    /** The instance of {@code text} this reader met before, if it is still remembered; else {@code text}, now remembered. */
    String canonical(String text) {
        if (text.length() > CANONICAL_LENGTH) {
            return text;
        }
        int slot = text.hashCode() & (CANONICAL_SLOTS - 1);
        String known = recent[slot];
        if (text.equals(known)) {
            return known;
        }
        recent[slot] = text;
        return text;
    }

    /** The value as text; null when absent, null or a structure. Empty strings are returned as null. */
    public String text(RecordShape.Field field) {
        Object value = values[field.index()];
        if (value instanceof String s) {
            return s.isEmpty() ? null : s;
        }
        if (value instanceof JsonNode node && node.isValueNode()) {
            String s = node.asText();
            return s.isEmpty() ? null : s;
        }
        return null;
    }

    /**
     * The value as text, for a field the record cannot do without: a {@link BadRecordException}
     * says whether it is missing, empty, or of the wrong type.
     */
    public String required(RecordShape.Field field) throws BadRecordException {
        String text = text(field);
        if (text != null) {
            return text;
        }
        Object value = values[field.index()];
        if (value instanceof JsonNode node && node.isContainerNode()) {
            throw new BadRecordException(field.path() + " is " + (node.isArray() ? "an array" : "an object") + ", not a value");
        }
        throw new BadRecordException(value == null ? "missing " + field.path() : field.path() + " is empty");
    }

    /** The value as a boolean, accepting JSON booleans and the strings "true"/"false" in any case. */
    public Boolean bool(RecordShape.Field field) {
        String text = text(field);
        if (text == null) {
            return null;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** The value as a whole number; null when absent or not a number. */
    public Long number(RecordShape.Field field) {
        String text = text(field);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.startsWith("AS") || text.startsWith("as") ? text.substring(2) : text);
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    public Double decimal(RecordShape.Field field) {
        String text = text(field);
        if (text == null) {
            return null;
        }
        try {
            return Double.valueOf(text);
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /** A captured sub-document, or null. */
    public JsonNode tree(RecordShape.Field field) {
        return values[field.index()] instanceof JsonNode node ? node : null;
    }

    public boolean has(RecordShape.Field field) {
        return values[field.index()] != null;
    }

    public Origin origin(String recordId) {
        return new Origin(file, line, offset, recordId);
    }
}
