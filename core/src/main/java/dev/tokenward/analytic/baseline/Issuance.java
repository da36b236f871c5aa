package dev.tokenward.analytic.baseline;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.event.Mfa;

import java.time.Instant;

/**
 * One credential's lineage: who it was issued to, when and by which event (whose evidence carries
 * the network and client), with what MFA, from which parent session or credential, until when it
 * is expected to live, and how it has been used since.
 */
public final class Issuance {
    public String credential;
    public String principal;
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
    public Instant lastUsed;
    public long uses;

    /** How long ago, at {@code now}, it was issued. */
    public java.time.Duration age(Instant now) {
        return java.time.Duration.between(issuedAt, now);
    }
}
