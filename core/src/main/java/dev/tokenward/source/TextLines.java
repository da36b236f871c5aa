package dev.tokenward.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logs written as text lines in a fixed layout, read as records of named fields so that their
 * mapper reads them as it reads JSON. A file is one of them when its first line is; a later line
 * that is not is quarantined with the layout it was expected to have. The field names are those of
 * the product's own documentation of the layout; {@code layout} names the layout.
 */
enum TextLines {
    /**
     * Squid's native access log ({@code logformat squid}: {@code %ts.%03tu %6tr %>a %Ss/%03>Hs %<st
     * %rm %ru %[un %Sh/%<a %mt}), which has no user agent.
     */
    SQUID_NATIVE("squid native access log",
            "(\\d{9,11}\\.\\d{3})\\s+(\\d+)\\s+(\\S+)\\s+([A-Z_]+)/(\\d{3})\\s+(\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+([A-Z_]+)/(\\S+)\\s+(\\S+)",
            List.of("time", "elapsed", "remotehost", "result", "status", "bytes", "method", "url", "user", "hierarchy", "peerhost",
                    "type")),
    /**
     * Squid's {@code logformat combined} ({@code %>a %[ui %[un [%tl] "%rm %ru HTTP/%rv" %>Hs %<st
     * "%{Referer}>h" "%{User-Agent}>h" %Ss:%Sh}): the common web server layout with Squid's result
     * and hierarchy codes at the end, which tell it from a web server's own log.
     */
    SQUID_COMBINED("squid combined access log",
            "(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] \"(\\S+) (\\S+) ([^\"]*)\" (\\d{3}) (\\d+|-) \"((?:[^\"\\\\]|\\\\.)*)\" "
                    + "\"((?:[^\"\\\\]|\\\\.)*)\" ([A-Z_]+):([A-Z_]+)",
            List.of("remotehost", "ident", "user", "time_local", "method", "url", "protocol", "status", "bytes", "referer", "user_agent",
                    "result", "hierarchy"));

    /** The field every record read from text lines has, naming its layout: how its mapper knows it. */
    public static final String LAYOUT = "layout";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String title;
    private final Pattern pattern;
    private final List<String> names;

    TextLines(String title, String regex, List<String> names) {
        this.title = title;
        this.pattern = Pattern.compile(regex);
        this.names = names;
    }

    /** The layout of a file whose first line is {@code line}. */
    static Optional<TextLines> of(String line) {
        for (TextLines layout : values()) {
            if (layout.pattern.matcher(line.strip()).matches()) {
                return Optional.of(layout);
            }
        }
        return Optional.empty();
    }

    /** One line as a JSON record of named fields ({@code -}, Squid's "none", left out). */
    byte[] record(byte[] bytes, int length) throws BadRecordException {
        String line = new String(bytes, 0, length, StandardCharsets.UTF_8).strip();
        Matcher m = pattern.matcher(line);
        if (!m.matches()) {
            throw new BadRecordException("not a line of the " + title + " the file began with");
        }
        ObjectNode record = JSON.createObjectNode();
        record.put(LAYOUT, name().toLowerCase(java.util.Locale.ROOT));
        for (int i = 0; i < names.size(); i++) {
            String value = m.group(i + 1);
            if (!value.equals("-")) {
                record.put(names.get(i), value);
            }
        }
        try {
            return JSON.writeValueAsBytes(record);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    String title() {
        return title;
    }
}
