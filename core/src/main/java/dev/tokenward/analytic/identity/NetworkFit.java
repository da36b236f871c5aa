package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Shared;
import dev.tokenward.event.Agent;
import dev.tokenward.event.ClientClass;
import dev.tokenward.event.Event;
import dev.tokenward.event.Network;
import dev.tokenward.event.NetworkClass;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Whether a use of a credential from a new network belongs with a network it was used from before:
 * the comparison credential-roaming makes, kept apart so that it reads as one rule.
 */
final class NetworkFit {
    /** Fastest plausible travel between two uses of one device: an airliner, with two hours for the airports. */
    private static final double TRAVEL_KMH = 900;
    private static final double AIRPORT_HOURS = 2;
    /** Two fixed lines this far apart are in different metro areas. */
    static final int METRO_KM = 300;
    /** Prefixes of one network owner a phone's credential used at the least, for that owner to be the phone's mobile data. */
    static final int MOBILE_DATA_PREFIXES = 3;

    private NetworkFit() {
    }

    /** What a remembered use is to the credential's owner. */
    public enum Standing {
        /** Theirs: part of the habit a later use is measured against. */
        HABIT,
        /**
         * A long-term key's use that raised nothing but showed a network owner and a client family the
         * habit never showed: set apart until the key comes back to that network on another day.
         */
        UNPROVEN,
        /** A use that raised an alert: one thief, one alert for the sitting. */
        ALERTED,
        /** The thief back with the key a day or more later, raised once more: not raised a third time. */
        RAISED_AGAIN
    }

    /**
     * One network a credential was used from, with the facts known about it there, and its
     * {@link Standing}: a use set apart (unproven, or one that alerted) is remembered but is not the
     * owner's habit. What the evidence of that use already holds (network owner, class and zone,
     * device, client, coordinates) is read from it, not kept twice; a remembered use keeps only
     * those facts of its evidence ({@link #remembered()}).
     */
    public record Seen(String prefix, String country, boolean phone, Instant lastSeen, Evidence evidence, Standing standing) {
        Seen touched(Instant at) {
            return new Seen(prefix, country, phone, at, evidence, standing);
        }

        Seen as(Standing other) {
            return new Seen(prefix, country, phone, lastSeen, evidence, other);
        }

        /** The same use, as if its network were known as a mobile carrier's. */
        Seen onMobile() {
            return new Seen(prefix, country, phone, lastSeen, evidence.asClass(NetworkClass.MOBILE), standing);
        }

        /** Set apart from the owner's habit: unproven, or a use that alerted. */
        boolean suspect() {
            return standing != Standing.HABIT;
        }

        /** A use that raised an alert, once or twice. */
        boolean alerted() {
            return standing == Standing.ALERTED || standing == Standing.RAISED_AGAIN;
        }

        /**
         * The use as a credential's history keeps it: its evidence reduced to the network's and
         * client's facts it is compared by. A credential remembers up to a few dozen networks, and
         * the one alerts show, its first use, is kept whole beside them.
         */
        Seen remembered() {
            return new Seen(prefix, country, phone, lastSeen, evidence.networkAndClient(), standing);
        }

        static Seen of(Event event, Instant at, Evidence evidence) {
            Agent agent = event.client().agent();
            boolean phone = agent != null && agent.phone();
            return new Seen(Shared.text(event.client().ip().prefix()), Shared.text(event.network().country()), phone, at, evidence,
                    Standing.HABIT);
        }

        public Long asn() {
            return evidence.asn();
        }

        public String asOrg() {
            return evidence.asOrg();
        }

        /** The network owner: see {@link Evidence#owner()}. */
        public String owner() {
            return evidence.owner();
        }

        /**
         * Whether the other use's network owner is this one's (both unknown included): the operator
         * when either has one listed, else the autonomous system. Compared without building names.
         */
        boolean sameOwner(Seen other) {
            String operator = evidence.operator();
            String otherOperator = other.evidence.operator();
            return operator != null || otherOperator != null ? Objects.equals(operator, otherOperator)
                    : Objects.equals(asn(), other.asn());
        }

        /** Whether the network owner is known: an operator or an autonomous system. */
        boolean ownerKnown() {
            return evidence.operator() != null || asn() != null;
        }

        public String device() {
            return evidence.deviceId();
        }

        /** The client's family, where its class is known. */
        public String family() {
            return evidence.clientClass() == null ? null : evidence.client();
        }

        public ClientClass clientClass() {
            return evidence.clientClass();
        }

        public NetworkClass networkClass() {
            return evidence.networkClass() == null ? NetworkClass.UNKNOWN : evidence.networkClass();
        }

