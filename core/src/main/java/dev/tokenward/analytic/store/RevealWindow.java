package dev.tokenward.analytic.store;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.KeptText;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sliding window of the distinct items a principal revealed, and its habit: the busiest such
 * window of each earlier day with reads. Part of credential-store-scraping's state; its fields are
 * public so that the state can be measured and saved.
 *
 * <p>An item's name is kept as {@link KeptText} keeps texts (item and vault ids, secret names and
 * application names are far shorter than its cut): a window of {@value #MAX_WINDOW} reads then
 * holds at most about 0.6 MB of names, whatever the records carry.
 */
public final class RevealWindow {
    /** Reads a window holds at most. */
    static final int MAX_WINDOW = 2000;

    public ArrayDeque<Long> times = new ArrayDeque<>(4);
    public ArrayDeque<String> items = new ArrayDeque<>(4);
    public Map<String, Integer> distinct = new LinkedHashMap<>(4);
    /** The window's first read, and the item it read. */
    public Evidence first;
    public String firstItem;
    /** Whether the window's first read came from a network the principal had never used, in any source. */
    public boolean fromNewNetwork;
    /**
     * The network the principal's other sessions used in the hour before the window's first read,
     * when none used that read's network; null otherwise.
     */
    public String elsewhere;
    public int dayPeak;
    public ArrayDeque<Integer> peaks = new ArrayDeque<>(4);

    /** The busiest window of the earlier days kept; 0 without any. */
    int habit() {
        return peaks.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Distinct items in the window. */
    int size() {
        return distinct.size();
    }

    /** The time between the window's first and last reads, in milliseconds. */
    long span() {
        return times.isEmpty() ? 0 : Math.max(0, times.peekLast() - times.peekFirst());
    }

    /** The vault or store an item lives in: a vault item's vault, else the service holding the secret. */
    static String store(Event event, String item) {
        int slash = item.indexOf('/');
        return event.kind() == EventKind.CREDENTIAL_STORE_ACCESS && slash > 0 ? event.action().service() + ":" + item.substring(0, slash)
                : event.action().service();
    }

    /**
     * The UTC day of {@code now}; when it is not {@code day} (and that was a day), the windows' day
     * is closed first, its reads joining their habits unless a burst was raised on it.
     */
    static long today(long now, long day, int habitDays, boolean alerted, RevealWindow... windows) {
        long today = Math.floorDiv(now, 86_400_000L);
        if (today != day && day != Long.MIN_VALUE) {
            for (RevealWindow window : windows) {
                window.closeDay(habitDays, alerted);
            }
        }
        return today;
    }

    /**
     * The day ends: its busiest window joins the habit, which keeps the last {@code habitDays},
     * unless a burst was raised that day (a scrape is never the principal's habit).
     */
    void closeDay(int habitDays, boolean alerted) {
        if (dayPeak > 0 && !alerted) {
            peaks.addLast(dayPeak);
            while (peaks.size() > habitDays) {
                peaks.removeFirst();
            }
        }
        dayPeak = 0;
    }

    /**
     * Adds one item revealed, dropping the oldest read beyond {@value #MAX_WINDOW} so that a flood
     * keeps the state bounded; the event's evidence becomes the window's first when it opens it,
     * with whether its network was new to the principal.
     */
    void add(String item, long now, Event event, java.util.function.Function<Event, Evidence> evidence, boolean newNetwork,
             String elsewhereThatHour) {
        String name = KeptText.of(item);
        times.addLast(now);
        items.addLast(name);
        boolean added = distinct.merge(name, 1, Integer::sum) == 1;
        if (times.size() > MAX_WINDOW) {
            drop();
        }
        if (added && first == null) {
            first = evidence.apply(event);
            firstItem = name;
            fromNewNetwork = newNetwork;
            elsewhere = elsewhereThatHour;
        }
    }

    /** The read is over: the window's size counts towards the day's busiest. */
    void counted() {
        dayPeak = Math.max(dayPeak, distinct.size());
    }

    /** Drops the reads older than the window. */
    void evict(long now, Duration window) {
        long from = now - window.toMillis();
        while (!times.isEmpty() && times.peekFirst() <= from) {
            drop();
        }
        if (distinct.isEmpty()) {
            clearFirst();
        }
    }

    /**
     * Forgets every read of {@code item}: the principal gave it new contents, so its reads were
     * maintenance, not a harvest. When the window's first read was of that item, the next new item
     * read opens the window again (its evidence, network and the hour's other sessions).
     */
    void forget(String item) {
        String name = KeptText.of(item);
        if (distinct.remove(name) == null) {
            return;
        }
        java.util.Iterator<Long> time = times.iterator();
        java.util.Iterator<String> read = items.iterator();
        while (read.hasNext()) {
            time.next();
            if (read.next().equals(name)) {
                time.remove();
                read.remove();
            }
        }
        if (distinct.isEmpty() || name.equals(firstItem)) {
            clearFirst();
        }
    }

    private void clearFirst() {
        first = null;
        firstItem = null;
        fromNewNetwork = false;
        elsewhere = null;
    }

    private void drop() {
        times.removeFirst();
        distinct.computeIfPresent(items.removeFirst(), (item, n) -> n == 1 ? null : n - 1);
    }
}
