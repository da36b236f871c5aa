package dev.tokenward.runtime;

import dev.tokenward.event.Event;


/**
 * The total order events are processed in: event time, then a fingerprint of the record's content,
 * so that events with equal times come out in the same order whatever the files are called or the
 * order they are found in.
 */
public final class EventOrder {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private EventOrder() {
    }

    /** A content fingerprint: the source's record id where it has one, else the normalized fields. */
    public static long fingerprint(Event event) {
        long hash = FNV_OFFSET;
        hash = mix(hash, event.source());
        if (event.origin() != null && event.origin().recordId() != null) {
            return mix(hash, event.origin().recordId());
        }
        hash = mix(hash, event.kind().name());
        hash = mix(hash, event.principal() == null ? null : event.principal().name());
        hash = mix(hash, event.credential() == null ? null : event.credential().id());
        hash = mix(hash, event.action() == null ? null : event.action().operation());
        hash = mix(hash, event.client().ip() == null ? null : event.client().ip().toString());
        return mix(hash, event.outcome().name());
    }

    private static long mix(long hash, String text) {
        if (text == null) {
            return (hash ^ 0xff) * FNV_PRIME;
        }
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * FNV_PRIME;
        }
        return (hash ^ 0xfe) * FNV_PRIME;
    }

    /** An event with its fingerprint, ordered by time then fingerprint. */
    record Keyed(Event event, long fingerprint) implements Comparable<Keyed> {
        static Keyed of(Event event) {
            return new Keyed(event, EventOrder.fingerprint(event));
        }

        @Override
        public int compareTo(Keyed other) {
            int byTime = event.time().compareTo(other.event.time());
            return byTime != 0 ? byTime : Long.compare(fingerprint, other.fingerprint);
        }
    }
}
