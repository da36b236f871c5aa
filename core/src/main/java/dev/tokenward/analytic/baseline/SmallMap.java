package dev.tokenward.analytic.baseline;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A map from text to values that costs little: most principals show one or two networks, places
 * and clients, and a hash map per fact and principal took most of a profile's memory. Entries sit
 * in two arrays in the order they were added. Up to {@link #SMALL} entries a look-up searches the
 * keys in order; past that, through an index of positions (open addressing), which is made again
 * when the arrays change otherwise than at their end. A hash map's entry object and table cost 40
 * to 48 bytes an entry; the arrays and index, 12 to 16. At most {@link #MAX} entries: a profile's
 * facet holds a few hundred at most ({@link Facet#capacity()}), and the index's positions are chars.
 *
 * @param <V> the values
 */
final class SmallMap<V> extends AbstractMap<String, V> {
    static final int SMALL = 12;
    static final int MAX = Character.MAX_VALUE - 1;

    private String[] keys = new String[1];
    private Object[] values = new Object[1];
    private int size;
    /**
     * Past {@link #SMALL} entries: each slot an entry's position plus one (0: empty), a power of two
     * at least twice the entries long; null until a look-up needs it after a removal or growth.
     */
    private char[] index;

    @Override
    public int size() {
        return size;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int at = find(key);
        return at < 0 ? null : (V) values[at];
    }

    @Override
    public boolean containsKey(Object key) {
        return find(key) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V put(String key, V value) {
        int at = find(key);
        if (at >= 0) {
            V old = (V) values[at];
            values[at] = value;
            return old;
        }
        if (size == MAX) {
            throw new IllegalStateException("a SmallMap holds at most " + MAX + " entries");
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size < SMALL ? Math.min(SMALL, size * 2) : size + (size >> 1));
            values = Arrays.copyOf(values, keys.length);
        }
        keys[size] = key;
        values[size++] = value;
        if (index != null) {
            if (size * 2 > index.length) {
                index = null;
            } else {
                slot(key, size - 1);
            }
        }
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V remove(Object key) {
        int at = find(key);
        if (at < 0) {
            return null;
        }
        V old = (V) values[at];
        removeAt(at);
        return old;
    }

    /** The position of {@code key}, or -1. */
    private int find(Object key) {
        if (key == null) {
            return -1;
        }
        if (size <= SMALL) {
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }
        if (index == null) {
            index = new char[Integer.highestOneBit(size * 4 - 1)];
            for (int i = 0; i < size; i++) {
                slot(keys[i], i);
            }
        }
        int mask = index.length - 1;
        for (int i = spread(key.hashCode()) & mask; ; i = (i + 1) & mask) {
            int at = index[i] - 1;
            if (at < 0) {
                return -1;
            }
            if (keys[at].equals(key)) {
                return at;
            }
        }
    }

    private void slot(String key, int at) {
        int mask = index.length - 1;
        int i = spread(key.hashCode()) & mask;
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = (char) (at + 1);
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private void removeAt(int i) {
        System.arraycopy(keys, i + 1, keys, i, size - i - 1);
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        keys[size] = null;
        values[size] = null;
        index = null;
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next;
                    private boolean removable;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Entry<String, V> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        removable = true;
                        int at = next++;
                        return new SimpleImmutableEntry<>(keys[at], (V) values[at]);
                    }

                    @Override
                    public void remove() {
                        if (!removable) {
                            throw new IllegalStateException("next() first");
                        }
                        removable = false;
                        removeAt(--next);
                    }
                };
            }
        };
    }

    /** A read-only view, as a map of any kind would give. */
    Map<String, V> view() {
        return java.util.Collections.unmodifiableMap(this);
    }
}
