package dev.tokenward.event;

/** What an analytic keeps its state by. */
public enum EntityKind {
    /** A normalized identity: lower-cased UPN or e-mail, or an ARN. */
    PRINCIPAL,
    /** A session, token or key id; a session's lineage root where the source re-issues ids. */
    CREDENTIAL,
    /** A device or machine. */
    HOST
}
