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

    /** The shared copy of {@code text}, or null. */
    public static String text(String text) {
        return text == null ? null : text.intern();
    }
}
