package dev.tokenward.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fields a format reads from each record, as dotted paths. A record is read in one streaming
 * pass: values on a path are captured, everything else is skipped without being decoded, so the
 * cost of a record is the cost of its tokens. Field names match case-insensitively, because some
 * exports lower-case the vendors' camelCase keys.
 *
 * <p>A scalar path captures a string, number or boolean as text; a tree path captures a whole
 * sub-document (for arrays such as CloudTrail {@code resources} or Entra {@code authenticationDetails}).
 */
public final class RecordShape {
    private static final ObjectMapper TREES = new ObjectMapper();
    private static final int LOOKUP_CACHE_LIMIT = 512;

    private final Node root;
    private final int size;

    private RecordShape(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    public static Builder builder() {
        return new Builder();
    }

    int size() {
        return size;
    }

    /**
     * Reads the object the parser is positioned at (its START_OBJECT) into the record. Text that is
     * not valid Unicode (an escaped lone surrogate such as U+D800, which JSON allows) makes
     * the record unusable: it could be neither compared nor written out.
     */
    void read(JsonParser parser, Record record) throws IOException, BadRecordException {
        readObject(parser, root, record);
    }

    private static void readObject(JsonParser parser, Node node, Record record) throws IOException, BadRecordException {
        Object[] values = record.values();
        int position = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            Node child = node.child(parser.currentName(), position++);
            JsonToken value = parser.nextToken();
            if (child == null) {
                parser.skipChildren();
            } else if (child.field != null) {
                values[child.field.index()] = capture(parser, value, child.field, record);
            } else if (value == JsonToken.START_OBJECT) {
                readObject(parser, child, record);
            } else {
                parser.skipChildren();
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw new IOException("expected a field name or the end of the object, found " + parser.currentToken());
        }
    }

    private static Object capture(JsonParser parser, JsonToken value, Field field, Record record) throws IOException, BadRecordException {
        if (field.tree() || value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            JsonNode node = TREES.readTree(parser);
            if (node == null || node.isNull()) {
                return null;
            }
            requireUnicode(node, field);
            return node;
        }
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        String text = parser.getText();
        requireUnicode(text, field);
        return record.canonical(text);
    }

    private static void requireUnicode(String text, Field field) throws BadRecordException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    throw new BadRecordException(field.path() + " holds a lone surrogate (\\u" + Integer.toHexString(c)
                            + "): not valid Unicode");
                }
            }
        }
    }

    private static void requireUnicode(JsonNode node, Field field) throws BadRecordException {
        if (node.isTextual()) {
            requireUnicode(node.textValue(), field);
        } else if (node.isContainerNode()) {
            for (var names = node.fieldNames(); names.hasNext(); ) {
                requireUnicode(names.next(), field);
            }
            for (JsonNode child : node) {
                requireUnicode(child, field);
            }
        }
    }

    private record Prediction(String name, Node child) {
    }

    /** One captured path. */
    public record Field(int index, String path, boolean tree) {
    }

    public static final class Builder {
        private final Node root = new Node();
        private final List<Field> fields = new ArrayList<>();
        private boolean built;

        /** A path whose value is read as text. */
        public Field scalar(String path) {
            return add(path, false);
        }

        /** A path whose value is read as a whole sub-document. */
        public Field tree(String path) {
            return add(path, true);
        }

        /** A top-level field whose name holds dots ({@code id.orig_h} in Zeek's JSON logs), read as text. */
        public Field literal(String name) {
            return add(name, false, true);
        }

        public RecordShape build() {
            built = true;
            return new RecordShape(root, fields.size());
        }

        private Field add(String path, boolean tree) {
            return add(path, tree, false);
        }

        private Field add(String path, boolean tree, boolean literal) {
            if (built) {
                throw new IllegalStateException("shape already built");
            }
            Node node = root;
            for (String name : literal ? new String[] {path} : path.split("\\.")) {
                if (node.field != null) {
                    throw new IllegalArgumentException("path " + path + " runs through a captured value");
                }
                node.lengths |= name.length() < 64 ? 1L << name.length() : 0;
                node = node.children.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new Node());
            }
            if (node.field != null || !node.children.isEmpty()) {
                throw new IllegalArgumentException("path " + path + " is declared twice or overlaps another");
            }
            Field field = new Field(fields.size(), path, tree);
            node.field = field;
            fields.add(field);
            return field;
        }
    }

    private static final class Node {
        private static final Node ABSENT = new Node();
        private static final int PREDICTED = 96;

        final Map<String, Node> children = new HashMap<>();
        /** Names as records spell them, resolved; shared by the readers of all files, read in parallel by the merge plan. */
        final Map<String, Node> lookups = new ConcurrentHashMap<>();
        /**
         * Per position in the object, the name found there in the last record and what it resolved
         * to: the records of one source list their fields in the same order, and the parser hands
         * out one String instance per name, so most names are resolved by one identity check.
         * Readers on several threads may overwrite each other's guesses; each guess is a whole
         * (name, child) pair, so any guess read is right for its name.
         */
        private final Prediction[] order = new Prediction[PREDICTED];
        Field field;

        /** Bit n set when some child's name has n characters (n below 64): most unknown names are rejected without lower-casing. */
        long lengths;

        /** The child for {@code name}, the {@code position}-th name of its object, or null when the shape does not read it. */
        Node child(String name, int position) {
            if (position >= PREDICTED) {
                return child(name);
            }
            Prediction guess = order[position];
            if (guess != null && guess.name() == name) {
                return guess.child();
            }
            Node found = child(name);
            order[position] = new Prediction(name, found);
            return found;
        }

        Node child(String name) {
            Node known = lookups.get(name);
            if (known != null) {
                return known == ABSENT ? null : known;
            }
            if (name.length() < 64 && (lengths & (1L << name.length())) == 0) {
                return null;
            }
            Node found = children.get(name.toLowerCase(Locale.ROOT));
            if (lookups.size() < LOOKUP_CACHE_LIMIT) {
                lookups.put(name, found == null ? ABSENT : found);
            }
            return found;
        }
    }
}
