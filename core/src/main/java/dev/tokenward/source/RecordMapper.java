package dev.tokenward.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.event.Event;

/** Turns one format's records into events. One per format, stateless. */
public interface RecordMapper {

    /** The paths this format reads. */
    RecordShape shape();

    /**
     * Whether a record (the first of a file, as a tree with lower-cased field names) is of this
     * format. Detection looks at the fields that only this format has.
     */
    boolean recognizes(JsonNode firstRecord);

    /** The normalized event, or a {@link BadRecordException} naming what is wrong. */
    Event map(Record record) throws BadRecordException;

    /**
     * The events of one record: most formats make one, {@link #map}'s; a record that batches rows
     * (osquery's snapshot and batched differential results) makes one per row. A row that is not
     * an event is handed to {@code badRow} with its reason, and the others are kept.
     */
    default java.util.List<Event> mapAll(Record record, java.util.function.Consumer<String> badRow) throws BadRecordException {
        return java.util.List.of(map(record));
    }
}
