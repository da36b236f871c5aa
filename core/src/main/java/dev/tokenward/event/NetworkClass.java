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
    UNKNOWN
}
