package dev.tokenward.source;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounded, printable excerpts of raw input for the quarantine, with secrets masked: a quarantined
 * record can carry a session token (an AssumeRole response), a password or an OAuth code in a URL,
 * and the quarantine file is read by more people than the logs are.
 */
final class Excerpts {
    static final String REDACTED = "[redacted]";
    /** Masking looks at this much of the input, so that a secret cut by the excerpt's end is still recognised. */
    private static final int LOOKED_AT = 8 << 10;
    private static final String SECRET_NAME = "[A-Za-z0-9_.-]*(?:secret|password|passwd|pwd|token|assertion|samlresponse|"
            + "authorization|cookie|apikey|api_key|privatekey|private_key|signature|credential)[A-Za-z0-9_.-]*";
    /** {@code "sessionToken": "}: the start of a secret string value (the value itself is walked, not matched). */
    private static final Pattern JSON_SECRET = Pattern.compile("\"" + SECRET_NAME + "\"\\s*:\\s*\"", Pattern.CASE_INSENSITIVE);
    /** Name-value pairs as Entra and Azure write them: {@code {"key":"client_secret","value":"}. */
    private static final Pattern PAIR_SECRET = Pattern.compile("\"(?:key|name)\"\\s*:\\s*\"" + SECRET_NAME
            + "\"\\s*,\\s*\"value\"\\s*:\\s*\"", Pattern.CASE_INSENSITIVE);
    /** Secrets in URLs and form bodies: {@code ?access_token=...}, {@code &X-Amz-Signature=...}, {@code code=...}. */
    private static final Pattern QUERY_SECRET = Pattern.compile("([?&;]\\s*(?:" + SECRET_NAME + "|code|sig|key|x-amz-[a-z-]+)=)[^&\\s\"'#<>]*",
            Pattern.CASE_INSENSITIVE);
    /** Settings and environment variables: {@code AWS_SECRET_ACCESS_KEY=...}, {@code password: ...}. */
    private static final Pattern ASSIGNED_SECRET = Pattern.compile("\\b(" + SECRET_NAME + "\\s*[=:]\\s*)(?![\\s\"]|Bearer\\b|Basic\\b|\\[redacted)[^\\s\"'&,;]+",
            Pattern.CASE_INSENSITIVE);
    /** Bearer and Basic credentials, and JSON Web Tokens wherever they appear. */
    private static final Pattern BEARER = Pattern.compile("\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]{8,}", Pattern.CASE_INSENSITIVE);
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");

    private Excerpts() {
    }

    /** The start of {@code bytes}, decoded, with secrets masked and control characters shown as '·', at most {@link Quarantined#EXCERPT_LIMIT} characters. */
    static String printable(byte[] bytes, int length) {
        int n = Math.min(Math.min(length, bytes.length), LOOKED_AT);
        String text = redacted(new String(bytes, 0, n, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder(Math.min(text.length(), Quarantined.EXCERPT_LIMIT));
        text.codePoints().limit(Quarantined.EXCERPT_LIMIT).forEach(c -> {
            if (c == '\uFFFD' || (Character.isISOControl(c) && c != '\t')) {
                out.append('\u00B7');
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** The text with the values of secret-bearing fields, URL parameters and headers replaced by {@value #REDACTED}. */
    static String redacted(String text) {
        String masked = maskStrings(JSON_SECRET, text);
        masked = maskStrings(PAIR_SECRET, masked);
        masked = QUERY_SECRET.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(REDACTED));
        masked = BEARER.matcher(masked).replaceAll("$1 " + Matcher.quoteReplacement(REDACTED));
        masked = ASSIGNED_SECRET.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(REDACTED));
        return JWT.matcher(masked).replaceAll(Matcher.quoteReplacement(REDACTED));
    }

    /**
     * Masks the string value that follows each match (up to its closing quote, or the end of the
     * text when the excerpt cut it), walking it character by character: a regular expression over
     * a long value would recurse once per character.
     */
    private static String maskStrings(Pattern start, String text) {
        Matcher matcher = start.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (from < text.length() && matcher.find(from)) {
            int value = matcher.end();
            int end = value;
            while (end < text.length() && text.charAt(end) != '"') {
                end += text.charAt(end) == '\\' ? 2 : 1;
            }
            end = Math.min(end, text.length());
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, value);
            String original = text.substring(value, end);
            out.append(original.isEmpty() || original.equals("null") ? original : REDACTED);
            copied = end;
            from = Math.max(end, value + 1);
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    static String hex(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(length, 16); i++) {
            out.append(String.format(java.util.Locale.ROOT, "%02x ", bytes[i] & 0xFF));
        }
        return out.toString().trim();
    }
}
