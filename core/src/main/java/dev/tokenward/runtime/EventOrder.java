package dev.tokenward.runtime;

import dev.tokenward.event.Event;


/**
 * The total order events are processed in: event time; then, of events with equal times, those that
 * issue a credential first (CloudTrail times have one-second resolution, and a Lambda function or a
 * script uses its key in the second STS minted it: the minting is what makes the use legitimate);
 * then a fingerprint of the record's content, so that events with equal times come out in the same
 * order whatever the files are called or the order they are found in.
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

    /** An event with its fingerprint, ordered by time, then issuing events first, then fingerprint. */
    record Keyed(Event event, boolean issuing, long fingerprint) implements Comparable<Keyed> {
        static Keyed of(Event event) {
            return new Keyed(event, issues(event), EventOrder.fingerprint(event));
        }

        @Override
        public int compareTo(Keyed other) {
            int byTime = event.time().compareTo(other.event.time());
            if (byTime != 0) {
                return byTime;
            }
            return issuing != other.issuing ? (issuing ? -1 : 1) : Long.compare(fingerprint, other.fingerprint);
        }
    }

    /** Whether the event issues a credential with an id of its own (an STS key, a session). */
    static boolean issues(Event event) {
        return event.credential() != null && event.credential().issuedCredentialId() != null;
    }
}
