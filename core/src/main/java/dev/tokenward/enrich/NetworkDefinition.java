package dev.tokenward.enrich;

import dev.tokenward.event.NetworkClass;

import java.util.List;

/**
 * A network the user names in the configuration: their corporate egress, their VPN, a partner.
 * VPN egress geolocates to the VPN's data centre, not to the user; a fixed {@code location} makes
 * analytics judge it where it really is.
 *
 * @param name         for people
 * @param networkClass its class (CORPORATE, VPN, ...)
 * @param cidrs        address blocks
 * @param asns         autonomous systems (all of their addresses)
 * @param location     where it is, or null to keep the geolocation
 */
public record NetworkDefinition(String name, NetworkClass networkClass, List<String> cidrs, List<Long> asns,
                                Location location) {
    public NetworkDefinition {
        cidrs = cidrs == null ? List.of() : List.copyOf(cidrs);
        asns = asns == null ? List.of() : List.copyOf(asns);
        for (String cidr : cidrs) {
            dev.tokenward.event.Checks.require(dev.tokenward.event.IpRange.parse(cidr).isPresent(),
                    "network %s: not a CIDR block: %s", name, cidr);
        }
        dev.tokenward.event.Checks.require(networkClass != null, "network %s: a class is required", name);
    }

    /**
     * @param city      city name
     * @param country   ISO country code
     * @param latitude  degrees
     * @param longitude degrees
     */
    public record Location(String city, String country, Double latitude, Double longitude) {
    }
}
