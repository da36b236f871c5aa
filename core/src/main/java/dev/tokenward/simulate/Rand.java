package dev.tokenward.simulate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulator's only source of chance. Every stream is derived from the run's seed and a name
 * ({@code Rand.of(seed, "person", 17, "day", 3)}), so a principal's day comes out the same whatever
 * else the run generates, and identifiers look like the ones the real products mint.
 */
final class Rand {
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** 100-nanosecond intervals between the Gregorian epoch of version-1 UUIDs and the Unix epoch. */
    private static final long UUID_EPOCH_OFFSET = 0x01b21dd213814000L;

    private final SplittableRandom random;

    private Rand(long seed) {
        this.random = new SplittableRandom(seed);
    }

    static Rand of(long seed, Object... names) {
        long h = mix(seed);
        for (Object name : names) {
            h = mix(h ^ (name instanceof Number n ? n.longValue() : name.toString().hashCode() * 0x9E3779B97F4A7C15L));
        }
        return new Rand(h);
    }

    /** SplitMix64's finalizer: a well-spread 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    int below(int bound) {
        return random.nextInt(bound);
    }

    int between(int min, int maxInclusive) {
        return min + random.nextInt(maxInclusive - min + 1);
    }

    long nextLong() {
        return random.nextLong();
    }

    double unit() {
        return random.nextDouble();
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    double gaussian(double mean, double deviation) {
        double u = Math.max(random.nextDouble(), 1e-12);
        double v = random.nextDouble();
        return mean + deviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    @SafeVarargs
    final <T> T pick(T... items) {
        return items[random.nextInt(items.length)];
    }

    Duration seconds(int min, int maxInclusive) {
        return Duration.ofSeconds(between(min, maxInclusive));
    }

    /** A random instant in [from, from + span), to the millisecond. */
    Instant within(Instant from, Duration span) {
        return from.plusMillis((long) (random.nextDouble() * span.toMillis()));
    }

    String base62(int length) {
        return chars(BASE62, length);
    }

    String base64url(int length) {
        return chars(BASE64URL, length);
    }

    String hex(int length) {
        return chars(HEX, length);
    }

    String upperAlphanumeric(int length) {
        return chars(BASE62, 36, length);
    }

    /** An AWS access key id: AKIA (long-term) or ASIA (temporary) and 16 base-32 characters. */
    String accessKeyId(String prefix) {
        return prefix + chars(BASE32, 16);
    }

    /** An AWS unique id (AIDA user, AROA role) as IAM mints them: prefix and 17 base-32 characters. */
    String awsUniqueId(String prefix) {
        return prefix + chars(BASE32, 17);
    }

    /** A random (version 4) UUID. */
    String uuid() {
        String h = hex(32);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-4" + h.substring(13, 16) + "-"
                + "89ab".charAt(random.nextInt(4)) + h.substring(17, 20) + "-" + h.substring(20);
    }

    /** A time-based (version 1) UUID for the given instant, as Okta's System Log uuids are. */
    String timeUuid(Instant time) {
        long ticks = time.getEpochSecond() * 10_000_000L + time.getNano() / 100 + UUID_EPOCH_OFFSET;
        String node = hex(16);
        return String.format(java.util.Locale.ROOT, "%08x-%04x-1%03x-%s-%s", ticks & 0xffffffffL, (ticks >>> 32) & 0xffff,
                (ticks >>> 48) & 0x0fff, "9" + node.substring(0, 3), node.substring(4));
    }

    /** An STS session token: a long opaque base64 string, as CloudTrail logs it on issuance. */
    String sessionToken() {
        return "IQoJb3JpZ2luX2VjE" + chars(BASE64URL, 340).replace('-', '+').replace('_', '/');
    }

    private String chars(char[] alphabet, int length) {
        return chars(alphabet, alphabet.length, length);
    }

    private String chars(char[] alphabet, int limit, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(limit)];
        }
        return new String(out);
    }
}
