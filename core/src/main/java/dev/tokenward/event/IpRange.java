package dev.tokenward.event;

import java.util.Optional;

/** A CIDR block such as {@code 203.0.113.0/24} or {@code 2001:db8::/32}. */
public record IpRange(IpAddress base, int bits) {

    public static Optional<IpRange> parse(String cidr) {
        if (cidr == null) {
            return Optional.empty();
        }
        int slash = cidr.indexOf('/');
        Optional<IpAddress> base = IpAddress.parse(slash < 0 ? cidr : cidr.substring(0, slash));
        if (base.isEmpty()) {
            return Optional.empty();
        }
        int max = base.get().v4() ? 32 : 128;
        int bits;
        String length = slash < 0 ? null : cidr.substring(slash + 1);
        if (length != null && !length.matches("[0-9]{1,3}")) {
            return Optional.empty();
        }
        bits = length == null ? max : Integer.parseInt(length);
        return bits < 0 || bits > max ? Optional.empty() : Optional.of(new IpRange(base.get(), bits));
    }

    public boolean contains(IpAddress address) {
        if (address.v4() != base.v4()) {
            return false;
        }
        int total = base.v4() ? 32 : 128;
        int width = total - bits;
        if (base.v4()) {
            long mask = width >= 32 ? 0 : (0xFFFFFFFFL << width) & 0xFFFFFFFFL;
            return (address.low() & mask) == (base.low() & mask);
        }
        long highMask = width >= 64 ? (width >= 128 ? 0 : -1L << (width - 64)) : -1L;
        long lowMask = width >= 64 ? 0 : (width == 0 ? -1L : -1L << width);
        return (address.high() & highMask) == (base.high() & highMask)
                && (address.low() & lowMask) == (base.low() & lowMask);
    }

    @Override
    public String toString() {
        return base + "/" + bits;
    }
}
