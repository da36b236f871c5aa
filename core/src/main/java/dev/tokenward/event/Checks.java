package dev.tokenward.event;

/** One-line preconditions. */
public final class Checks {
    private Checks() {
    }

    public static void require(boolean condition, String message, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(args.length == 0 ? message : String.format(java.util.Locale.ROOT, message, args));
        }
    }
}
