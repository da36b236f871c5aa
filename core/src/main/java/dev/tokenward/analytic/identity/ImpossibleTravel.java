package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.EventField;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Expiring;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.baseline.Profile;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Network;
import dev.tokenward.event.NetworkClass;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One person active from places too far apart for the time between: consecutive successful
 * activity, in sliding event time, whose distance less both places' geolocation uncertainty would
 * need more than {@code maxSpeedKmh} (with {@code airportHours} allowed for getting to and from
 * airports). Sessions valid at the same time in distant places are the zero-time case.
 *
 * <p>Keyed by principal (people only). Each successful sign-in, MFA, session, token or credential
 * use with a location is a place; places within {@code samePlaceKm} of each other, or seen from the
 * same /24 or /64 network, are one, remembered by their latest visit (one network in two places is
 * two geolocation sources disagreeing — Okta's and the MMDB's, say — not travel); the last {@code recentPlaces} places within {@code window} are kept and a new place
 * is compared with each.
 *
 * <p>Which side of an impossible pair is suspect comes from the principal's shared profile: a place
 * it showed on at least {@code familiarDays} days is familiar, and so is a place in the metro area of
 * a familiar one, or on a network owner (the person's carrier or ISP, wherever its addresses are put)
 * the profile showed on as many days, or a network five or more of the tenant's people work from with
 * MFA (an office or gateway the organisation baseline has not yet learnt). Two familiar places (a home and an office the geolocation data
 * puts in different cities, a roaming phone on its home carrier) raise nothing; otherwise the unfamiliar
 * side is the suspect (between two unfamiliar places: a hosting provider or script, else the place
 * seen on fewer days). A suspect place alerts once per {@code repeatAfter}, and an unfamiliar place
 * named by an alert is not judged again in that time (by its name or its network: a source may put
 * one address in a different town from one event to the next), so the person's own activity at home after an
 * attacker's session, or an attacker hopping between two servers, is not a second alert.
 *
 * <p>Places that say little about where the person is are not judged: VPN, security-edge and privacy-relay exits,
 * a hosting provider's network the person completed MFA from on two days (their own VPN's exit on a rented server),
 * and configured or learnt organisation networks (their egress is not where the person is), mobile
 * carriers and phones' own apps (a phone on cellular data geolocates to its carrier's gateway, and
 * roaming to its home carrier's), private addresses, cloud services acting for
 * the user and third-party web applications redeeming an Entra session from their servers. Below
 * {@code minDistanceKm} nothing is judged.
 *
 * <p>Severity is high when the suspect place is a hosting provider or the client a script, bot or
 * attack tool; medium otherwise.
 *
 * <p>ATT&CK: T1078, T1550.001; detection analytics AN0722 ("simultaneous valid sessions from distant
 * geographies") and AN0201 ("unusual locations").
 */
public final class ImpossibleTravel implements Analytic<ImpossibleTravel.State> {
    public static final String ID = "impossible-travel";

    private static final AnalyticSpec SPEC = new AnalyticSpec(ID,
            "Activity from places too far apart for the time between",
            List.of("T1078", "T1550.001", "AN0722", "AN0201"), EntityKind.PRINCIPAL, Severity.MEDIUM,
            List.of(FieldNeed.of(EventField.NETWORK_LOCATION, EventKind.AUTHENTICATION, EventKind.SESSION_START,
                    EventKind.TOKEN_REFRESHED, EventKind.CREDENTIAL_USE)),
            List.of(FieldNeed.of(EventField.NETWORK_ASN, EventKind.AUTHENTICATION, EventKind.TOKEN_REFRESHED)));

    /**
     * @param maxSpeedKmh   fastest plausible travel
     * @param airportHours  time allowed for getting to and from airports on a trip
     * @param minDistanceKm distance (less uncertainty) below which nothing is judged
     * @param samePlaceKm   places closer than this are one place
     * @param window        how long a place is remembered
     * @param recentPlaces  places remembered per person
     * @param familiarDays  days on which the profile must have shown a place for it to be familiar
     * @param repeatAfter   quiet period for a suspect place after it alerted
     */
    public record Settings(double maxSpeedKmh, double airportHours, double minDistanceKm, double samePlaceKm,
                           Duration window, int recentPlaces, int familiarDays, Duration repeatAfter) {
        public static final Settings DEFAULTS = new Settings(900, 2, 500, 50, Duration.ofHours(24), 8, 3,
                Duration.ofHours(24));

        public Settings {
            if (maxSpeedKmh <= 0 || airportHours < 0 || minDistanceKm < 0 || samePlaceKm < 0 || recentPlaces < 1
                    || familiarDays < 1) {
                throw new IllegalArgumentException("maxSpeedKmh must be positive, recentPlaces and familiarDays at least 1,"
                        + " and airportHours, minDistanceKm and samePlaceKm not negative");
            }
        }
    }

    /** Per person: recent places, and the suspect places that alerted. */
    public static final class State extends Expiring {
        public List<Place> places = new ArrayList<>();
        public Map<String, Instant> alerted = new LinkedHashMap<>();
    }

    /**
     * Where the person was, as of the latest visit.
     *
     * @param name       "city, country", the profile's name for it
     * @param network    the source network (/24 or /64) it was seen from
     * @param accuracyKm the geolocation's uncertainty radius
     * @param evidence   the latest event there
     */
    public record Place(String name, String network, double latitude, double longitude, double accuracyKm, Instant time,
                        Evidence evidence, int sharedBy) {
        Place withEvidence(Evidence of) {
            return new Place(name, network, latitude, longitude, accuracyKm, time, of, sharedBy);
        }

        double kilometresTo(Place other) {
            return Network.kilometres(latitude, longitude, other.latitude, other.longitude);
        }
    }

    private final Settings settings;
    private final PlaceFamiliarity familiarity;
    private final PlaceMemory memory;

    public ImpossibleTravel(Settings settings) {
        this.settings = settings;
        this.familiarity = new PlaceFamiliarity(settings.familiarDays());
        this.memory = new PlaceMemory(settings);
    }

    @Override
    public AnalyticSpec spec() {
        return SPEC;
    }

    @Override
    public boolean accepts(Event event) {
        if (event.principal() == null || event.principal().type() != PrincipalType.HUMAN || event.outcome() != Outcome.SUCCESS
                || !event.network().hasLocation() || event.client().ip() == null || event.client().ip().isPrivate()
                || !PersonLocation.locates(event)) {
            return false;
        }
        return switch (event.kind()) {
            case AUTHENTICATION, MFA, SESSION_START, TOKEN_ISSUED, TOKEN_REFRESHED, CREDENTIAL_USE -> true;
            default -> false;
        };
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public State onEvent(Event event, State state, Context context) {
        Instant now = context.now();
        memory.forget(state, now);
        Integer accuracy = event.network().accuracyKm();
        Place here = new Place(Profile.place(event.network()), event.client().ip().prefix(), event.network().latitude(),
                event.network().longitude(), accuracy == null ? settings.samePlaceKm() : accuracy, now, null, event.network().sharedBy());
        Profile profile = context.profile(event.principal().name());
        if (ownRentedExit(profile, event.network().networkClass(), here.network())) {
            return keep(state, context);
        }
        state.places.removeIf(place -> place.evidence() != null
                && ownRentedExit(profile, place.evidence().networkClass(), place.network()));
        Place farthest = memory.farthestUnreachable(state, here, now);
        if (farthest != null) {
            here = here.withEvidence(context.evidence(event));
            judge(event, here, farthest, PlaceMemory.kilometresApart(here, farthest), profile, state, context);
        }
        memory.remember(state, here, event);
        return keep(state, context);
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        memory.forget(state, time);
        return keep(state, context);
    }

    /**
     * Whether the network is the person's own VPN exit on a rented server: a hosting provider's (the
     * network data knows commercial VPNs' exits at M247, Datacamp or Leaseweb only as hosting) from
     * which they completed MFA on two days or more. Its address is placed at the data centre, not
     * where the person is; a phishing proxy relays one MFA, once. A place remembered from it before
     * it was known so is forgotten.
     */
    private static boolean ownRentedExit(Profile profile, NetworkClass networkClass, String network) {
        return networkClass == NetworkClass.HOSTING && profile != null && profile.ownNetwork(network);
    }

    /** Alerts on the unfamiliar side of an impossible pair, unless both are familiar or it alerted already. */
    private void judge(Event event, Place here, Place there, double km, Profile profile, State state, Context context) {
        boolean hereFamiliar = familiarity.familiar(profile, here);
        boolean thereFamiliar = familiarity.familiar(profile, there);
        if (hereFamiliar && thereFamiliar || memory.alertedRecently(state, there, context.now())) {
            return;
        }
        Place suspect = PlaceFamiliarity.suspect(here, hereFamiliar, there, thereFamiliar, profile);
        if (memory.alertedRecently(state, suspect, context.now())) {
            return;
        }
        Place other = suspect == here ? there : here;
        memory.alerted(state, suspect, context.now());
        if (!(other == here ? hereFamiliar : thereFamiliar)) {
            memory.alerted(state, other, context.now());
        }
        context.emit(TravelAlert.of(SPEC, settings, event, here, there, suspect, other, km, profile));
    }

    private State keep(State state, Context context) {
        return Expiring.keep(state, memory.expiry(state), context);
    }
}
