package dev.tokenward.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where the request came from. Sources that geolocate (Okta, Entra) fill this at parse time;
 * enrichment fills the rest.
 *
 * @param country      ISO 3166-1 alpha-2 code where known, else the source's country name
 * @param city         city name
 * @param latitude     degrees
 * @param longitude    degrees
 * @param accuracyKm   radius of the location's uncertainty in kilometres
 * @param asn          autonomous system number
 * @param asOrg        autonomous system organisation
 * @param networkClass kind of network
 * @param zone         the configured network it belongs to ("Seattle HQ", "GlobalProtect"), if any
 * @param cloud        the cloud provider whose network holds the address ("AWS"), named as the sources name the
 *                     issuer of its credentials; null when none or unknown
 * @param sharedBy     how many of the tenant's principals this run has seen on the address's network (its /24 or
 *                     /48) with MFA standing behind them, up to a few thousand; 0 when none or not known
 * @param operator     the company running the autonomous system as one network with others (a security edge's
 *                     several), as the network list names it; null when none is listed
 */
public record Network(String country, String city, Double latitude, Double longitude, Integer accuracyKm,
                      Long asn, String asOrg, NetworkClass networkClass, String zone, String cloud,
                      @JsonInclude(JsonInclude.Include.NON_DEFAULT) int sharedBy,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String operator) {
    public static final Network UNKNOWN =
            new Network(null, null, null, null, null, null, null, NetworkClass.UNKNOWN, null, null, 0, null);

    public Network {
        networkClass = networkClass == null ? NetworkClass.UNKNOWN : networkClass;
    }

    public Network(String country, String city, Double latitude, Double longitude, Integer accuracyKm, Long asn, String asOrg,
                   NetworkClass networkClass, String zone) {
        this(country, city, latitude, longitude, accuracyKm, asn, asOrg, networkClass, zone, null, 0, null);
    }

    public Network(String country, String city, Double latitude, Double longitude, Integer accuracyKm, Long asn, String asOrg,
                   NetworkClass networkClass, String zone, String cloud) {
        this(country, city, latitude, longitude, accuracyKm, asn, asOrg, networkClass, zone, cloud, 0, null);
    }

    /** The same network with another class, zone and share. */
    public Network as(NetworkClass otherClass, String otherZone, int shared) {
        return new Network(country, city, latitude, longitude, accuracyKm, asn, asOrg, otherClass, otherZone, cloud, shared, operator);
    }

    /** The network's owner as profiles remember it: its {@link #operator()}, else "AS" and its number; null when unknown. */
    public String owner() {
        return owner(operator, asn);
    }

    /** A network owner: the operator when one is listed, else "AS" and the autonomous system's number; null when neither is known. */
    public static String owner(String operator, Long asn) {
        return operator != null ? operator : asn == null ? null : "AS" + asn;
    }

    public boolean hasLocation() {
        return latitude != null && longitude != null;
    }

    /** Great-circle distance in kilometres between two points given in degrees (haversine, mean Earth radius). */
    public static double kilometres(double latitude1, double longitude1, double latitude2, double longitude2) {
        double dLat = Math.toRadians(latitude2 - latitude1);
        double dLon = Math.toRadians(longitude2 - longitude1);
        double a = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(Math.toRadians(latitude1))
                * Math.cos(Math.toRadians(latitude2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * 6371.0 * Math.asin(Math.sqrt(a));
    }
}
