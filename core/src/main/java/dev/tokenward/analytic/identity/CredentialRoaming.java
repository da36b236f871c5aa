package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.EventField;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.event.Agent;
import dev.tokenward.event.ClientClass;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.IpAddress;
import dev.tokenward.event.NetworkClass;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.Risk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A session, token or temporary key used from a network it does not belong to: the replay of a
 * stolen cookie (adversary-in-the-middle phishing, infostealers) or of exfiltrated cloud keys.
 *
 * <p>Each credential remembers the networks it was used from: the /24 (IPv4) or /64 (IPv6), and
 * where the source or enrichment says, the autonomous system, country, device fingerprint, client
 * class and family, network class and configured zone. A use from a new prefix alerts unless it
 * belongs with a known network: the same configured network (a VPN pool), the company's own
 * (CORPORATE) egress, every fact known on both sides agreeing (a mobile carrier hop inside one ASN,
 * DHCP renewal, IPv6 privacy addresses), or only the ASN changing on the same device fingerprint (a
 * laptop moving from home to office) or onto a privacy relay when neither side has a device
 * fingerprint. With no facts to compare, the prefix change alone alerts. Private addresses and
 * cloud-service callers ({@code ec2.amazonaws.com}) are never compared, nor are failed uses and MFA
 * steps (an MFA approval is logged from the phone that gave it, not from the session's browser).
 *
 * <p>ATT&CK: T1550.001 (Application Access Token), T1539 (Steal Web Session Cookie); analytics
 * AN0722 and AN0201.
 */
public final class CredentialRoaming implements Analytic<CredentialRoaming.State> {
    public static final String ID = "credential-roaming";

    private static final Set<CredentialKind> FOLLOWED = EnumSet.of(CredentialKind.SESSION,
            CredentialKind.TEMPORARY_KEY, CredentialKind.FEDERATION_TOKEN, CredentialKind.ACCESS_TOKEN,
            CredentialKind.REFRESH_TOKEN);

    private static final AnalyticSpec SPEC = new AnalyticSpec(ID,
            "Session or token used from a network it does not belong to",
            List.of("T1550.001", "T1539", "AN0722", "AN0201"), EntityKind.CREDENTIAL, Severity.MEDIUM,
            List.of(FieldNeed.of(EventField.CREDENTIAL_ID, EventKind.CREDENTIAL_USE, EventKind.TOKEN_REFRESHED),
                    FieldNeed.of(EventField.CLIENT_IP, EventKind.CREDENTIAL_USE, EventKind.TOKEN_REFRESHED)),
            List.of(FieldNeed.of(EventField.NETWORK_ASN), FieldNeed.of(EventField.CLIENT_DEVICE_ID),
                    FieldNeed.of(EventField.CLIENT_USER_AGENT), FieldNeed.of(EventField.NETWORK_COUNTRY),
                    FieldNeed.of(EventField.CREDENTIAL_PARENT_ID, EventKind.CREDENTIAL_USE)));

    /**
     * @param idleExpiry  a credential unused this long is forgotten (longer than the longest session you allow)
     * @param maxNetworks networks remembered per credential; the least recently used is forgotten first
     */
    public record Settings(Duration idleExpiry, int maxNetworks) {
        public static final Settings DEFAULTS = new Settings(Duration.ofHours(72), 16);

        public Settings {
            dev.tokenward.event.Checks.require(idleExpiry.compareTo(Duration.ofMinutes(1)) >= 0, "idleExpiry must be at least a minute");
            dev.tokenward.event.Checks.require(maxNetworks >= 2, "maxNetworks must be at least 2");
        }
    }

    /** What one credential has been seen doing. */
    public static final class State {
        /** Whose credential it is: the principal it acts as, or until it is used, the one it was issued to. */
        public String owner;
        /** Who had it issued, when its issuance was seen. */
        public String issuer;
        /** What it is, as first seen: "Okta session", "AWS temporary key", ... */
        public String label;
        public Evidence first;
        public List<Seen> networks = new ArrayList<>();
        public Instant lastSeen;
        public Instant expiryAt;
    }

    /** One network a credential was used from, with the facts known about it there. */
    public record Seen(String prefix, Long asn, String country, String device, String family, ClientClass clientClass,
                       NetworkClass networkClass, String zone, Double latitude, Double longitude, Instant lastSeen,
                       Evidence evidence) {
        Seen touched(Instant at) {
            return new Seen(prefix, asn, country, device, family, clientClass, networkClass, zone, latitude, longitude, at,
                    evidence);
        }
    }

    /** Fastest plausible travel between two uses of one device: an airliner, with two hours for the airports. */
    private static final double TRAVEL_KMH = 900;
    private static final double AIRPORT_HOURS = 2;

    private final Settings settings;

    public CredentialRoaming(Settings settings) {
        this.settings = settings;
    }

    @Override
    public AnalyticSpec spec() {
        return SPEC;
    }

    @Override
    public boolean accepts(Event event) {
        IpAddress ip = event.client().ip();
        return ip != null && !ip.isPrivate() && !event.outcome().stopped() && event.kind() != EventKind.MFA
                && event.credential() != null
                && event.principal() != null && !keys(event).isEmpty();
    }

    @Override
    public List<String> keys(Event event) {
        var credential = event.credential();
        if (credential == null) {
            return List.of();
        }
        List<String> keys = new ArrayList<>(2);
        if (FOLLOWED.contains(credential.kind()) && credential.lineageId() != null) {
            keys.add(credential.lineageId());
        }
        if (event.kind() == EventKind.TOKEN_ISSUED && credential.issuedCredentialId() != null
                && credential.issued().issuedTo() != null) {
            keys.add(credential.issuedCredentialId());
        }
        return keys;
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public State onEvent(Event event, State state, Context context) {
        String prefix = event.client().ip().prefix();
        state.lastSeen = state.lastSeen == null || context.now().isAfter(state.lastSeen) ? context.now() : state.lastSeen;
        if (state.expiryAt == null) {
            state.expiryAt = context.now().plus(settings.idleExpiry());
            context.setTimer(state.expiryAt);
        }
        boolean issuance = !context.key().equals(event.credential().lineageId());
        if (issuance) {
            state.issuer = event.principal().name();
        } else if (state.owner == null || state.owner.equals(state.issuer)) {
            state.owner = event.principal().name();
        }
        if (thirdPartyApp(event)) {
            return state;
        }
        for (int i = 0; i < state.networks.size(); i++) {
            Seen known = state.networks.get(i);
            if (known.prefix().equals(prefix)) {
                if (context.now().isAfter(known.lastSeen())) {
                    state.networks.set(i, known.touched(context.now()));
                }
                return state;
            }
        }
        Seen use = seen(event, prefix, context.now(), context.evidence(event));
        if (state.first == null) {
            state.owner = state.owner == null ? event.principal().name() : state.owner;
            state.label = kindLabel(event, context.key());
            state.first = use.evidence();
            state.networks.add(use);
            return state;
        }
        boolean belongs = state.networks.stream().anyMatch(known -> belongsWith(use, known));
        if (!belongs) {
            context.emit(signal(event, state, use, context));
        }
        remember(state, use);
        return state;
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        Instant idleUntil = state.lastSeen.plus(settings.idleExpiry());
        if (!time.isBefore(idleUntil)) {
            return null;
        }
        state.expiryAt = idleUntil;
        context.setTimer(idleUntil);
        return state;
    }

    /**
     * Whether a use from a new prefix belongs with a network the credential was used from before:
     * the same configured network, the company's own egress, every fact known on both sides
     * agreeing, or only the autonomous system changing on the same device or through a privacy
     * relay (which keeps the user's country); or the same device and client, when one side is a
     * VPN, relay or mobile network or the device could have flown from one place to the other.
     * A replayed session has no device id; a device id travels with its device.
     */
    static boolean belongsWith(Seen use, Seen known) {
        if (use.zone() != null && use.zone().equals(known.zone()) || use.networkClass() == NetworkClass.CORPORATE) {
            return true;
        }
        Set<String> differing = differing(use, known);
        int comparable = count(use.asn(), known.asn()) + count(use.country(), known.country())
                + count(use.device(), known.device()) + (clientsComparable(use, known) ? 1 : 0);
        if (comparable == 0) {
            return false;
        }
        if (differing.isEmpty()) {
            return true;
        }
        boolean sameDevice = use.device() != null && use.device().equals(known.device());
        boolean noDevices = use.device() == null && known.device() == null;
        boolean relay = use.networkClass() == NetworkClass.PRIVACY_RELAY;
        if (differing.equals(Set.of("autonomous system")) && (sameDevice || relay && noDevices)) {
            return true;
        }
        return sameDevice && !differing.contains("client") && (tunnelled(use) || tunnelled(known) || travelled(known, use));
    }

    /**
     * A use of the session by an application that is not the identity provider's own: a web app the
     * user signed in to, or one they consented to, redeems the session's refresh token from its own
     * servers, so its uses are not the session roaming; oauth-consent-then-use judges those
     * applications.
     */
    static boolean thirdPartyApp(Event event) {
        return event.kind() == EventKind.TOKEN_REFRESHED && Boolean.FALSE.equals(event.client().firstParty());
    }

    /** VPN, relay and mobile egress say little about where the device is. */
    private static boolean tunnelled(Seen seen) {
        return seen.networkClass() == NetworkClass.VPN || seen.networkClass() == NetworkClass.PRIVACY_RELAY
                || seen.networkClass() == NetworkClass.MOBILE;
    }

    /** Whether the device could have gone from one place to the other in the time between, by air. */
    static boolean travelled(Seen from, Seen to) {
        if (from.latitude() == null || to.latitude() == null || from.lastSeen() == null || to.lastSeen() == null) {
            return false;
        }
        double km = dev.tokenward.event.Network.kilometres(from.latitude(), from.longitude(), to.latitude(), to.longitude());
        double hours = Math.abs(java.time.Duration.between(from.lastSeen(), to.lastSeen()).toSeconds()) / 3600.0;
        return km <= TRAVEL_KMH * Math.max(0, hours - AIRPORT_HOURS) || km < 300;
    }

    private static Set<String> differing(Seen a, Seen b) {
        Set<String> differing = new java.util.LinkedHashSet<>();
        if (differs(a.country(), b.country())) {
            differing.add("country");
        }
        if (differs(a.asn(), b.asn())) {
            differing.add("autonomous system");
        }
        if (differs(a.device(), b.device())) {
            differing.add("device");
        }
        if (clientsComparable(a, b) && !java.util.Objects.equals(a.clientClass(), b.clientClass())
                || clientsComparable(a, b) && differs(a.family(), b.family())) {
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

    private Signal signal(Event event, State state, Seen use, Context context) {
        Seen home = state.networks.get(0);
        Set<String> differing = differing(use, home);
        Severity severity = severity(event, use, differing);
        String credential = context.key();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Used from an unfamiliar network?", "yes: " + use.evidence().where());
        facts.put("Network the credential was first used from", state.first.where());
        facts.put("What changed", differing.isEmpty() ? "the network prefix only (no other facts to compare)"
                : String.join(", ", differing));
        if (use.networkClass() != null && use.networkClass() != NetworkClass.UNKNOWN) {
            facts.put("Kind of network", Evidence.label(use.networkClass())
                    + (home.networkClass() == null || home.networkClass() == NetworkClass.UNKNOWN ? ""
                    : " (first use: " + Evidence.label(home.networkClass()) + ")"));
        }
        if (use.clientClass() != null) {
            facts.put("Client", (use.family() == null ? "" : use.family() + ", ") + Evidence.label(use.clientClass()));
        }
        facts.put("Time since first use", Describe.between(state.first.time(), context.now()));
        facts.put("Credential", state.label + " " + credential);
        if (state.issuer != null) {
            facts.put("Issued to", state.issuer);
        }
        String title = String.format(java.util.Locale.ROOT, "%s %s used from %s after %s",
                state.label, credential, use.evidence().where(), state.first.where());
        return new Signal(ID, SPEC.attack(), context.now(), severity, state.owner, credential, title,
                List.of(state.first, use.evidence()), facts);
    }

    /**
     * High for another country, a changed device with another client or network, a scripted or
     * automated client on a person's session, or the source's own threat verdict (attack
     * infrastructure raises any alert one step, in the signal pipeline).
     */
    private static Severity severity(Event event, Seen use, Set<String> differing) {
        boolean scripted = use.clientClass() == ClientClass.SCRIPT || use.clientClass() == ClientClass.AUTOMATION;
        boolean session = event.credential().kind() == CredentialKind.SESSION;
        if (differing.contains("country")
                || differing.contains("device") && (differing.contains("client") || differing.contains("autonomous system"))
                || scripted && session
                || event.risk() == Risk.HIGH) {
            return Severity.HIGH;
        }
        return Severity.MEDIUM;
    }

    private void remember(State state, Seen use) {
        if (state.networks.size() >= settings.maxNetworks()) {
            int oldest = 1;
            for (int i = 2; i < state.networks.size(); i++) {
                if (state.networks.get(i).lastSeen().isBefore(state.networks.get(oldest).lastSeen())) {
                    oldest = i;
                }
            }
            state.networks.remove(oldest);
        }
        state.networks.add(use);
    }

    private static Seen seen(Event event, String prefix, Instant at, Evidence evidence) {
        Agent agent = event.client().agent();
        boolean known = agent != null && agent.clientClass() != ClientClass.UNKNOWN;
        boolean located = event.network().hasLocation();
        return new Seen(prefix, event.network().asn(), event.network().country(), event.client().deviceId(),
                known ? agent.family() : null, known ? agent.clientClass() : null, event.network().networkClass(),
                event.network().zone(), located ? event.network().latitude() : null,
                located ? event.network().longitude() : null, at, evidence);
    }

    private static String kindLabel(Event event, String credential) {
        boolean issued = credential.equals(event.credential().issuedCredentialId());
        return issued ? event.credential().issued().provider() + " temporary key" : Describe.credential(event.credential());
    }

    private static int count(Object a, Object b) {
        return a != null && b != null ? 1 : 0;
    }

    private static boolean differs(Object a, Object b) {
        return a != null && b != null && !a.equals(b);
    }
}
