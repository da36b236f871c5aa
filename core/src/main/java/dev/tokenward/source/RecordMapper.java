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
}
