package dev.tokenward.simulate;

import dev.tokenward.simulate.Geography.Address;
import dev.tokenward.simulate.Geography.City;
import dev.tokenward.simulate.Geography.Kind;
import dev.tokenward.simulate.Tenant.Person;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * SaaS vendors' servers acting for a user with the tokens the user gave them long before the logs
 * begin: redeeming the user's refresh token from the vendor's data centre (Entra non-interactive
 * sign-ins with a session never issued in the telemetry) and refreshing the OAuth tokens of the
 * vendor's Okta client (events naming the user only by id).
 */
final class Integrations {

    /** A vendor: its Entra application, its Okta client, where its servers run and what they call itself. */
    enum Vendor {
        MAIL_ARCHIVER("mail-archiver-aws", new EntraLog.App("5e3c1a8f-7b2d-4f6e-9a1c-3d8b6e2f4a71", "Mimecast Cloud Archive"),
                null, "Ashburn", Kind.CLOUD, "Mimecast-Archive-Sync/4.2 (+https://www.mimecast.com)", 30, 60),
        CRM_SYNC("crm-sync-gcp", new EntraLog.App("b8d2f4e6-1a3c-4e5f-8b7d-9c0e2a4f6d13", "Copper CRM"),
                new OktaLog.App("0oa4kdg6mzPx8RsLw697", "Copper CRM", "OPENID_CONNECT"), "Council Bluffs", Kind.CLOUD,
                "okhttp/4.12.0", 45, 90),
        CALENDAR_SCHEDULER("calendar-scheduler-azure", new EntraLog.App("2f9a7c5e-3b1d-4a8f-b6e2-7d4c9a1e5f38", "Calendly"),
                new OktaLog.App("0oa4kdh3tqNb5VeYj697", "Calendly", "OPENID_CONNECT"), "Boydton", Kind.CLOUD,
                "Calendly-Graph-Sync/2.7", 15, 30);

        final String variant;
        final EntraLog.App entraApp;
        final OktaLog.App oktaClient;
        final String dataCentre;
        final Kind network;
        final String userAgent;
        final int minMinutes;
        final int maxMinutes;

        Vendor(String variant, EntraLog.App entraApp, OktaLog.App oktaClient, String dataCentre, Kind network, String userAgent,
               int minMinutes, int maxMinutes) {
            this.variant = variant;
            this.entraApp = entraApp;
            this.oktaClient = oktaClient;
            this.dataCentre = dataCentre;
            this.network = network;
            this.userAgent = userAgent;
            this.minMinutes = minMinutes;
            this.maxMinutes = maxMinutes;
        }

        static Vendor of(String variant) {
            for (Vendor vendor : values()) {
                if (vendor.variant.equals(variant)) {
                    return vendor;
                }
            }
            throw new IllegalArgumentException("no vendor for " + variant);
        }
    }

    private final Geography geography;
    private final Sinks sinks;

    Integrations(Geography geography, Sinks sinks) {
        this.geography = geography;
        this.sinks = sinks;
    }

    /**
     * The vendor's servers working for {@code person} from {@code from} to {@code until}: token
     * redemptions against Exchange or Graph every so many minutes, from a few of the vendor's
     * egress addresses, and for vendors with an Okta client, token refreshes every hour or two.
     */
    void actFor(Person person, Vendor vendor, Instant from, Instant until, Decoy decoy, Rand r) {
        City centre = geography.city(vendor.dataCentre);
        List<Address> egress = List.of(address(vendor, centre, r), address(vendor, centre, r), address(vendor, centre, r));
        String session = r.uuid();
        decoy.involves(person.login());
        decoy.uses(vendor.entraApp.id());
        sinks.witness().attend(decoy);
        EntraLog.App resource = vendor == Vendor.CALENDAR_SCHEDULER ? EntraLog.GRAPH : vendor == Vendor.MAIL_ARCHIVER
                ? EntraLog.EXCHANGE : EntraLog.GRAPH;
        for (Instant t = from; t.isBefore(until); t = t.plus(Duration.ofMinutes(r.between(vendor.minMinutes, vendor.maxMinutes)))) {
            Vantage server = Vantage.tool(r.pick(egress), vendor.userAgent);
            sinks.entra().userSignIn(t, person, server, vendor.entraApp, resource, session, false, "claim", 0, r);
        }
        if (vendor.oktaClient != null) {
            String scopes = vendor == Vendor.CRM_SYNC ? "openid profile email offline_access okta.users.read.self"
                    : "openid profile email offline_access";
            for (Instant t = from.plus(Duration.ofMinutes(r.between(1, 50))); t.isBefore(until);
                 t = t.plus(Duration.ofMinutes(r.between(55, 130)))) {
                sinks.okta().integrationTokenRefresh(t, person, Vantage.tool(r.pick(egress), vendor.userAgent), vendor.oktaClient,
                        scopes, vendor == Vendor.CALENDAR_SCHEDULER, r);
            }
        }
        sinks.witness().leave();
    }

    private Address address(Vendor vendor, City centre, Rand r) {
        return geography.address(geography.networks(vendor.network, centre).get(0), centre, r);
    }
}
