package dev.tokenward.source;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Timestamps as the sources write them: ISO-8601 with 0 to 9 fractional digits, {@code Z} or an
 * offset or nothing (read as UTC), a space instead of the {@code T}, or epoch seconds/milliseconds
 * (up to 13 digits). Impossible dates (February 31st) are refused, not rounded.
 */
public final class Timestamps {
    private static final DateTimeFormatter LENIENT_ISO = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendLiteral(" UTC").optionalEnd()
            .toFormatter(java.util.Locale.ROOT)
            .withResolverStyle(java.time.format.ResolverStyle.STRICT)
            .withChronology(java.time.chrono.IsoChronology.INSTANCE);

    private Timestamps() {
    }

    /**
     * Epoch seconds with a decimal fraction, as Zeek's {@code ts} and Squid's {@code %ts.%03tu} write
     * them ({@code 1794276963.512}), to the nanosecond; null when the text is not that.
     */
    public static Instant epochSeconds(String text) {
        try {
            java.math.BigDecimal seconds = new java.math.BigDecimal(text.trim());
            long whole = seconds.longValue();
            int nanos = seconds.subtract(java.math.BigDecimal.valueOf(whole)).movePointRight(9).intValue();
            return Instant.ofEpochSecond(whole, nanos);
        } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException notEpochSeconds) {
            return null;
        }
    }

    /** The instant, or null when the text is not a timestamp. */
    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Instant fast = parseIsoUtc(text);
        if (fast != null) {
            return fast;
        }
        String s = text.trim();
        if (s.isEmpty()) {
            return null;
        }
        if (s.length() <= 13 && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long value = Long.parseLong(s);
            return value > 100_000_000_000L ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
        }
        try {
            var parsed = LENIENT_ISO.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof OffsetDateTime withOffset) {
                return withOffset.toInstant();
            }
            return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | NumberFormatException notATimestamp) {
            return null;
        }
    }

    /**
     * The shape nearly every record has, {@code 2026-11-17T16:12:45[.fraction]Z} (or a space for
     * the T), read without the general formatter; null for anything else.
     */
    private static Instant parseIsoUtc(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || (s.charAt(10) != 'T' && s.charAt(10) != ' ') || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
                || day > java.time.YearMonth.of(year, month).lengthOfMonth() || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            int value = digits(s, 20, fraction);
            if (value < 0) {
                return null;
            }
            nanos = value;
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second, nanos);
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