        public String zone() {
            return evidence.zone();
        }

        public Double latitude() {
            return evidence.latitude() != null && evidence.longitude() != null ? evidence.latitude() : null;
        }

        public Double longitude() {
            return evidence.latitude() != null && evidence.longitude() != null ? evidence.longitude() : null;
        }
    }

    /**
     * Whether a use from a new prefix belongs with a network the credential was used from before:
     * the same configured network, the company's own egress, every fact known on both sides
     * agreeing, or only the autonomous system changing on the same device or through a privacy
     * relay (which keeps the user's country); or two relay egresses with the same client, wherever
     * they are placed and whichever of the relay's partners runs them (iCloud Private Relay hands
     * a session to Akamai's, Cloudflare's or Fastly's egress from one connection to the next; a
     * relay's egress says nothing of where its user is, and a thief would have to be behind a relay
     * with the owner's browser); or two nodes of one security service edge's network owner with the
     * same client and no device differing (a company's traffic fails over from its nearest node to
     * one on another continent; the edge carries only its customers' staff, and a thief does not
     * egress through the victim company's gateway, though nothing here tells one customer of the
     * provider from another); or the same device and client, when one side is a VPN, security edge,
     * relay or mobile network, or the device could have flown from one place to the other, or the
     * device is a phone and one side is its mobile data: a network owner the credential was used
     * from, on that phone and in its habit ({@code remembered}), from {@value #MOBILE_DATA_PREFIXES}
     * prefixes or more (a carrier hands a phone another address at each attach). Abroad, a phone's
     * mobile data goes home through its own carrier (home-routed roaming, the usual arrangement),
     * so it is placed at home while its Wi-Fi at the hotel is placed where the phone is, and many
     * carriers run their fixed lines under the same autonomous system, so their mobile addresses
     * are not known as mobile. A replayed session has no device id; a device id travels with its
     * device.
     */
    static boolean belongsWith(Seen use, Seen known, List<Seen> remembered) {
        if (use.zone() != null && use.zone().equals(known.zone()) || use.networkClass() == NetworkClass.CORPORATE) {
            return true;
        }
        Set<String> differing = differing(use, known);
        int comparable = count(use.asn(), known.asn()) + count(use.country(), known.country())
                + count(use.device(), known.device()) + (clientsComparable(use, known) ? 1 : 0);
        if (comparable == 0) {
            return false;
        }
        if (differing.isEmpty() && !deviceLost(use, known)) {
            return true;
        }
        boolean sameDevice = use.device() != null && use.device().equals(known.device());
        boolean noDevices = use.device() == null && known.device() == null;
        boolean relay = use.networkClass() == NetworkClass.PRIVACY_RELAY;
        if (differing.equals(Set.of("autonomous system")) && (sameDevice || relay && noDevices)) {
            return true;
        }
        if (relay && known.networkClass() == NetworkClass.PRIVACY_RELAY && !differing.contains("client")) {
            return true;
        }
        if (edgeFailover(use, known) && !differing.contains("autonomous system") && !differing.contains("client")
                && !differing.contains("device")) {
            return true;
        }
        return sameDevice && !differing.contains("client") && (tunnelled(use) || tunnelled(known) || travelled(known, use)
                || use.phone() && known.phone() && (mobileData(use, remembered) || mobileData(known, remembered)));
    }

    /**
     * Whether the use would belong with the known network had the use's network ({@code useSide}),
     * or else the known one, been known as a mobile carrier's ({@link #belongsWith}): the question a
     * carrier learnt later answers for an alert raised before it was.
     */
    static boolean belongsOnMobile(Seen use, Seen known, boolean useSide, List<Seen> remembered) {
        return useSide ? !tunnelled(use) && belongsWith(use.onMobile(), known, remembered)
                : !tunnelled(known) && belongsWith(use, known.onMobile(), remembered);
    }

    /** {@link #belongsWith(Seen, Seen, List)} without the credential's other networks to tell a phone's mobile data by. */
    static boolean belongsWith(Seen use, Seen known) {
        return belongsWith(use, known, List.of());
    }

    /**
     * Whether the credential used the seen network owner from the same phone, in its own habit, on
     * {@value #MOBILE_DATA_PREFIXES} prefixes or more.
     */
    private static boolean mobileData(Seen seen, List<Seen> remembered) {
        if (!seen.ownerKnown()) {
            return false;
        }
        Set<String> prefixes = new HashSet<>();
        prefixes.add(seen.prefix());
        for (Seen other : remembered) {
            if (!other.suspect() && other.phone() && Objects.equals(other.device(), seen.device()) && other.ownerKnown()
                    && other.sameOwner(seen)) {
                prefixes.add(other.prefix());
            }
        }
        return prefixes.size() >= MOBILE_DATA_PREFIXES;
    }

