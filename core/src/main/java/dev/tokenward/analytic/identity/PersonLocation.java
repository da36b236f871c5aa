package dev.tokenward.analytic.identity;

import dev.tokenward.event.Agent;
import dev.tokenward.event.ClientClass;
import dev.tokenward.event.Event;
import dev.tokenward.event.NetworkClass;

/**
 * Whether an event's address says where the person is: the places impossible-travel leaves out
 * (tunnels, the organisation's own egress, carriers' gateways, services acting for the user), kept
 * apart so that the list of what is not judged reads in one place.
 */
final class PersonLocation {

    private PersonLocation() {
    }

    /**
     * False for VPN, security-edge and privacy-relay exits, configured or learnt organisation networks, mobile
     * carriers and phones' own apps, private addresses, cloud services acting for the user and
     * third-party web applications redeeming a session from their servers.
     */
    static boolean locates(Event event) {
        NetworkClass networkClass = event.network().networkClass();
        return !networkClass.tunnel() && networkClass != NetworkClass.CORPORATE && networkClass != NetworkClass.PRIVATE
                && event.network().zone() == null
                && !CredentialRoaming.thirdPartyApp(event) && !cloudService(event) && !phoneApp(event);
    }

    /** A cloud service acting for the user (AWS Internal, *.amazonaws.com): its address is not the person's. */
    private static boolean cloudService(Event event) {
        return event.client().agent() != null && event.client().agent().clientClass() == ClientClass.CLOUD_SERVICE;
    }

    /**
     * A phone's own app (Outlook on iOS, Teams on Android) on any network but a hosting provider's:
     * on cellular data the address is where the carrier's gateway or head office is, and abroad the
     * roaming phone comes out of its home carrier's network, so it says little about where the phone is.
     */
    private static boolean phoneApp(Event event) {
        Agent agent = event.client().agent();
        return agent != null && agent.clientClass() == ClientClass.MOBILE_APP && agent.phone()
                && event.network().networkClass() != NetworkClass.HOSTING;
    }
}
