package dev.tokenward.event;

/** The kind of network an address belongs to; filled by enrichment or by configuration. */
public enum NetworkClass {
    CORPORATE,
    VPN,
    /**
     * A security service edge or cloud proxy (Zscaler, Netskope): a company's traffic leaves through
     * its nearest node, or the node it failed over to, placed where the provider registered it. A
     * tunnel like a VPN, but one that carries only its customers' own staff.
     */
    SECURITY_EDGE,
    PRIVACY_RELAY,
    MOBILE,
    HOSTING,
    RESIDENTIAL,
    PRIVATE,
    /** Looked up in the autonomous-system data and owned by no network it knows: an address nobody answers for. */
    UNOWNED,
    UNKNOWN;

    /**
     * A tunnel or gateway (VPN, security edge, privacy relay, mobile carrier): it hands its users
     * another egress prefix from one connection to the next, placed where its operator registered
     * it, so its address says little about where the device is.
     */
    public boolean tunnel() {
        return this == VPN || this == SECURITY_EDGE || this == PRIVACY_RELAY || this == MOBILE;
    }

    /**
     * Whether a prefix of this class places one household or office, as far as the class tells: not
     * a network that pools its users ({@link #tunnel()}), a rented server, or an address no network
     * owns.
     */
    public boolean fixedLine() {
        return !tunnel() && this != HOSTING && this != UNOWNED;
    }
}
