package dev.tokenward.source;

import dev.tokenward.event.Event;

/**
 * A mapper whose record shape is declared once, as its static fields: each format's mapper builds
 * its {@link RecordShape} from a {@link RecordShape.Builder} of the paths it reads and hands the
 * builder here.
 */
public abstract class ShapedMapper implements RecordMapper {
    private final RecordShape shape;

    /** @param paths the paths this format reads, declared in the mapper's static fields */
    protected ShapedMapper(RecordShape.Builder paths) {
        this.shape = paths.build();
    }

    @Override
    public final RecordShape shape() {
        return shape;
    }

    /**
     * For a format whose records hold several rows ({@link #mapAll}), the first row's event, or
     * {@code none} as the reason when the record holds none.
     */
    protected final Event firstRow(Record record, String none) throws BadRecordException {
        java.util.List<Event> events = mapAll(record, reason -> { });
        if (events.isEmpty()) {
            throw new BadRecordException(none);
        }
        return events.get(0);
    }
}
