package dev.tokenward.analytic.baseline;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.event.Mfa;

import java.time.Duration;
import java.time.Instant;

/**
 * One credential's lineage: when it was first seen and how it has been used since, and — when the
 * logs showed its issuance — who it was issued to, when and by which event (whose evidence carries
 * the network and client), with what MFA, from which parent session or credential, and until when
 * it is expected to live.
 */
public final class Lineage {
    public String credential;
    public Instant firstSeen;
    public Instant lastUsed;
    public long uses;
    /** The principal it was issued to; null when its issuance was not seen. */
    public String principal;
    /** When it was issued; null when its issuance was not seen. */
    public Instant issuedAt;
    /** The issuing event: STS call, sign-in, session start, token grant. */
    public Evidence issuedBy;
    /** The network it was issued to (/24 or /64), or null. */
    public String network;
    public Mfa mfa;
    /** The session or key that asked for it, or null. */
    public String parent;
    /** When it stops working, where the source says (STS duration); null when unknown. */
    public Instant expires;
    /** The network (/24, /64) the last high or critical alert about it came from, or null. */
    public String distrusted;

    /** Whether the logs showed the event that issued it. */
    public boolean issued() {
        return issuedAt != null;
    }

    /** How long ago, at {@code now}, it was issued (or first seen, when its issuance was not). */
    public Duration age(Instant now) {
        return Duration.between(issued() ? issuedAt : firstSeen, now);
    }
}
