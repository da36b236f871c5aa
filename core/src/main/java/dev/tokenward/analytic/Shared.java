package dev.tokenward.analytic;

/**
 * One copy of a text that state keeps many times: the user agent, address, place and network that
 * a principal's events repeat, the values profiles count, the ids lineages point at. Parsing makes
 * a new string for every record, so without this each piece of evidence and each fact held its
 * own. The copy is the JVM's string table's ({@link String#intern()}), which forgets a text once
 * no state holds it, so a flood of values never seen again does not stay in memory.
 *
 * <p>Only for values that repeat: a text unique to one event (its summary, its record id) gains
 * nothing here and costs a table entry.
 */
public final class Shared {
    private Shared() {
    }

    /** Recent boxed numbers, one slot per hash: what {@link #number} hands out again. */
    private static final int NUMBERS = 4096;
    private static final Double[] DOUBLES = new Double[NUMBERS];
    private static final Long[] LONGS = new Long[NUMBERS];

    /** The shared copy of {@code text}, or null. */
    public static String text(String text) {
        return text == null ? null : text.intern();
    }

    /**
     * A copy of a coordinate that the events before it brought, where one is at hand, or null:
     * sources give the same few places' coordinates with every record, each parsed anew, and kept
     * evidence held its own boxed pair. A small table of recent values, one per slot, so it stays
     * bounded whatever the input; threads that race on a slot only miss a copy.
     */
    public static Double number(Double value) {
        return held(DOUBLES, value);
    }

    /** The same for an autonomous system's number, boxed anew for every event. */
    public static Long number(Long value) {
        return held(LONGS, value);
    }

    /** The copy of {@code value} in its slot of {@code table} when it is the one held there; else {@code value}, now held. */
    private static <T> T held(T[] table, T value) {
        if (value == null) {
            return null;
        }
        int slot = spread(value.hashCode());
        T held = table[slot];
        if (value.equals(held)) {
            return held;
        }
        table[slot] = value;
        return value;
    }

    private static int spread(int hash) {
        return (hash ^ hash >>> 16) & (NUMBERS - 1);
    }
}
