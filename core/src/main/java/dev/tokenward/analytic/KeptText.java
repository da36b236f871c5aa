package dev.tokenward.analytic;

import org.apache.commons.codec.digest.MurmurHash3;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A text as state keeps it when state keeps many of them per entity (a profile's facts, a window's
 * items): itself up to {@value #CHARS} characters, which real names, ids and operations never
 * reach; past that its first {@value #CHARS} and a marker with how much was cut and a 64-bit
 * fingerprint of the whole, so that two texts that differ past the cut stay two. A record may fill
 * every text to the input limit (4,096 characters); this keeps what an entity holds bounded by
 * counts alone.
 */
public final class KeptText {
    /** Characters kept whole. */
    public static final int CHARS = 256;

    private KeptText() {
    }

    /** The text as kept: itself when short enough (null stays null). */
    public static String of(String text) {
        if (text == null || text.length() <= CHARS) {
            return text;
        }
        return text.substring(0, CHARS) + String.format(Locale.ROOT, "…[%d more characters, #%016x]", text.length() - CHARS,
                fingerprint(text));
    }

    /** A 64-bit fingerprint of the whole text (MurmurHash3 of its UTF-8): what state keeps of a text it only counts. */
    public static long fingerprint(String text) {
        return MurmurHash3.hash128x64(text.getBytes(StandardCharsets.UTF_8))[0];
    }
}
