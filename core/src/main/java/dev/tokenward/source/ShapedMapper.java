package dev.tokenward.source;

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
}
