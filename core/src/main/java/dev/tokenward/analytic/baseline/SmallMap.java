package dev.tokenward.analytic.baseline;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A map from text to values that costs little while it is small: most principals show one or two
 * networks, places and clients, and a hash map per fact and principal took most of a profile's
 * memory. Up to {@link #SMALL} entries it is two arrays searched in order; past that, a hash map.
 *
 * @param <V> the values
 */
final class SmallMap<V> extends AbstractMap<String, V> {
    static final int SMALL = 12;

    private String[] keys = new String[1];
    private Object[] values = new Object[1];
    private int size;
    private HashMap<String, V> large;

    @Override
    public int size() {
        return large != null ? large.size() : size;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        if (large != null) {
            return large.get(key);
        }
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                return (V) values[i];
            }
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V put(String key, V value) {
        if (large != null) {
            return large.put(key, value);
        }
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                V old = (V) values[i];
                values[i] = value;
                return old;
            }
        }
        if (size == SMALL) {
            large = new HashMap<>(SMALL * 4);
            for (int i = 0; i < size; i++) {
                large.put(keys[i], (V) values[i]);
            }
            keys = null;
            values = null;
            size = 0;
            return large.put(key, value);
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, Math.min(SMALL, size * 2));
            values = Arrays.copyOf(values, keys.length);
        }
        keys[size] = key;
        values[size++] = value;
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V remove(Object key) {
        if (large != null) {
            return large.remove(key);
        }
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                V old = (V) values[i];
                removeAt(i);
                return old;
            }
        }
        return null;
    }

    private void removeAt(int i) {
        System.arraycopy(keys, i + 1, keys, i, size - i - 1);
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        keys[size] = null;
        values[size] = null;
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        if (large != null) {
            return large.entrySet();
        }
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
