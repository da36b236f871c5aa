package dev.tokenward.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON configuration for everything Tokenward writes: ISO-8601 UTC times, no nulls unless
 * a contract keeps them. Besides the control characters JSON requires escaped, it escapes the C1
 * controls and the bidirectional overrides: alerts and quarantine lines are read on terminals, and
 * a log can carry characters that rewrite what a terminal shows.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    static {
        MAPPER.getFactory().setCharacterEscapes(new TerminalSafe());
    }

    /** Escapes, as {@code \\uXXXX}, the characters a terminal acts on that JSON lets through. */
    private static final class TerminalSafe extends com.fasterxml.jackson.core.io.CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        TerminalSafe() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
            boolean unsafe = ch >= 0x80 && ch <= 0x9f || ch == 0x200e || ch == 0x200f || ch >= 0x202a && ch <= 0x202e
                    || ch >= 0x2066 && ch <= 0x2069 || ch >= 0xd800 && ch <= 0xdfff;
            return unsafe ? new com.fasterxml.jackson.core.io.SerializedString(String.format(java.util.Locale.ROOT, "\\u%04x", ch)) : null;
        }
    }

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
