package dev.tokenward.event;

/** The kind of network an address belongs to; filled by enrichment or by configuration. */
public enum NetworkClass {
    CORPORATE,
    VPN,
    PRIVACY_RELAY,
    MOBILE,
    HOSTING,
    RESIDENTIAL,
    PRIVATE,
    /** Looked up in the autonomous-system data and owned by no network it knows: an address nobody answers for. */
    UNOWNED,
    UNKNOWN
}
