package dev.tokenward.analytic.baseline;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The values one facet of a profile holds, each with its first and last seen (to the nanosecond,
 * any year), its count of events and its number of days: a profile keeps tens of facts per
 * principal, and an object per fact (48 bytes, and a reference to it) was most of a profile's
 * memory. Here a fact is its text and three longs in one array (28 bytes); a place's coordinates
 * take two more. A network facet keeps an IPv4 /24 as its 24 bits rather than its text ("81.2.69.0/24":
 * 4 bytes rather than 56): most of a profile's networks are its own (a phone's carrier hands out a
 * new /24 with every hop), so their texts were the largest part of what is left.
 *
 * <p>Facts sit in the order they were first added. Up to {@link #SMALL} of them a look-up searches
 * the texts in order; past that, through an index of positions (open addressing, chars), made again
 * when the arrays change otherwise than at their end. At most {@link #MAX} facts: a profile's facet
 * holds a few hundred at most ({@link Facet#capacity()}).
 *
 * <p>Layout of fact {@code i} at {@code i * stride}: the first and last seen seconds as offsets
 * from the facet's first fact's (first in the high half, last in the low); the two times'
 * nanoseconds (the same, with bit 63 set when the fact has coordinates); count (high half, stopping
 * at {@link Integer#MAX_VALUE}) and days (low half); for places, the latitude's and longitude's
 * bits. A time more than 68 years from the first does not fit an offset (the accepted input range,
 * {@code input.earliest} to {@code input.latest}, is 1970 to 2100 by default, and a user may widen
 * it): from then on the facet keeps every fact's seconds whole, in an array of their own.
 */
final class Facts {
    static final int SMALL = 12;
    static final int MAX = Character.MAX_VALUE - 1;
    private static final long PLACED = 1L << 63;
    private static final long LOW = 0xffff_ffffL;

    private final int stride;
    /** The texts of the facts; null where a network facet keeps an IPv4 /24 as its code. */
    private String[] keys = new String[1];
    /** For network facets, each IPv4 /24's 24 bits where its text is null; null for other facets. */
    private int[] codes;
    private long[] data;
    private int size;
    /** The second the offsets count from. */
    private long base;
    /** Null while every time fits an offset; then each fact's first and last seconds, whole. */
    private long[] wide;
    /**
     * Past {@link #SMALL} facts: each slot a fact's position plus one (0: empty), a power of two at
     * least twice the facts long; null until a look-up needs it after a removal or growth.
     */
    private char[] index;

    /** The facts of a facet: places keep coordinates, networks their IPv4 /24s as codes. */
    Facts(Facet facet) {
        stride = facet == Facet.PLACE ? 5 : 3;
        data = new long[stride];
        codes = facet == Facet.NETWORK || facet == Facet.MFA_NETWORK ? new int[1] : null;
    }

    int size() {
        return size;
    }

    /** Fact {@code at}'s text. */
    String key(int at) {
        String key = keys[at];
        if (key != null) {
            return key;
        }
        int code = codes[at];
        return (code >>> 16) + "." + (code >>> 8 & 255) + "." + (code & 255) + ".0/24";
    }

    /** The position of {@code key}, or -1. */
    int find(String key) {
        if (key == null) {
            return -1;
        }
        int code = codes == null ? -1 : v4Network(key);
        if (size <= SMALL) {
            for (int i = 0; i < size; i++) {
                if (is(i, key, code)) {
                    return i;
                }
            }
            return -1;
        }
        if (index == null) {
            index = new char[Integer.highestOneBit(size * 4 - 1)];
            for (int i = 0; i < size; i++) {
                slot(i);
            }
        }
        int mask = index.length - 1;
        for (int i = hash(key, code) & mask; ; i = (i + 1) & mask) {
            int at = index[i] - 1;
            if (at < 0) {
                return -1;
            }
            if (is(at, key, code)) {
                return at;
            }
        }
    }

    /** Whether fact {@code at} is {@code key}, whose IPv4 /24 code is {@code code} (-1: none). */
    private boolean is(int at, String key, int code) {
        return code >= 0 ? keys[at] == null && codes[at] == code : key.equals(keys[at]);
    }

    /**
     * Adds a fact not held yet, seen once at {@code time}, with coordinates when both are given
     * and the facet keeps them; its position.
     */
    int add(String key, Instant time, Double latitude, Double longitude) {
        if (size == MAX) {
            throw new IllegalStateException("a facet holds at most " + MAX + " facts");
        }
        if (size == keys.length) {
            // a quarter more each time: most facets hold a few facts, and stay as they grew
            keys = Arrays.copyOf(keys, size + Math.max(1, size >> 2));
            data = Arrays.copyOf(data, keys.length * stride);
            wide = wide == null ? null : Arrays.copyOf(wide, keys.length * 2);
        }
        if (size == 0 && wide == null) {
            base = time.getEpochSecond();
        }
        int at = size++;
        int code = codes == null ? -1 : v4Network(key);
        if (codes != null && codes.length < keys.length) {
            codes = Arrays.copyOf(codes, keys.length);
        }
        keys[at] = code >= 0 ? null : dev.tokenward.analytic.Shared.text(key);
        if (codes != null) {
            codes[at] = code;
        }
        int o = at * stride;
        seconds(at, time.getEpochSecond(), time.getEpochSecond());
        data[o + 1] = (long) time.getNano() << 32 | time.getNano();
        data[o + 2] = 1L << 32 | 1;
        if (stride > 3 && latitude != null && longitude != null) {
            data[o + 1] |= PLACED;
            data[o + 3] = Double.doubleToRawLongBits(latitude);
            data[o + 4] = Double.doubleToRawLongBits(longitude);
        }
        if (index != null) {
            if (size * 2 > index.length) {
                index = null;
            } else {
                slot(at);
            }
        }
        return at;
    }

    /** Fact {@code at} seen again at {@code time}: one more event, one more day if on a later day than its last. */
    void again(int at, Instant time) {
        int o = at * stride;
        long second = time.getEpochSecond();
        int nano = time.getNano();
        long lastSecond = lastSecond(at);
        int days = (int) data[o + 2];
        if (Math.floorDiv(second, 86_400) > Math.floorDiv(lastSecond, 86_400)) {
            days++;
        }
        if (second > lastSecond || second == lastSecond && nano > lastNano(at)) {
            seconds(at, firstSecond(at), second);
            data[o + 1] = data[o + 1] & ~LOW | nano;
        }
        int count = (int) (data[o + 2] >>> 32);
        data[o + 2] = (long) (count == Integer.MAX_VALUE ? count : count + 1) << 32 | days & LOW;
    }

    /** Whether fact {@code at} was last seen before {@code time}. */
    boolean lastBefore(int at, Instant time) {
        long last = lastSecond(at);
        return last < time.getEpochSecond() || last == time.getEpochSecond() && lastNano(at) < time.getNano();
    }

    /** When fact {@code at} was last seen. */
    Instant last(int at) {
        return Instant.ofEpochSecond(lastSecond(at), lastNano(at));
    }

    /** Orders facts {@code a} and {@code b} by last seen, the least recent first. */
    int compareLast(int a, int b) {
        int bySecond = Long.compare(lastSecond(a), lastSecond(b));
        return bySecond != 0 ? bySecond : Integer.compare(lastNano(a), lastNano(b));
    }

    /** The position of the least recently seen fact (of two as recent, the smaller text), or -1 when empty. */
    int leastRecent() {
        int oldest = -1;
        for (int i = 0; i < size; i++) {
            int order = oldest < 0 ? -1 : compareLast(i, oldest);
            if (order < 0 || order == 0 && key(i).compareTo(key(oldest)) < 0) {
                oldest = i;
            }
        }
        return oldest;
    }

    /** Drops fact {@code at}; the facts after it move up one place. */
    void removeAt(int at) {
        System.arraycopy(keys, at + 1, keys, at, size - at - 1);
        if (codes != null) {
            System.arraycopy(codes, at + 1, codes, at, size - at - 1);
        }
        System.arraycopy(data, (at + 1) * stride, data, at * stride, (size - at - 1) * stride);
        if (wide != null) {
            System.arraycopy(wide, (at + 1) * 2, wide, at * 2, (size - at - 1) * 2);
        }
        size--;
        keys[size] = null;
        index = null;
    }

    /**
     * Drops the facts last seen before {@code cutoff}, keeping the others in their order; the
     * position of the least recently seen fact kept, or -1 when none is.
     */
    int forgetBefore(Instant cutoff) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (lastBefore(i, cutoff)) {
                continue;
            }
            if (kept != i) {
                keys[kept] = keys[i];
                if (codes != null) {
                    codes[kept] = codes[i];
                }
                System.arraycopy(data, i * stride, data, kept * stride, stride);
                if (wide != null) {
                    System.arraycopy(wide, i * 2, wide, kept * 2, 2);
                }
            }
            kept++;
        }
        if (kept != size) {
            Arrays.fill(keys, kept, size, null);
            size = kept;
            index = null;
        }
        int oldest = -1;
        for (int i = 0; i < size; i++) {
            if (oldest < 0 || compareLast(i, oldest) < 0) {
                oldest = i;
            }
        }
        return oldest;
    }

    /** Fact {@code at} as it stands now. */
    Seen seen(int at) {
        int o = at * stride;
        long nanos = data[o + 1];
        boolean placed = (nanos & PLACED) != 0;
        return new Seen(firstSecond(at), (int) (nanos >>> 32 & 0x3fff_ffff), lastSecond(at), lastNano(at),
                data[o + 2] >>> 32, (int) data[o + 2],
                placed ? Double.longBitsToDouble(data[o + 3]) : null, placed ? Double.longBitsToDouble(data[o + 4]) : null);
    }

    /**
     * The facts as a read-only map from text to {@link Seen}, in the order they were added; it
     * follows the facts as they change. A profile's facts are written as this map.
     */
    @com.fasterxml.jackson.annotation.JsonValue
    Map<String, Seen> view() {
        return new AbstractMap<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Seen get(Object key) {
                int at = key instanceof String text ? find(text) : -1;
                return at < 0 ? null : seen(at);
            }

            @Override
            public boolean containsKey(Object key) {
                return key instanceof String text && find(text) >= 0;
            }

            @Override
            public Set<Entry<String, Seen>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public int size() {
                        return size;
                    }

                    @Override
                    public Iterator<Entry<String, Seen>> iterator() {
                        return new Iterator<>() {
                            private int next;

                            @Override
                            public boolean hasNext() {
                                return next < size;
                            }

                            @Override
                            public Entry<String, Seen> next() {
                                if (next >= size) {
                                    throw new NoSuchElementException();
                                }
                                int at = next++;
                                return new SimpleImmutableEntry<>(key(at), seen(at));
                            }
                        };
                    }
                };
            }
        };
    }

    private long firstSecond(int at) {
        return wide != null ? wide[at * 2] : base + (data[at * stride] >> 32);
    }

    private long lastSecond(int at) {
        return wide != null ? wide[at * 2 + 1] : base + (int) data[at * stride];
    }

    private int lastNano(int at) {
        return (int) (data[at * stride + 1] & 0x3fff_ffff);
    }

    /** Sets fact {@code at}'s first and last seconds, keeping every fact's whole once one does not fit an offset. */
    private void seconds(int at, long first, long last) {
        if (wide == null && (first - base != (int) (first - base) || last - base != (int) (last - base))) {
            long[] whole = new long[keys.length * 2];
            for (int i = 0; i < size; i++) {
                if (i != at) {
                    whole[i * 2] = firstSecond(i);
                    whole[i * 2 + 1] = lastSecond(i);
                }
            }
            wide = whole;
        }
        if (wide != null) {
            wide[at * 2] = first;
            wide[at * 2 + 1] = last;
        } else {
            data[at * stride] = (first - base) << 32 | ((last - base) & LOW);
        }
    }

    private void slot(int at) {
        int mask = index.length - 1;
        int i = keys[at] != null ? hash(keys[at], -1) & mask : hash(null, codes[at]) & mask;
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = (char) (at + 1);
    }

    /** Where a look-up starts: from the IPv4 /24's code when it has one (not -1), from the text otherwise. */
    private static int hash(String key, int code) {
        int hash = code >= 0 ? code * 0x9E37_79B9 : key.hashCode();
        return hash ^ (hash >>> 16);
    }

    /**
     * An IPv4 /24 network as the event model writes it ("81.2.69.0/24": three decimal octets
     * without leading zeros, then ".0/24") as its 24 bits; -1 for any other text, which is kept as
     * text. Only the exact form is coded, so that a code gives back the text it came from.
     */
    static int v4Network(String text) {
        int length = text.length();
        if (length < 10 || length > 16 || !text.endsWith(".0/24")) {
            return -1;
        }
        int value = 0;
        int octet = 0;
        int digits = 0;
        int dots = 0;
        for (int i = 0; i < length - 5; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (digits == 0 || ++dots > 2) {
                    return -1;
                }
                value = value << 8 | octet;
                octet = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && !(digits > 0 && octet == 0)) {
                octet = octet * 10 + (c - '0');
                if (++digits > 3 || octet > 255) {
                    return -1;
                }
            } else {
                return -1;
            }
        }
        return digits == 0 || dots != 2 ? -1 : value << 8 | octet;
    }
}
