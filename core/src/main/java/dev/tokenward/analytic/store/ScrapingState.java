package dev.tokenward.analytic.store;

import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.Expiring;
import dev.tokenward.event.Event;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * credential-store-scraping's state. Under a principal's key: the windows' reads and habits, the
 * stores ever read, the last alert and a held export. Under a shared store's key ({@link StorePeers}):
 * its readers. Fields are public so that the state can be measured and saved.
 */
public final class ScrapingState extends Expiring {
    public RevealWindow recent = new RevealWindow();
    public RevealWindow paced = new RevealWindow();
    public long day = Long.MIN_VALUE;
    /** A burst was raised today: the day's reads are not habit. */
    public boolean dayAlerted;
    public Set<String> stores = new LinkedHashSet<>(4);
    public Set<String> newStores = new LinkedHashSet<>(4);
    public Instant alerted;
    /** An export made in the person's first days from a network not yet known as theirs, judged later. */
    public HeldSignal held;
    /** Items the principal gave new contents within the longer window, with when (milliseconds), least recent first. */
    public java.util.LinkedHashMap<String, Long> written = new java.util.LinkedHashMap<>(4);
    /** Under a shared store's key: the people who read it lately, least recent first; null under a principal's. */
    public LinkedHashSet<String> readers;

    /**
     * The event's items were given new contents: their reads leave both windows, and reads of them
     * within the longer window (the new password copied to the site) are not counted. Someone
     * rotating passwords reads each item and saves it changed; a harvest only reads.
     */
    void wrote(Event event, long now) {
        for (String item : event.action().written()) {
            String name = dev.tokenward.analytic.KeptText.of(item);
            written.remove(name);
            written.put(name, now);
            if (written.size() > RevealWindow.MAX_WINDOW) {
                written.remove(written.keySet().iterator().next());
            }
            recent.forget(item);
            paced.forget(item);
        }
    }

    /** Drops the writes older than {@code window}. */
    void forgetWrites(long now, java.time.Duration window) {
        if (!written.isEmpty()) {
            long from = now - window.toMillis();
            written.values().removeIf(time -> time <= from);
        }
    }

    /** The event's items join both windows, and their stores the stores read (new ones named); items just written are not counted. */
    void read(Event event, long now, Context context, boolean newNetwork, String elsewhere) {
        for (String item : event.action().revealed()) {
            if (!written.isEmpty() && written.containsKey(dev.tokenward.analytic.KeptText.of(item))) {
                continue;
            }
            recent.add(item, now, event, context::evidence, newNetwork, elsewhere);
            paced.add(item, now, event, context::evidence, newNetwork, elsewhere);
            String store = RevealWindow.store(event, item);
            boolean unseen = !stores.contains(store);
            if (unseen && stores.size() < CredentialStoreScraping.MAX_STORES) {
                stores.add(store);
            }
            if (unseen && !recent.peaks.isEmpty() && newStores.size() < CredentialStoreScraping.MAX_STORES) {
                newStores.add(store);
            }
        }
        recent.counted();
        paced.counted();
    }
}
