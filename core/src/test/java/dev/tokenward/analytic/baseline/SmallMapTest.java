package dev.tokenward.analytic.baseline;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmallMapTest {
    /**
     * Puts, replacements, removals and removals while iterating, from a few entries to a profile
     * facet's largest (256 API operations), against a linked hash map: the same entries in the same
     * order (the order they were first added) after every step, whether the map searches its keys in
     * order or through its index.
     */
    @Test
    void keepsWhatALinkedHashMapKeepsInTheSameOrder() {
        Random random = new Random(20261205);
        for (int round = 0; round < 40; round++) {
            int keys = 4 + random.nextInt(300);
            SmallMap<Integer> map = new SmallMap<>();
            Map<String, Integer> expected = new LinkedHashMap<>();
            for (int step = 0; step < 2_000; step++) {
                String key = "ec2:DescribeInstances" + random.nextInt(keys);
                int what = random.nextInt(10);
                if (what < 6) {
                    assertThat(map.put(key, step)).isEqualTo(expected.put(key, step));
                } else if (what < 9) {
                    assertThat(map.remove(key)).isEqualTo(expected.remove(key));
                } else {
                    int cutoff = random.nextInt(Math.max(1, step));
                    map.values().removeIf(v -> v < cutoff);
                    expected.values().removeIf(v -> v < cutoff);
                }
                assertThat(map.get(key)).isEqualTo(expected.get(key));
                assertThat(map.containsKey("absent")).isFalse();
                if (step % 50 == 0) {
                    assertThat(new ArrayList<>(map.entrySet())).containsExactlyElementsOf(expected.entrySet());
                    for (String k : expected.keySet()) {
                        assertThat(map.get(k)).as(k).isEqualTo(expected.get(k));
                    }
                }
            }
            assertThat(map).hasSize(expected.size());
        }
    }

    @Test
    void findsEveryKeyPastTheSmallSizeAndAfterRemovingThroughTheIterator() {
        SmallMap<Integer> map = new SmallMap<>();
        List<String> hours = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            hours.add(String.format(java.util.Locale.ROOT, "%02d", h));
            map.put(hours.get(h), h);
        }
        assertThat(map).hasSize(24);
        assertThat(hours).allSatisfy(h -> assertThat(map.get(h)).isEqualTo(Integer.parseInt(h)));
        for (Iterator<Integer> it = map.values().iterator(); it.hasNext(); ) {
            if (it.next() % 2 == 0) {
                it.remove();
            }
        }
        assertThat(map.keySet()).containsExactly("01", "03", "05", "07", "09", "11", "13", "15", "17", "19", "21", "23");
        assertThat(map.get("02")).isNull();
        assertThat(map.get("23")).isEqualTo(23);
        map.put("02", 2);
        assertThat(map.keySet()).endsWith("23", "02");
        assertThat(map.get(null)).isNull();
    }

    /** Positions past a short's range are found through the index, and the entry past the most is refused, not lost. */
    @Test
    void findsEveryKeyUpToItsMostEntriesAndRefusesOneMore() {
        SmallMap<Integer> map = new SmallMap<>();
        for (int i = 0; i < SmallMap.MAX; i++) {
            map.put("10." + (i >> 8) + "." + (i & 255) + ".0/24", i);
        }
        assertThat(map).hasSize(SmallMap.MAX);
        assertThat(map.get("10.0.0.0/24")).isZero();
        assertThat(map.get("10.127.255.0/24")).isEqualTo(32_767);
        assertThat(map.get("10.128.0.0/24")).isEqualTo(32_768);
        assertThat(map.get("10.255.253.0/24")).isEqualTo(SmallMap.MAX - 1);
        assertThat(map.get("10.255.254.0/24")).isNull();
        assertThatThrownBy(() -> map.put("10.255.254.0/24", SmallMap.MAX)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at most " + SmallMap.MAX);
        assertThat(map.put("10.0.0.0/24", -1)).isZero();
        assertThat(map).hasSize(SmallMap.MAX);
    }
}
