package dev.tokenward.source;

import java.nio.charset.StandardCharsets;

/** Bounded, printable excerpts of raw input for the quarantine. */
final class Excerpts {
    private Excerpts() {
    }

    static String printable(byte[] bytes, int length) {
        int n = Math.min(Math.min(length, bytes.length), Quarantined.EXCERPT_LIMIT);
        String text = new String(bytes, 0, n, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\uFFFD' || (Character.isISOControl(c) && c != '\t')) {
                out.append('\u00B7');
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    static String hex(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(length, 16); i++) {
            out.append(String.format(java.util.Locale.ROOT, "%02x ", bytes[i] & 0xFF));
        }
        return out.toString().trim();
    }
}
