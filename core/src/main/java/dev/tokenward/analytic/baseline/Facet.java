package dev.tokenward.analytic.baseline;

/** A kind of fact a principal's profile keeps, with how many distinct values it holds at most. */
public enum Facet {
    /** Source networks: an IPv4 /24 or IPv6 /64. */
    NETWORK(64),
    /** Source networks the principal completed MFA from (or signed in from with MFA standing behind the session). */
    MFA_NETWORK(32),
    /** Network owners: autonomous systems as "AS<number>", or the operator the network list names for several ("Zscaler"). */
    ASN(32),
    COUNTRY(32),
    /** Places, as "city, country", with their coordinates. */
    PLACE(48),
    /** Device ids (Okta device hash, Entra device id). */
    DEVICE(16),
    /** Client software, as "family on os" ("Chrome on Windows", "aws-cli on Linux"). */
    CLIENT(32),
    /** OAuth clients and applications (Entra app id, Okta client id). */
    OAUTH_CLIENT(64),
    /** API operations, as "service:operation". */
    API(256),
    /** Hours of the day (UTC), "00" to "23". */
    HOUR(24);

    private final int capacity;

    Facet(int capacity) {
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }
}