    /**
     * Whether the use is on a security service edge's node and the known network is another of its
     * nodes, or the organisation's own network (learnt or configured) on the same network owner:
     * a company whose staff all go through the edge has its usual node learnt as its own egress, and
     * the failover to a node on another continent is still the edge's doing. (The network owners
     * are compared by the caller.)
     */
    private static boolean edgeFailover(Seen use, Seen known) {
        return use.networkClass() == NetworkClass.SECURITY_EDGE && (known.networkClass() == NetworkClass.SECURITY_EDGE
                || known.networkClass() == NetworkClass.CORPORATE && known.ownerKnown());
    }

    /**
     * Whether the known use came from a device that named itself (an Entra device id, an Okta device
     * hash) and the new one, on another network, names none: a session or token copied off its
     * device and replayed elsewhere carries no device id, even when every other fact agrees (a
     * residential proxy on the owner's own ISP, in the owner's city).
     */
    static boolean deviceLost(Seen use, Seen known) {
        return known.device() != null && use.device() == null;
    }

    /** VPN, security edge, relay and mobile egress say little about where the device is. */
    private static boolean tunnelled(Seen seen) {
        return seen.networkClass().tunnel();
    }

    private static boolean fixedLine(Seen seen) {
        return !seen.phone() && !tunnelled(seen);
    }

    /** Whether the device could have gone from one place to the other in the time between, by air. */
    static boolean travelled(Seen from, Seen to) {
        if (from.latitude() == null || to.latitude() == null || from.lastSeen() == null || to.lastSeen() == null) {
            return false;
        }
        double km = Network.kilometres(from.latitude(), from.longitude(), to.latitude(), to.longitude());
        double hours = Math.abs(Duration.between(from.lastSeen(), to.lastSeen()).toSeconds()) / 3600.0;
        return km <= TRAVEL_KMH * Math.max(0, hours - AIRPORT_HOURS) || km < METRO_KM;
    }

    /**
     * Which facts known on both sides differ: country, metro area, autonomous system, device,
     * client. The metro area is compared only between fixed lines: neither side a phone (whose
     * carrier may not be known as one: many run their mobile and fixed networks under one autonomous
     * system) nor a VPN, relay or mobile network, whose addresses are placed at their gateways. A
     * national ISP's addresses in two cities {@value #METRO_KM} km or more apart are two homes, not
     * one. Two autonomous systems of one organisation (a carrier's or ISP's several), or of one
     * operator the network list names (a security edge's several), are not a change of network owner.
     */
    static Set<String> differing(Seen a, Seen b) {
        Set<String> differing = new LinkedHashSet<>();
        if (differs(a.country(), b.country())) {
            differing.add("country");
        } else if (fixedLine(a) && fixedLine(b) && a.latitude() != null && b.latitude() != null
                && Network.kilometres(a.latitude(), a.longitude(), b.latitude(), b.longitude()) >= METRO_KM) {
            differing.add("metro area");
        }
        if (a.ownerKnown() && b.ownerKnown() && !a.sameOwner(b) && (a.asOrg() == null || !a.asOrg().equalsIgnoreCase(b.asOrg()))) {
            differing.add("autonomous system");
        }
        if (differs(a.device(), b.device())) {
            differing.add("device");
        }
        if (clientsComparable(a, b) && (!Objects.equals(a.clientClass(), b.clientClass()) || differs(a.family(), b.family()))) {
            differing.add("client");
        }
        return differing;
    }

    /**
     * Clients can be compared when both are known; a person's browser and their native apps
     * (Teams, Outlook) share one session legitimately, so those two classes are not compared.
     */
    private static boolean clientsComparable(Seen a, Seen b) {
        if (a.clientClass() == null || b.clientClass() == null) {
            return false;
        }
        if (a.clientClass() != b.clientClass()) {
            return !(personal(a.clientClass()) && personal(b.clientClass()));
        }
        return a.family() != null && b.family() != null;
    }

    private static boolean personal(ClientClass clientClass) {
        return clientClass == ClientClass.BROWSER || clientClass == ClientClass.MOBILE_APP;
    }

    private static int count(Object a, Object b) {
        return a != null && b != null ? 1 : 0;
    }

    private static boolean differs(Object a, Object b) {
        return a != null && b != null && !a.equals(b);
    }
}
