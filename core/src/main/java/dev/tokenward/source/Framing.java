package dev.tokenward.source;

import java.util.Set;

/** How records are laid out in a file. */
public enum Framing {
    /** One JSON object per line. */
    JSON_LINES,
    /** A top-level JSON array of records (Okta /api/v1/logs). */
    ARRAY,
    /**
     * An object holding the records array: CloudTrail's and Azure diagnostic exports' {@code records}
     * (their first field), an API page's {@code items} or {@code data} beside scalar paging fields
     * (1Password's {@code cursor} and {@code has_more}, Bitwarden's {@code object} and
     * {@code continuationToken}), or an object of records keyed by name beside them (LastPass's
     * reporting API: {@code {"status": "OK", "next": ..., "data": {"Event1": {...}, ...}}}); and the
     * {@code Events} of {@code aws cloudtrail lookup-events} output and the {@code value} of a
     * Microsoft Graph API page; and Duo's {@code {"stat": "OK", "response": {"authlogs": [...],
     * "metadata": {...}}}}, one wrapping object inside another; and OneLogin's {@code {"status": {...},
     * "pagination": {...}, "data": [...]}}, paging objects before the records.
     */
    WRAPPED,
    /** Pretty-printed objects one after another. */
    CONCATENATED,
    /** A CSV export with a header row (Purview's audit search, the Azure portal's Log Analytics results): see {@code CsvRows}. */
    CSV;

    /** The names (lower case) of a wrapping object's records array. */
    static final Set<String> WRAPPERS = Set.of("records", "items", "data", "events", "value", "authlogs");
    /** The names (lower case) of objects an API page puts before its records array (OneLogin's {@code status} and {@code pagination}). */
    static final Set<String> PAGING = Set.of("status", "pagination");
    /** The names (lower case) of a wrapping object that holds the wrapping object of the records (Duo's {@code response}). */
    static final Set<String> NESTING = Set.of("response");
}
