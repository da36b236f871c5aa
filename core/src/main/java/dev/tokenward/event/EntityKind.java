package dev.tokenward.event;

/** What an analytic keeps its state by. */
public enum EntityKind {
    /** A normalized identity: lower-cased UPN or e-mail, or an ARN. */
    PRINCIPAL,
    /** A session, token or key id; a session's lineage root where the source re-issues ids. */
    CREDENTIAL,
    /** A device or machine. */
    HOST,
    /** A source network: the client address's /24 (IPv4) or /64 (IPv6) prefix; private addresses have none. */
    NETWORK
}
