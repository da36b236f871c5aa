package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.EventField;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Expiring;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.baseline.Facet;
import dev.tokenward.analytic.baseline.Profile;
import dev.tokenward.analytic.baseline.Seen;
import dev.tokenward.event.Agent;
import dev.tokenward.event.ClientClass;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
 * named by an alert is not judged again in that time, so the person's own activity at home after an
 * attacker's session, or an attacker hopping between two servers, is not a second alert.
 *
 * <p>Places that say little about where the person is are not judged: VPN and privacy-relay exits
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

    private static final Set<NetworkClass> NOT_JUDGED = Set.of(NetworkClass.VPN, NetworkClass.PRIVACY_RELAY,
            NetworkClass.MOBILE, NetworkClass.CORPORATE, NetworkClass.PRIVATE);

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

    private static final Duration REFRESH = Duration.ofMinutes(10);
    /** How far a metro area reaches from its centre. */
    private static final double METRO_KM = 100;
    /** Colleagues on a network (with MFA behind them) that make it a place people of the tenant work from. */
    private static final int COLLEAGUES = 5;

    private final Settings settings;

    public ImpossibleTravel(Settings settings) {
        this.settings = settings;
    }

    @Override
    public AnalyticSpec spec() {
        return SPEC;
    }

    @Override
    public boolean accepts(Event event) {
        if (event.principal() == null || event.principal().type() != PrincipalType.HUMAN || event.outcome() != Outcome.SUCCESS
                || !event.network().hasLocation() || event.client().ip() == null || event.client().ip().isPrivate()) {
            return false;
        }
        if (NOT_JUDGED.contains(event.network().networkClass()) || event.network().zone() != null
                || CredentialRoaming.thirdPartyApp(event) || cloudService(event) || phoneApp(event)) {
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
        forget(state, now);
        Integer accuracy = event.network().accuracyKm();
        Place here = new Place(Profile.place(event.network()), event.client().ip().prefix(), event.network().latitude(),
                event.network().longitude(), accuracy == null ? settings.samePlaceKm() : accuracy, now, null, event.network().sharedBy());
        Profile profile = context.profile(event.principal().name());
        Place farthest = null;
        double farthestKm = 0;
        for (Place there : state.places) {
            if (there.network().equals(here.network())) {
                continue;
            }
            double km = here.kilometresTo(there) - here.accuracyKm() - there.accuracyKm();
            double hours = Math.max(0, Duration.between(there.time(), now).toSeconds() / 3600.0 - settings.airportHours());
            if (km >= settings.minDistanceKm() && km > settings.maxSpeedKmh() * hours && km > farthestKm) {
                farthest = there;
                farthestKm = km;
            }
        }
        if (farthest != null) {
            here = here.withEvidence(context.evidence(event));
            judge(event, here, farthest, farthestKm, profile, state, context);
        }
        remember(state, here, event);
        return keep(state, context);
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        forget(state, time);
        return keep(state, context);
    }

    /** Alerts on the unfamiliar side of an impossible pair, unless both are familiar or it alerted already. */
    private void judge(Event event, Place here, Place there, double km, Profile profile, State state, Context context) {
        boolean hereFamiliar = familiar(profile, here);
        boolean thereFamiliar = familiar(profile, there);
        if (hereFamiliar && thereFamiliar || alertedRecently(state, there.name(), context.now())) {
            return;
        }
        Place suspect = suspect(here, hereFamiliar, there, thereFamiliar, profile);
        if (alertedRecently(state, suspect.name(), context.now())) {
            return;
        }
        Place other = suspect == here ? there : here;
        state.alerted.put(suspect.name(), context.now());
        if (!(other == here ? hereFamiliar : thereFamiliar)) {
            state.alerted.put(other.name(), context.now());
        }
        Evidence suspectEvidence = suspect.evidence();
        Duration between = Duration.between(there.time(), here.time());
        String title = event.principal().name() + " active from " + suspectEvidence.where() + " and " + other.name()
                + (between.toMinutes() < 1 ? " at the same time" : " " + Describe.duration(between) + " apart") + ": "
                + String.format(Locale.ROOT, "%,.0f", km) + " km";
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Used from an unfamiliar place?", "yes: " + suspect.name() + " (" + describe(profile, suspect.name()) + "), "
                + String.format(Locale.ROOT, "%,.0f km from %s (%s)", km, other.name(), describe(profile, other.name())));
        facts.put("Speed needed", between.toMinutes() < 1 ? "simultaneous" : String.format(Locale.ROOT, "%,.0f km/h",
                km / Math.max(1.0 / 60, between.toSeconds() / 3600.0)));
        facts.put("Allowed", String.format(Locale.ROOT, "%,.0f km/h after %.0f h for airports; geolocation uncertainty"
                + " (%,.0f and %,.0f km) subtracted", settings.maxSpeedKmh(), settings.airportHours(), here.accuracyKm(),
                there.accuracyKm()));
        if (profile != null) {
            facts.put("Baseline", profile.describe());
        }
        String credential = event.credential() == null ? null : event.credential().id();
        context.emit(new Signal(ID, SPEC.attack(), event.time(), suspectEvidence.scripted() ? Severity.HIGH : Severity.MEDIUM,
                event.principal().name(), credential, title, List.of(there.evidence(), here.evidence()), facts, suspectEvidence)
                .excusableBy(there.evidence(), here.evidence()));
    }

    /**
     * The side of an impossible pair that is not the person: the unfamiliar one; between two
     * unfamiliar ones, a hosting provider or script, else the one the profile has seen on fewer days
     * (then fewer times); else the newer.
     */
    private static Place suspect(Place here, boolean hereFamiliar, Place there, boolean thereFamiliar, Profile profile) {
        if (hereFamiliar != thereFamiliar) {
            return hereFamiliar ? there : here;
        }
        boolean hereHostile = here.evidence().hostile();
        if (hereHostile != there.evidence().hostile()) {
            return hereHostile ? here : there;
        }
        Seen hereSeen = profile == null ? null : profile.seen(Facet.PLACE, here.name());
        Seen thereSeen = profile == null ? null : profile.seen(Facet.PLACE, there.name());
        int hereDays = hereSeen == null ? 0 : hereSeen.days;
        int thereDays = thereSeen == null ? 0 : thereSeen.days;
        if (hereDays != thereDays) {
            return hereDays < thereDays ? here : there;
        }
        long hereCount = hereSeen == null ? 0 : hereSeen.count;
        long thereCount = thereSeen == null ? 0 : thereSeen.count;
        return thereCount < hereCount ? there : here;
    }

    /**
     * Whether the profile shows the person at this place on enough days, or in its metro area (within
     * {@link #METRO_KM} of a familiar place: one city's addresses geolocate across its suburbs), or
     * on this network owner (their carrier or ISP, whatever city its addresses are put in) on enough days.
     */
    private boolean familiar(Profile profile, Place place) {
        if (place.sharedBy() >= COLLEAGUES) {
            return true;
        }
        if (profile == null) {
            return false;
        }
        Seen seen = profile.seen(Facet.PLACE, place.name());
        if (seen != null && seen.days >= settings.familiarDays()) {
            return true;
        }
        Long asn = place.evidence() == null ? null : place.evidence().asn();
        Seen owner = asn == null ? null : profile.seen(Facet.ASN, "AS" + asn);
        if (owner != null && owner.days >= settings.familiarDays()) {
            return true;
        }
        for (Seen known : profile.values(Facet.PLACE).values()) {
            if (known.days >= settings.familiarDays() && known.latitude != null && Network.kilometres(known.latitude, known.longitude,
                    place.latitude(), place.longitude()) <= METRO_KM) {
                return true;
            }
        }
        return false;
    }

    private boolean alertedRecently(State state, String place, Instant now) {
        Instant last = state.alerted.get(place);
        return last != null && last.plus(settings.repeatAfter()).isAfter(now);
    }

    private static String describe(Profile profile, String place) {
        Seen seen = profile == null ? null : profile.seen(Facet.PLACE, place);
        return seen == null ? "never seen before" : seen.describe();
    }

    /**
     * Keeps the place as its latest visit (to within {@link #REFRESH}: a person active all day in
     * one place does not rebuild its evidence for every event): one entry per place, the oldest
     * dropped beyond the cap.
     */
    private void remember(State state, Place here, Event event) {
        Place last = state.places.isEmpty() ? null : state.places.get(state.places.size() - 1);
        if (last != null && last.name().equals(here.name()) && last.network().equals(here.network())
                && last.time().plus(REFRESH).isAfter(here.time())) {
            return;
        }
        Place visit = here.evidence() == null ? here.withEvidence(Evidence.of(event)) : here;
        state.places.removeIf(p -> p.name().equals(visit.name()) || p.network().equals(visit.network())
                || p.kilometresTo(visit) < settings.samePlaceKm());
        state.places.add(visit);
        if (state.places.size() > settings.recentPlaces()) {
            state.places.remove(0);
        }
    }

    private void forget(State state, Instant now) {
        state.places.removeIf(p -> !p.time().plus(settings.window()).isAfter(now));
        state.alerted.values().removeIf(at -> !at.plus(settings.repeatAfter()).isAfter(now));
    }

    private State keep(State state, Context context) {
        Instant expiry = state.places.isEmpty() ? null : state.places.get(state.places.size() - 1).time().plus(settings.window());
        for (Instant at : state.alerted.values()) {
            expiry = Expiring.later(expiry, at.plus(settings.repeatAfter()));
        }
        return Expiring.keep(state, expiry, context);
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
        return agent != null && agent.clientClass() == ClientClass.MOBILE_APP && ("iOS".equals(agent.os()) || "Android".equals(agent.os()))
                && event.network().networkClass() != NetworkClass.HOSTING;
    }
}
