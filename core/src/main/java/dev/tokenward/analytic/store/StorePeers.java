package dev.tokenward.analytic.store;

import dev.tokenward.analytic.Context;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.PrincipalType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A person's peers for credential-store-scraping: the other people reading the same shared stores
 * (vaults). A person's reads of a shared store's items are keyed by the store too, and under that
 * key the analytic's state keeps the store's last {@value #MAX_READERS} readers; a person's peers
 * are the readers of the stores an event reads, and what they usually read is what their own
 * states' habits say. Only people's reads make peers: a vault's service accounts (a backup
 * reading every item nightly) are no one's peers.
 */
final class StorePeers {
    /** The key prefix of a shared store's state. */
    static final String STORE = "store\u0000";
    /** Readers remembered per store, and stores keyed per event, at most. */
    private static final int MAX_READERS = 64;
    private static final int MAX_STORES_PER_EVENT = 4;
    /** Peers needed for their reading to count. */
    static final int MIN_PEERS = 3;

    /**
     * What a person's peers usually read: the median of their busiest windows ({@code fast}) and
     * hours ({@code paced}); zeros with fewer than {@value #MIN_PEERS} peers.
     */
    record Peers(int count, int fast, int paced) {
        static final Peers NONE = new Peers(0, 0, 0);
    }

    private StorePeers() {
    }

    /** The principal's key, and for a person's reads of shared stores (not an export), the stores' keys. */
    static List<String> keys(Event event, boolean export) {
        List<String> principal = event.keys(EntityKind.PRINCIPAL);
        if (event.kind() != EventKind.CREDENTIAL_STORE_ACCESS || event.principal().type() != PrincipalType.HUMAN || export) {
            return principal;
        }
        List<String> keys = new ArrayList<>(principal);
        stores(event).forEach(store -> keys.add(STORE + store));
        return keys;
    }

    /** Whether a key is a store's. */
    static boolean storeKey(String key) {
        return key.startsWith(STORE);
    }

    /** Under a store's key: the person joins its readers (the least recent makes room). */
    static void read(Event event, ScrapingState state, Context context) {
        if (state.readers == null) {
            state.readers = new LinkedHashSet<>(4);
        }
        String name = event.principal().name();
        state.readers.remove(name);
        state.readers.add(name);
        if (state.readers.size() > MAX_READERS) {
            state.readers.remove(state.readers.iterator().next());
        }
        state.day = Math.floorDiv(context.now().toEpochMilli(), 86_400_000L);
    }

    /** The person's peers: the other readers of the stores the event reads, and their habits' medians. */
    static Peers of(Event event, Context context) {
        if (event.principal().type() != PrincipalType.HUMAN) {
            return Peers.NONE;
        }
        Set<String> seen = new LinkedHashSet<>();
        List<Integer> fast = new ArrayList<>();
        List<Integer> paced = new ArrayList<>();
        for (String store : stores(event)) {
            if (!(context.stateUnder(STORE + store) instanceof ScrapingState shared) || shared.readers == null) {
                continue;
            }
            for (String reader : shared.readers) {
                if (!reader.equals(event.principal().name()) && seen.add(reader)
                        && context.stateUnder(reader) instanceof ScrapingState peer) {
                    fast.add(peer.recent.habit());
                    paced.add(peer.paced.habit());
                }
            }
        }
        return fast.size() < MIN_PEERS ? Peers.NONE : new Peers(fast.size(), median(fast), median(paced));
    }

    /** The distinct stores the event's items live in, the first {@value #MAX_STORES_PER_EVENT}. */
    private static Set<String> stores(Event event) {
        Set<String> stores = new LinkedHashSet<>(2);
        for (String item : event.action().revealed()) {
            if (stores.size() < MAX_STORES_PER_EVENT) {
                stores.add(RevealWindow.store(event, item));
            }
        }
        return stores;
    }

    private static int median(List<Integer> values) {
        List<Integer> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get((sorted.size() - 1) / 2);
    }
}
