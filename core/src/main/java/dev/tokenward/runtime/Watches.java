package dev.tokenward.runtime;

import dev.tokenward.event.Event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How each part of the logs has been watched: per source, tenant (the principal's account or org)
 * and region, when its first event came, and in which minutes of the last two days it carried
 * events. A part first seen past {@link #LIMIT} parts is not recorded, so hostile input cannot grow
 * it without bound; its events count as not yet watched, which makes the analytics that judge
 * absences say nothing about them rather than too much. Of one source and tenant, the first
 * {@link #PARTS_ASKED} parts are asked for silences.
 *
 * <p>A part that carried events nearly every minute and then none for a few is missing a delivery
 * (a CloudTrail file of five minutes not collected, a failed ingestion batch): what happened in
 * those minutes cannot be judged by its absence. A lull of a quiet part, or a silence of longer
 * than {@link #LONGEST_SILENCE} minutes (the end of a busy hour), is not.
 */
final class Watches {
    static final int LIMIT = 4096;
    /**
     * Parts of one source and tenant asked for silences: more than any cloud has regions (AWS 36),
     * so that a record stream inventing regions cannot make each question walk thousands.
     */
    static final int PARTS_ASKED = 64;
    /** Minutes remembered of each part: longer than any AWS temporary key lives (36 hours). */
    static final int MINUTES = 48 * 60;
    /** The fewest empty minutes that make a silence: a lost five-minute delivery leaves four or five. */
    static final int SILENT_MINUTES = 3;
    /** The most empty minutes that make a silence rather than a lull. */
    static final int LONGEST_SILENCE = 15;
    /** The minutes before a silence that must nearly all have carried events... */
    static final int BUSY_MINUTES = 30;
    /** ...at least this many of them. */
    static final int BUSY_AT_LEAST = 27;

    private record Scope(String source, String tenant, String region) {
    }

    private record Tenant(String source, String tenant) {
    }

    private final Map<Scope, Watch> watches = new HashMap<>();
    private final Map<Tenant, List<Watch>> byTenant = new HashMap<>();
    /** The scope and watch of the last event, which the next event shares nearly always. */
    private Scope last;
    private Watch lastWatch;

    void observe(Event event) {
        Scope scope = scope(event);
        Watch watch = scope == last ? lastWatch : watches.get(scope);
        if (watch == null) {
            if (watches.size() >= LIMIT) {
                return;
            }
            watch = new Watch(event.time());
            watches.put(scope, watch);
            List<Watch> parts = byTenant.computeIfAbsent(new Tenant(scope.source(), scope.tenant()), t -> new ArrayList<>());
            if (parts.size() < PARTS_ASKED) {
                parts.add(watch);
            }
        } else if (event.time().isBefore(watch.start)) {
            watch.start = event.time();
        }
        last = scope;
        lastWatch = watch;
        watch.mark(Math.floorDiv(event.time().getEpochSecond(), 60));
    }

    /** When the event's part of the logs began to be watched, or null. */
    Instant since(Event event) {
        Scope scope = scope(event);
        Watch watch = scope == last ? lastWatch : watches.get(scope);
        return watch == null ? null : watch.start;
    }

    /** Whether a part of the logs of the event's source and tenant, in any region, was silent at {@code time} after being busy. */
    boolean silentAt(Event event, Instant time) {
        List<Watch> parts = byTenant.get(new Tenant(event.source(), tenant(event)));
        long minute = Math.floorDiv(time.getEpochSecond(), 60);
        if (parts != null) {
            for (Watch watch : parts) {
                if (watch.silentAt(minute)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Scope scope(Event event) {
        String tenant = tenant(event);
        String region = event.action() == null ? null : event.action().region();
        Scope previous = last;
        if (previous != null && previous.source().equals(event.source()) && Objects.equals(previous.tenant(), tenant)
                && Objects.equals(previous.region(), region)) {
            return previous;
        }
        return new Scope(event.source(), tenant, region);
    }

    private static String tenant(Event event) {
        return event.principal() == null ? null : event.principal().tenant();
    }

    /** One part's first event and the minutes of the last {@link #MINUTES} that carried events, as bits in a ring. */
    private static final class Watch {
        Instant start;
        private final long[] bits = new long[MINUTES / Long.SIZE];
        private long latest = Long.MIN_VALUE;

        Watch(Instant start) {
            this.start = start;
        }

        void mark(long minute) {
            if (latest == Long.MIN_VALUE) {
                latest = minute;
            } else if (minute > latest) {
                for (long m = latest + 1; m < minute && m <= latest + MINUTES; m++) {
                    set(m, false);
                }
                latest = minute;
            } else if (minute <= latest - MINUTES) {
                return;
            }
            set(minute, true);
        }

        private void set(long minute, boolean on) {
            int index = (int) Math.floorMod(minute, (long) MINUTES);
            long bit = 1L << (index % Long.SIZE);
            if (on) {
                bits[index / Long.SIZE] |= bit;
            } else {
                bits[index / Long.SIZE] &= ~bit;
            }
        }

        /** Whether the minute carried events; false for one outside the ring. */
        private boolean had(long minute) {
            if (minute > latest || minute <= latest - MINUTES) {
                return false;
            }
            int index = (int) Math.floorMod(minute, (long) MINUTES);
            return (bits[index / Long.SIZE] & 1L << (index % Long.SIZE)) != 0;
        }

        /**
         * Whether the minute lies in a run of {@link #SILENT_MINUTES} to {@link #LONGEST_SILENCE} empty
         * minutes that has ended, after {@link #BUSY_AT_LEAST} of {@link #BUSY_MINUTES} minutes with events.
         */
        boolean silentAt(long minute) {
            if (minute >= latest || minute - LONGEST_SILENCE - BUSY_MINUTES <= latest - MINUTES || had(minute)) {
                return false;
            }
            long from = minute;
            while (!had(from - 1)) {
                from--;
                if (minute - from >= LONGEST_SILENCE) {
                    return false;
                }
            }
            long to = minute + 1;
            while (!had(to) && to - from <= LONGEST_SILENCE) {
                to++;
            }
            long length = to - from;
            if (length < SILENT_MINUTES || length > LONGEST_SILENCE) {
                return false;
            }
            int busy = 0;
            for (long m = from - BUSY_MINUTES; m < from; m++) {
                busy += had(m) ? 1 : 0;
            }
            return busy >= BUSY_AT_LEAST;
        }
    }
}
