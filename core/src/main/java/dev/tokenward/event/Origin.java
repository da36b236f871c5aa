package dev.tokenward.event;

/**
 * Where a record came from, so that an analyst can find it.
 *
 * @param file     the file path or stream name
 * @param line     1-based line number, or 0 when not known
 * @param offset   byte offset of the record in the (decompressed) stream, or -1 when not known
 * @param recordId the source's own id of the record (CloudTrail eventID, Okta uuid, Entra id)
 */
public record Origin(String file, long line, long offset, String recordId) {
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line);
        }
        if (recordId != null) {
            text.append(" #").append(recordId);
        }
        return text.toString();
    }
}
