package dev.tokenward.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one input may cost before it is judged hostile, from the configuration's {@code input}
 * section. Each cap bounds the memory or time a single file, record or field can take; what goes
 * over is quarantined (or, for strings, shortened with a marker), never allowed to stop the run.
 *
 * <pre>
 * input:
 *   earliest: 1970-01-01T00:00:00Z  # records dated before this are quarantined
 *   latest: 2100-01-01T00:00:00Z    # ... and after this
 *   maxInflatedBytes: 4294967296    # a compressed file may inflate to 4 GiB
 *   maxInflateRatio: 200            # ... and to 200 times its compressed size (checked past 8 MiB)
 *   maxRecordBytes: 8388608         # a line, or one record of a document, is at most 8 MiB
 *   maxUserAgentChars: 1024         # longer user agents are cut, with a marker
 *   maxStringChars: 4096            # longer values of the fields Tokenward reads are cut, with a marker
 *   maxDepth: 64                    # records nested deeper are quarantined
 *   lastPassZone: America/New_York  # the zone LastPass's reporting API writes its times in
 * </pre>
 *
 * @param earliest          the earliest event time accepted
 * @param latest            the latest event time accepted
 * @param maxInflatedBytes  decompressed bytes one file may produce
 * @param maxInflateRatio   decompressed bytes per compressed byte, past {@link #RATIO_CHECKED_AFTER}
 * @param maxRecordBytes    bytes of one line or record
 * @param maxUserAgentChars characters of a user agent kept
 * @param maxStringChars    characters of any other value kept
 * @param maxDepth          nesting of objects and arrays within a record
 * @param lastPassZone      the zone of LastPass's {@code Time}, which carries no offset: the
 *                          account's reporting zone (US Eastern unless the account changed it)
 */
public record InputLimits(Instant earliest, Instant latest, Long maxInflatedBytes, Integer maxInflateRatio,
                          Integer maxRecordBytes, Integer maxUserAgentChars, Integer maxStringChars, Integer maxDepth,
                          ZoneId lastPassZone) {
    public static final InputLimits DEFAULTS = new InputLimits(null, null, null, null, null, null, null, null, null);
    /** Small files inflate unevenly (a header, a few repeated records): the ratio is judged past this much output. */
    public static final long RATIO_CHECKED_AFTER = 8L << 20;

    private static final Map<InputLimits, JsonFactory> FACTORIES = new ConcurrentHashMap<>();

    public InputLimits {
        earliest = earliest == null ? Instant.parse("1970-01-01T00:00:00Z") : earliest;
        latest = latest == null ? Instant.parse("2100-01-01T00:00:00Z") : latest;
        maxInflatedBytes = maxInflatedBytes == null ? 4L << 30 : maxInflatedBytes;
        maxInflateRatio = maxInflateRatio == null ? 200 : maxInflateRatio;
        maxRecordBytes = maxRecordBytes == null ? 8 << 20 : maxRecordBytes;
        maxUserAgentChars = maxUserAgentChars == null ? 1024 : maxUserAgentChars;
        maxStringChars = maxStringChars == null ? 4096 : maxStringChars;
        maxDepth = maxDepth == null ? 64 : maxDepth;
        lastPassZone = lastPassZone == null ? ZoneId.of("America/New_York") : lastPassZone;
        dev.tokenward.event.Checks.require(earliest.isBefore(latest), "earliest (%s) must be before latest (%s)", earliest, latest);
        dev.tokenward.event.Checks.require(maxInflatedBytes > 0 && maxInflateRatio > 0, "maxInflatedBytes and maxInflateRatio must be positive");
        dev.tokenward.event.Checks.require(maxRecordBytes >= 1024 && maxRecordBytes <= 1 << 30,
                "maxRecordBytes must be between 1 KiB and 1 GiB, not %s", maxRecordBytes);
        dev.tokenward.event.Checks.require(maxUserAgentChars >= 64 && maxStringChars >= 64,
                "maxUserAgentChars and maxStringChars must be at least 64");
        dev.tokenward.event.Checks.require(maxDepth >= 4 && maxDepth <= 1000, "maxDepth must be between 4 and 1000, not %s", maxDepth);
    }

    public InputLimits(Instant earliest, Instant latest, Long maxInflatedBytes, Integer maxInflateRatio,
                       Integer maxRecordBytes, Integer maxUserAgentChars, Integer maxStringChars, Integer maxDepth) {
        this(earliest, latest, maxInflatedBytes, maxInflateRatio, maxRecordBytes, maxUserAgentChars, maxStringChars, maxDepth, null);
    }

    /** Whether an event time is within the accepted range. */
    public boolean accepts(Instant time) {
        return !time.isBefore(earliest) && time.isBefore(latest);
    }

    /** The range, as the quarantine says it. */
    String range() {
        return earliest + " to " + latest + " (input.earliest, input.latest)";
    }

    /** A JSON parser factory whose parsers refuse records beyond these limits; one per set of limits. */
    JsonFactory json() {
        return FACTORIES.computeIfAbsent(this, limits -> JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(limits.maxRecordBytes())
                        .maxNestingDepth(limits.maxDepth())
                        .build())
                .build());
    }

    /** {@code text} cut to {@code max} characters with a marker saying how much was cut; as it is when short enough. */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "…[cut: " + (text.length() - end) + " more characters]";
    }
}
