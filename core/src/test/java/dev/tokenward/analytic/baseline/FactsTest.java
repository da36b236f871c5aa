package dev.tokenward.analytic.baseline;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FactsTest {
    /** A fact as a map of objects would keep it: what {@link Facts} must agree with. */
    private static final class Model {
        Instant first;
        Instant last;
        long count = 1;
        int days = 1;
        final Double latitude;
        final Double longitude;

        Model(Instant at, Double latitude, Double longitude) {
            first = at;
            last = at;
            this.latitude = latitude;
            this.longitude = longitude;
        }

        void again(Instant at) {
            if (Math.floorDiv(at.getEpochSecond(), 86_400) > Math.floorDiv(last.getEpochSecond(), 86_400)) {
                days++;
            }
            if (at.isAfter(last)) {
                last = at;
            }
            count++;
        }

        String describe() {
            return first + " " + last + " " + count + " " + days + " " + latitude + " " + longitude;
        }
    }

    private static String describe(Seen seen) {
        return seen == null ? null
                : seen.first() + " " + seen.last() + " " + seen.count + " " + seen.days + " " + seen.latitude() + " " + seen.longitude();
    }

    /**
     * Facts added, seen again (in and out of time order, to the nanosecond, across days), removed
     * and forgotten, from a few to a profile facet's largest (256 API operations), against a linked
     * hash map of objects: the same facts with the same times, counts and days in the same order
     * (the order they were first added) after every step, whether the facts are searched in order
     * or through the index, whether their seconds are offsets or, after a record dated centuries
     * away, whole, whether a network facet keeps a value as a code or as text, and whether a fact
     * is a place with its coordinates; and the least recent fact, which makes room in a full facet,
     * is the one the map's would be.
     */
    @Test
    void keepsWhatAMapOfObjectsKeepsInTheSameOrder() {
        Random random = new Random(20261206);
        Instant start = Instant.parse("2026-11-02T00:00:00Z");
        for (int round = 0; round < 40; round++) {
            int keys = 4 + random.nextInt(300);
            Facet facet = new Facet[] {Facet.API, Facet.NETWORK, Facet.PLACE}[round % 3];
            Facts facts = new Facts(facet);
            Map<String, Model> expected = new LinkedHashMap<>();
            for (int step = 0; step < 2_000; step++) {
                int n = random.nextInt(keys);
                String key = facet == Facet.NETWORK ? network(n) : facet == Facet.PLACE ? "Leeds " + n + ", United Kingdom"
                        : "ec2:DescribeInstances" + n;
                // a place is placed where it is first seen; one in seven has no coordinates
                Double latitude = facet == Facet.PLACE && n % 7 != 0 ? 53.0 + n / 1000.0 : null;
                Double longitude = facet == Facet.PLACE && n % 7 != 0 ? -1.5 - n / 1000.0 : null;
                Instant at = start.plusSeconds(step * 600L - random.nextInt(3_600)).plusNanos(random.nextInt(3) * 333_333_333L);
                if (random.nextInt(1_000) == 0) {
                    // a record dated far from the others: the facet's seconds no longer fit offsets
                    at = random.nextBoolean() ? Instant.parse("9999-12-31T23:59:59Z") : Instant.parse("0001-01-01T00:00:00Z");
                }
                int what = random.nextInt(10);
                if (what < 7) {
                    int position = facts.find(key);
                    if (position >= 0) {
                        facts.again(position, at);
                        expected.get(key).again(at);
                    } else {
                        assertThat(facts.add(key, at, latitude, longitude)).isEqualTo(facts.size() - 1);
                        expected.put(key, new Model(at, latitude, longitude));
                    }
                } else if (what < 9) {
                    int position = facts.find(key);
                    assertThat(position >= 0).isEqualTo(expected.containsKey(key));
                    if (position >= 0) {
                        facts.removeAt(position);
                        expected.remove(key);
                    }
                } else {
                    Instant cutoff = start.plusSeconds(random.nextInt(Math.max(1, step)) * 600L);
                    int oldest = facts.forgetBefore(cutoff);
                    expected.values().removeIf(fact -> fact.last.isBefore(cutoff));
                    Instant least = expected.values().stream().map(fact -> fact.last).min(Instant::compareTo).orElse(null);
                    assertThat(oldest < 0 ? null : facts.last(oldest)).isEqualTo(least);
                }
                Model model = expected.get(key);
                assertThat(describe(facts.view().get(key))).isEqualTo(model == null ? null : model.describe());
                assertThat(facts.find("absent")).isEqualTo(-1);
                String leastRecent = expected.entrySet().stream()
                        .min(Map.Entry.<String, Model>comparingByValue((a, b) -> a.last.compareTo(b.last)).thenComparing(Map.Entry.comparingByKey()))
                        .map(Map.Entry::getKey).orElse(null);
                assertThat(facts.leastRecent() < 0 ? null : facts.key(facts.leastRecent())).isEqualTo(leastRecent);
                if (step % 50 == 0) {
                    List<String> kept = new ArrayList<>();
                    facts.view().forEach((k, seen) -> kept.add(k + " " + describe(seen)));
                    List<String> wanted = new ArrayList<>();
                    expected.forEach((k, fact) -> wanted.add(k + " " + fact.describe()));
                    assertThat(kept).containsExactlyElementsOf(wanted);
                }
            }
            assertThat(facts.size()).isEqualTo(expected.size());
        }
    }

    /** Networks as profiles see them: mostly IPv4 /24s, some IPv6 /64s, and texts that only look like a /24. */
    private static String network(int n) {
        return switch (n % 8) {
            case 0 -> "2a02:c7c:" + Integer.toHexString(n) + "::/64";
            case 1 -> "81.2.0" + n % 10 + ".0/24";
            case 2 -> (n & 255) + "." + n % 7 + ".69.0/24 ";
            default -> n % 256 + "." + (n * 7) % 256 + "." + n / 256 + ".0/24";
        };
    }

    @Test
    void aNetworkFacetCodesExactlyTheIpv4NetworksThatGiveBackTheirText() {
        assertThat(Facts.v4Network("81.2.69.0/24")).isEqualTo(81 << 16 | 2 << 8 | 69);
        assertThat(Facts.v4Network("0.0.0.0/24")).isZero();
        assertThat(Facts.v4Network("255.255.255.0/24")).isEqualTo(0xFF_FFFF);
        for (String notCoded : new String[] {"81.2.069.0/24", "81.2.69.1/24", "81.2.69.0/25", "256.2.69.0/24", "81.2.0/24",
                "81.2.69.7.0/24", "81..69.0/24", ".2.69.0/24", "81.2.69.0/24 ", "8a.2.69.0/24", "2a02:c7c:1::/64", "",
                "1234.2.69.0/24", "00.2.69.0/24"}) {
            assertThat(Facts.v4Network(notCoded)).as(notCoded).isEqualTo(-1);
        }
        Facts networks = new Facts(Facet.NETWORK);
        Instant at = Instant.parse("2026-11-02T13:00:00Z");
        for (String network : new String[] {"81.2.69.0/24", "81.2.069.0/24", "2a02:c7c:4c1a:9e00::/64", "0.0.0.0/24"}) {
            networks.add(network, at, null, null);
        }
        assertThat(networks.view().keySet()).containsExactly("81.2.69.0/24", "81.2.069.0/24", "2a02:c7c:4c1a:9e00::/64", "0.0.0.0/24");
        assertThat(networks.find("81.2.069.0/24")).isEqualTo(1);
        assertThat(networks.find("0.0.0.0/24")).isEqualTo(3);
        assertThat(networks.find("81.2.69.0/25")).isEqualTo(-1);
    }

    @Test
    void theLeastRecentIsTheEarliestLastSeenAndOfTwoAsRecentTheSmallerText() {
        Facts facts = new Facts(Facet.NETWORK);
        Instant noon = Instant.parse("2026-11-02T12:00:00Z");
        facts.add("73.212.86.0/24", noon.plusNanos(1), null, null);
        facts.add("81.2.69.0/24", noon, null, null);
        facts.add("203.0.113.0/24", noon, null, null);
        assertThat(facts.key(facts.leastRecent())).isEqualTo("203.0.113.0/24");
        facts.again(facts.find("203.0.113.0/24"), noon.plusSeconds(60));
        assertThat(facts.key(facts.leastRecent())).isEqualTo("81.2.69.0/24");
        facts.again(facts.find("81.2.69.0/24"), noon.minusSeconds(60));
        assertThat(facts.key(facts.leastRecent())).as("a late event does not make a fact more recent").isEqualTo("81.2.69.0/24");
        assertThat(new Facts(Facet.API).leastRecent()).isEqualTo(-1);
    }

    @Test
    void aPlaceKeepsTheCoordinatesItWasFirstSeenAtAndOtherFactsHaveNone() {
        Facts places = new Facts(Facet.PLACE);
        Instant at = Instant.parse("2026-11-02T13:00:00.5Z");
        places.add("Baltimore, United States", at, 39.2847, -76.5771);
        places.add("United States", at, null, -95.7);
        places.again(0, at.plusSeconds(86_400));
        Seen baltimore = places.view().get("Baltimore, United States");
        assertThat(baltimore.latitude()).isEqualTo(39.2847);
        assertThat(baltimore.longitude()).isEqualTo(-76.5771);
        assertThat(baltimore.first()).isEqualTo(at);
        assertThat(baltimore.last()).isEqualTo(at.plusSeconds(86_400));
        assertThat(baltimore.days).isEqualTo(2);
        assertThat(places.view().get("United States").latitude()).as("half a position is none").isNull();

        Facts networks = new Facts(Facet.API);
        networks.add("73.212.86.0/24", at, 39.2847, -76.5771);
        assertThat(networks.view().get("73.212.86.0/24").latitude()).isNull();
    }

    @Test
    void keepsTimesOfAnyYearToTheNanosecond() {
        Facts facts = new Facts(Facet.API);
        Instant ancient = Instant.parse("0001-01-01T00:00:00.999999999Z");
        Instant far = Instant.parse("9999-12-31T23:59:59.999999999Z");
        facts.add("00", ancient, null, null);
        facts.again(0, far);
        facts.again(0, ancient.plusNanos(1));
        Seen seen = facts.view().get("00");
        assertThat(seen.first()).isEqualTo(ancient);
        assertThat(seen.last()).isEqualTo(far);
        assertThat(seen.count).isEqualTo(3);
        assertThat(seen.days).isEqualTo(2);
        assertThat(seen.lastBefore(far)).isFalse();
        assertThat(seen.firstBefore(ancient.plusNanos(1))).isTrue();
    }

    @Test
    void findsEveryFactPastTheSmallSizeAndAfterForgetting() {
        Facts facts = new Facts(Facet.API);
        Instant start = Instant.parse("2026-11-02T00:00:00Z");
        for (int h = 0; h < 24; h++) {
            facts.add(String.format(java.util.Locale.ROOT, "%02d", h), start.plusSeconds(h * 3_600L + (h % 2) * 86_400L), null, null);
        }
        assertThat(facts.size()).isEqualTo(24);
        for (int h = 0; h < 24; h++) {
            assertThat(facts.find(String.format(java.util.Locale.ROOT, "%02d", h))).isEqualTo(h);
        }
        int oldest = facts.forgetBefore(start.plusSeconds(86_400));
        assertThat(facts.view().keySet()).containsExactly("01", "03", "05", "07", "09", "11", "13", "15", "17", "19", "21", "23");
        assertThat(facts.key(oldest)).isEqualTo("01");
        assertThat(facts.find("02")).isEqualTo(-1);
        assertThat(facts.find("23")).isEqualTo(11);
        facts.add("02", start.plusSeconds(2 * 86_400L), null, null);
        assertThat(facts.view().keySet()).endsWith("23", "02");
        assertThat(facts.find(null)).isEqualTo(-1);
        assertThat(facts.view().get(42)).isNull();
    }

    /** Positions past a short's range are found through the index, and the fact past the most is refused, not lost. */
    @Test
    void findsEveryFactUpToItsMostAndRefusesOneMore() {
        Facts facts = new Facts(Facet.API);
        Instant at = Instant.parse("2026-11-02T00:00:00Z");
        for (int i = 0; i < Facts.MAX; i++) {
            facts.add("10." + (i >> 8) + "." + (i & 255) + ".0/24", at, null, null);
        }
        assertThat(facts.size()).isEqualTo(Facts.MAX);
        assertThat(facts.find("10.0.0.0/24")).isZero();
        assertThat(facts.find("10.127.255.0/24")).isEqualTo(32_767);
        assertThat(facts.find("10.128.0.0/24")).isEqualTo(32_768);
        assertThat(facts.find("10.255.253.0/24")).isEqualTo(Facts.MAX - 1);
        assertThat(facts.find("10.255.254.0/24")).isEqualTo(-1);
        assertThatThrownBy(() -> facts.add("10.255.254.0/24", at, null, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at most " + Facts.MAX);
        assertThat(facts.size()).isEqualTo(Facts.MAX);
    }
}
