package dev.tokenward.simulate;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells decoys about the records written for them. The record builders report every record's
 * time, principal and credential; the behaviour writing a hard case names the decoy it is writing
 * for ({@link #attend}), and credentials that belong to a decoy wherever they turn up (a session
 * issued before the logs begin) are watched by id.
 */
final class Witness {
    private final Map<String, Decoy> watched = new HashMap<>();
    private Decoy current;

    /** The records written from now on belong to {@code decoy} (null: to none). */
    void attend(Decoy decoy) {
        current = decoy;
    }

    void leave() {
        current = null;
    }

    /** Every later record using {@code credential} belongs to {@code decoy}. */
    void watch(String credential, Decoy decoy) {
        watched.put(credential, decoy);
    }

    void unwatch(String credential) {
        watched.remove(credential);
    }

    void saw(Instant time, String principal, String credential) {
        if (current != null) {
            current.saw(time, principal, credential);
        }
        Decoy owner = credential == null ? null : watched.get(credential);
        if (owner != null && owner != current) {
            owner.saw(time, principal, credential);
        }
    }
}
