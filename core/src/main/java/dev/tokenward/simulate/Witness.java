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
    /** A credential watched for a decoy until a time. */
    private record Watch(Decoy decoy, Instant until) {
    }

    private final Map<String, Watch> watched = new HashMap<>();
    private Decoy current;
    private Instant logsBegin = Instant.MIN;

    /** Records before {@code time} never reach the logs, so belong to no decoy. */
    void logsBeginAt(Instant time) {
        logsBegin = time;
    }

    /** The records written from now on belong to {@code decoy} (null: to none). */
    void attend(Decoy decoy) {
        current = decoy;
    }

    void leave() {
        current = null;
    }

    /** Every later record using {@code credential} belongs to {@code decoy}. */
    void watch(String credential, Decoy decoy) {
        watch(credential, decoy, Instant.MAX);
    }

    /** Every record using {@code credential} before {@code until} belongs to {@code decoy}. */
    void watch(String credential, Decoy decoy, Instant until) {
        watched.put(credential, new Watch(decoy, until));
    }

    void unwatch(String credential) {
        watched.remove(credential);
    }

    void saw(Instant time, String principal, String credential) {
        if (time.isBefore(logsBegin)) {
            return;
        }
        if (current != null) {
            current.saw(time, principal, credential);
        }
        Watch watch = credential == null ? null : watched.get(credential);
        if (watch != null && watch.decoy() != current && time.isBefore(watch.until())) {
            watch.decoy().saw(time, principal, credential);
        }
    }
}
