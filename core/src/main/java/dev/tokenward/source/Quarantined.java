package dev.tokenward.source;

/**
 * Input that could not become an event: a record, a line, or the rest of a file.
 *
 * @param file    where it is
 * @param line    1-based line, or 0 when not known
 * @param offset  byte offset in the (decompressed) stream, or -1 when not known
 * @param format  the format the file was read as, or null when none was recognised
 * @param reason  what is wrong, specifically
 * @param excerpt the start of the offending input, bounded in length
 */
public record Quarantined(String file, long line, long offset, String format, String reason, String excerpt) {
    public static final int EXCERPT_LIMIT = 512;
}
