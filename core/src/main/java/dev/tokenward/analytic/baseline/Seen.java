package dev.tokenward.analytic.baseline;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * How a principal showed one fact: first and last seen, how many events, on how many distinct
 * (UTC) days. Places also keep their coordinates.
 */
public final class Seen {
    public Instant first;
    public Instant last;
    public long count;
    public int days;
    public Double latitude;
    public Double longitude;

    Seen() {
    }

    Seen(Instant at) {
        first = at;
        last = at;
        count = 1;
        days = 1;
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

    /** "first seen 2026-11-02, 31 events on 9 days, last 2026-11-20". */
    public String describe() {
        return "first seen " + first.truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10) + ", " + count
                + (count == 1 ? " event" : " events") + " on " + days + (days == 1 ? " day" : " days") + ", last "
                + last.truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);
    }
}
