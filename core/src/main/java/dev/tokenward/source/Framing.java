package dev.tokenward.source;

/** How records are laid out in a file. */
public enum Framing {
    /** One JSON object per line. */
    JSON_LINES,
    /** A top-level JSON array of records (Okta /api/v1/logs). */
    ARRAY,
    /** An object whose first field is the records array: CloudTrail {@code Records}, Azure {@code records}. */
    WRAPPED,
    /** Pretty-printed objects one after another. */
    CONCATENATED
}
