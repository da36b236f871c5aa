package dev.tokenward.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address as a 128-bit value, parsed strictly and without DNS. IPv4-mapped IPv6
 * addresses ({@code ::ffff:192.0.2.1}) are unwrapped to IPv4.
 *
 * <p>"Same network" is judged by prefix: the /24 of an IPv4 address, the /64 of an IPv6 one (the
 * size of one subscriber's LAN, inside which privacy addresses rotate).
 *
 * <p>An address works out its prefix once: enrichment hands every event from one address the same
 * instance, so the analytics' state shares one prefix text per address instead of one per event.
 */
public final class IpAddress {
    private final long high;
    private final long low;
    private final boolean v4;
    private String prefix;

    public IpAddress(long high, long low, boolean v4) {
        this.high = high;
        this.low = low;
        this.v4 = v4;
    }

    public long high() {
        return high;
    }

    public long low() {
        return low;
    }

    public boolean v4() {
        return v4;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpAddress that && high == that.high && low == that.low && v4 == that.v4;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high) * 31 + Long.hashCode(low) + (v4 ? 1 : 0);
    }

    /** Parses {@code text}; empty when it is not a well-formed address (leading zeros are rejected). */
    public static Optional<IpAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (s.indexOf(':') >= 0) {
            return parseV6(s);
        }
        long v4 = parseV4(s);
        return v4 < 0 ? Optional.empty() : Optional.of(new IpAddress(0, v4, true));
    }

    @JsonCreator
    public static IpAddress of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not an IP address: " + text));
    }

    /** The network this address belongs with: its /24 (IPv4) or /64 (IPv6), as text. */
    public String prefix() {
        String known = prefix;
        if (known == null) {
            known = v4 ? v4Text(low & 0xFFFFFF00L) + "/24" : v6Text(high, 0) + "/64";
            prefix = known;
        }
        return known;
    }

    public boolean samePrefix(IpAddress other) {
        if (v4 != other.v4) {
            return false;
        }
        return v4 ? (low >>> 8) == (other.low >>> 8) : high == other.high;
    }

    /** RFC 1918, loopback, link-local, CGNAT (100.64/10), unique-local and other non-routable space. */
    public boolean isPrivate() {
        if (v4) {
            long a = low >>> 24;
            long b = (low >>> 16) & 0xFF;
            return a == 10 || a == 127 || a == 0
                    || (a == 172 && b >= 16 && b <= 31)
                    || (a == 192 && b == 168)
                    || (a == 169 && b == 254)
                    || (a == 100 && b >= 64 && b <= 127)
                    || a >= 224;
        }
        int top = (int) (high >>> 48);
        return (high == 0 && (low == 0 || low == 1))
                || (top & 0xFE00) == 0xFC00
                || (top & 0xFFC0) == 0xFE80
                || (top & 0xFF00) == 0xFF00;
    }

    @JsonValue
    @Override
    public String toString() {
        return v4 ? v4Text(low) : v6Text(high, low);
    }

    private static long parseV4(String s) {
        long value = 0;
        int octets = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            int start = i;
            int octet = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                octet = octet * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return -1;
                }
            }
            int digits = i - start;
            if (digits == 0 || octet > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return -1;
            }
            value = (value << 8) | octet;
            octets++;
            if (i < n) {
                if (s.charAt(i) != '.' || octets == 4) {
                    return -1;
                }
                i++;
                if (i == n) {
                    return -1;
                }
            }
        }
        return octets == 4 ? value : -1;
    }

    private static Optional<IpAddress> parseV6(String s) {
        String body = s;
        long embeddedV4 = -1;
        int lastColon = body.lastIndexOf(':');
        if (body.indexOf('.', lastColon) >= 0) {
            embeddedV4 = parseV4(body.substring(lastColon + 1));
            if (embeddedV4 < 0) {
                return Optional.empty();
            }
            body = body.substring(0, lastColon + 1) + "0:0";
        }
        int gap = body.indexOf("::");
        if (gap >= 0 && body.indexOf("::", gap + 1) >= 0) {
            return Optional.empty();
        }
        int[] head = groups(gap < 0 ? body : body.substring(0, gap));
        int[] tail = gap < 0 ? new int[0] : groups(body.substring(gap + 2));
        if (head == null || tail == null || (gap < 0 ? head.length != 8 : head.length + tail.length > 7)) {
            return Optional.empty();
        }
        int[] full = new int[8];
        System.arraycopy(head, 0, full, 0, head.length);
        System.arraycopy(tail, 0, full, 8 - tail.length, tail.length);
        long high = 0;
        long low = 0;
        for (int g = 0; g < 4; g++) {
            high = (high << 16) | full[g];
            low = (low << 16) | full[g + 4];
        }
        if (embeddedV4 >= 0) {
            low = (low & 0xFFFFFFFF00000000L) | embeddedV4;
        }
        if (high == 0 && (low >>> 32) == 0xFFFFL) {
            return Optional.of(new IpAddress(0, low & 0xFFFFFFFFL, true));
        }
        return Optional.of(new IpAddress(high, low, false));
    }

    /** The 16-bit groups of a colon-separated run, or null when one is malformed. */
    private static int[] groups(String run) {
        if (run.isEmpty()) {
            return new int[0];
        }
        String[] parts = run.split(":", -1);
        if (parts.length > 8) {
            return null;
        }
        int[] values = new int[parts.length];
        for (int p = 0; p < parts.length; p++) {
            String part = parts[p];
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int value = 0;
            for (int c = 0; c < part.length(); c++) {
                char ch = part.charAt(c);
                int digit = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                        : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
                if (digit < 0) {
                    return null;
                }
                value = (value << 4) | digit;
            }
            values[p] = value;
        }
        return values;
    }

    private static String v4Text(long value) {
        return ((value >>> 24) & 0xFF) + "." + ((value >>> 16) & 0xFF) + "." + ((value >>> 8) & 0xFF) + "." + (value & 0xFF);
    }

    /** RFC 5952 text: lower case, longest run of zero groups compressed. */
    private static String v6Text(long high, long low) {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) ((high >>> (48 - 16 * i)) & 0xFFFF);
            g[i + 4] = (int) ((low >>> (48 - 16 * i)) & 0xFFFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(g[i]));
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }
}
