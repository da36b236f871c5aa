package dev.tokenward.analytic.baseline;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * How a principal showed one fact, as it stood when asked: first and last seen, how many events,
 * on how many distinct (UTC) days, and for a place where it was first seen to be. A profile keeps
 * its facts in {@link Facts}, not as objects; this is what a look-up gives, and it does not change
 * as the profile learns.
 */
@JsonPropertyOrder({"first", "last", "count", "days", "latitude", "longitude"})
public final class Seen {
    private final long firstSecond;
    private final long lastSecond;
    private final int firstNano;
    private final int lastNano;
    public final long count;
    public final int days;
    private final Double latitude;
    private final Double longitude;

    Seen(long firstSecond, int firstNano, long lastSecond, int lastNano, long count, int days, Double latitude,
         Double longitude) {
        this.firstSecond = firstSecond;
        this.firstNano = firstNano;
        this.lastSecond = lastSecond;
        this.lastNano = lastNano;
        this.count = count;
        this.days = days;
        this.latitude = latitude;
        this.longitude = longitude;
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

    /** Where the place is, degrees; null for a fact that is not a place, or a place without coordinates. */
    @JsonProperty("latitude")
    public Double latitude() {
        return latitude;
    }

    /** The same. */
    @JsonProperty("longitude")
    public Double longitude() {
        return longitude;
    }

    /** "first seen 2026-11-02, 31 events on 9 days, last 2026-11-20". */
    public String describe() {
        return "first seen " + day(firstSecond) + ", " + count + (count == 1 ? " event" : " events") + " on " + days
                + (days == 1 ? " day" : " days") + ", last " + day(lastSecond);
    }

    private static String day(long second) {
        return Instant.ofEpochSecond(second).truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);
    }
}
