package dev.tokenward.analytic;

import dev.tokenward.event.Event;
import dev.tokenward.event.Origin;

import java.time.Instant;
import java.util.StringJoiner;

/**
 * One event an alert rests on, compact enough to keep in analytic state: where to find it and what
 * it says.
 *
 * @param source    the format it was read from
 * @param origin    where the record is
 * @param time      event time
 * @param summary   one line: what, who, from where, with what
 * @param ip        the source address
 * @param place     city and country, where known
 * @param asn       autonomous system, where known
 * @param asOrg     autonomous system organisation
 * @param userAgent the raw user agent
 * @param deviceId  the device id or fingerprint
 */
public record Evidence(String source, Origin origin, Instant time, String summary, String ip, String place,
                       Long asn, String asOrg, String userAgent, String deviceId) {

    public static Evidence of(Event event) {
        String ip = event.client().ip() == null ? null : event.client().ip().toString();
        String place = place(event);
        StringJoiner summary = new StringJoiner(" ");
        summary.add(event.action() == null ? event.kind().name() : event.action().operation());
        summary.add(event.outcome().name());
        if (event.principal() != null) {
            summary.add("by " + event.principal().name());
        }
        if (ip != null || event.client().host() != null) {
            summary.add("from " + (ip != null ? ip : event.client().host()));
        }
        if (place != null) {
            summary.add("(" + place + (event.network().asn() == null ? "" : ", AS" + event.network().asn()) + ")");
        } else if (event.network().asn() != null) {
            summary.add("(AS" + event.network().asn() + ")");
        }
        if (event.credential() != null && event.credential().id() != null) {
            summary.add("with " + event.credential().kind().name().toLowerCase(java.util.Locale.ROOT) + " " + event.credential().id());
        }
        return new Evidence(event.source(), event.origin(), event.time(), summary.toString(), ip, place,
                event.network().asn(), event.network().asOrg(), event.client().userAgent(), event.client().deviceId());
    }

    private static String place(Event event) {
        String city = event.network().city();
        String country = event.network().country();
        if (city == null && country == null) {
            return null;
        }
        return city == null ? country : country == null ? city : city + ", " + country;
    }
}
