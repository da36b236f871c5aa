package dev.tokenward.analytic.baseline;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * How a principal showed one fact: first and last seen, how many events, on how many distinct
 * (UTC) days. Places also keep their coordinates ({@link Placed}).
 *
 * <p>A profile keeps tens of these per principal, so the two times are kept as seconds and
 * nanoseconds, to the nanosecond and for any year, not as two {@link Instant}s of 24 bytes each; a
 * fact takes 48 bytes, a place 64.
 */
@JsonPropertyOrder({"first", "last", "count", "days", "latitude", "longitude"})
public class Seen {
    private long firstSecond;
    private long lastSecond;
    private int firstNano;
    private int lastNano;
    public long count;
    public int days;

    Seen(Instant at) {
        firstSecond = at.getEpochSecond();
        firstNano = at.getNano();
        lastSecond = firstSecond;
        lastNano = firstNano;
        count = 1;
        days = 1;
    }

    /** A fact first seen at {@code at}: a place with its coordinates when it is one. */
    static Seen of(Instant at, Double latitude, Double longitude) {
        return latitude != null && longitude != null ? new Placed(at, latitude, longitude) : new Seen(at);
    }

    void again(Instant at) {
        if (Math.floorDiv(at.getEpochSecond(), 86_400) > Math.floorDiv(lastSecond, 86_400)) {
            days++;
        }
        if (at.getEpochSecond() > lastSecond || at.getEpochSecond() == lastSecond && at.getNano() > lastNano) {
            lastSecond = at.getEpochSecond();
            lastNano = at.getNano();
        }
        count++;
    }

    @JsonProperty("first")
    public Instant first() {
        return Instant.ofEpochSecond(firstSecond, firstNano);
    }

    @JsonProperty("last")
    public Instant last() {
        return Instant.ofEpochSecond(lastSecond, lastNano);
    }

    /** Whether it was first seen before {@code time}. */
    public boolean firstBefore(Instant time) {
        return firstSecond < time.getEpochSecond() || firstSecond == time.getEpochSecond() && firstNano < time.getNano();
    }

    /** Whether it was last seen before {@code time}. */
    public boolean lastBefore(Instant time) {
        return lastSecond < time.getEpochSecond() || lastSecond == time.getEpochSecond() && lastNano < time.getNano();
    }

    /** Orders by last seen, the least recent first. */
    int compareLast(Seen other) {
        int bySecond = Long.compare(lastSecond, other.lastSecond);
        return bySecond != 0 ? bySecond : Integer.compare(lastNano, other.lastNano);
    }

    /** Where the place is, degrees; null for a fact that is not a place. */
    @JsonProperty("latitude")
    public Double latitude() {
        return null;
    }

    /** The same. */
    @JsonProperty("longitude")
    public Double longitude() {
        return null;
    }

    /** "first seen 2026-11-02, 31 events on 9 days, last 2026-11-20". */
    public String describe() {
        return "first seen " + day(firstSecond) + ", " + count + (count == 1 ? " event" : " events") + " on " + days
                + (days == 1 ? " day" : " days") + ", last " + day(lastSecond);
    }

    private static String day(long second) {
        return Instant.ofEpochSecond(second).truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);
    }

    /** A place: where it was first seen to be. */
    static final class Placed extends Seen {
        private final double latitude;
        private final double longitude;

        Placed(Instant at, double latitude, double longitude) {
            super(at);
            this.latitude = latitude;
            this.longitude = longitude;
        }

        @Override
        public Double latitude() {
            return latitude;
        }

        @Override
        public Double longitude() {
            return longitude;
        }
    }
}
