package dev.tokenward.event;

/**
 * A field of a kept record whose value could not be used: the raw value is preserved so that an
 * analyst sees what the source wrote.
 *
 * @param field  the normalized field it would have filled, e.g. {@code client.ip}
 * @param raw    the value as written, cut to a bounded length
 * @param reason why it was not used
 */
public record FieldIssue(String field, String raw, String reason) {
}
