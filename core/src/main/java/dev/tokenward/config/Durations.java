package dev.tokenward.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in configuration and on the command line: {@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}, or ISO-8601 {@code PT15M}. */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    /** Longer than any session, lateness or window anyone needs; keeps time arithmetic far from overflow. */
    static final Duration MAX = Duration.ofDays(3650);

    private Durations() {
    }

    public static Duration parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(s);
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                Duration duration = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                return bounded(duration, text);
            } catch (ArithmeticException | NumberFormatException tooLong) {
                throw new IllegalArgumentException("duration too long: \"" + text + "\" (at most " + MAX.toDays() + " days)", tooLong);
            }
        }
        try {
            return bounded(Duration.parse(text.trim().toUpperCase(Locale.ROOT)), text);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("not a duration: \"" + text + "\" (write e.g. 90s, 15m, 2h, 7d or PT15M)", e);
        }
    }

    private static Duration bounded(Duration duration, String text) {
        if (duration.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("duration too long: \"" + text + "\" (at most " + MAX.toDays() + " days)");
        }
        return duration;
    }

    /** Reads durations in either form from configuration files. */
    static final class Deserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            try {
                return parse(parser.getValueAsString());
            } catch (IllegalArgumentException e) {
                return (Duration) context.handleWeirdStringValue(Duration.class, parser.getValueAsString(), e.getMessage());
            }
        }
    }
}
