package dev.tokenward.simulate;

import dev.tokenward.simulate.CloudTrailLog.Call;
import dev.tokenward.simulate.CloudTrailLog.Caller;
import dev.tokenward.simulate.Geography.Address;
import dev.tokenward.simulate.Geography.City;
import dev.tokenward.simulate.Geography.Kind;
import dev.tokenward.simulate.Geography.Network;
import dev.tokenward.simulate.PersonState.Trip;
import dev.tokenward.simulate.Tenant.Device;
import dev.tokenward.simulate.Tenant.Person;
import dev.tokenward.simulate.Tenant.Role;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A benign person's day. The hard cases are the point: sessions that outlive a day and follow the
 * laptop from home to the office or the VPN, phones hopping between Wi-Fi and carrier addresses
 * (and roaming through their home carrier while the laptop is abroad), iCloud Private Relay,
 * flights at real speeds, personal VPNs, mistyped passwords and ignored pushes.
 */
final class Population {
    private static final Duration OKTA_IDLE = Duration.ofHours(2);
    private static final Duration OKTA_MAX = Duration.ofHours(12);
    private static final Duration OKTA_REMEMBERED = Duration.ofDays(7);
    private static final Duration ENTRA_REAUTHENTICATE = Duration.ofDays(14);

    /**
     * A stretch of laptop work from one place; {@code home} when it is the person's usual connection
     * from home or a hotel, {@code onSite} when the laptop is in the office (not on the VPN that egresses there).
     */
    private record Segment(Instant from, Instant to, Vantage laptop, boolean home, boolean onSite) {
    }

    /** Told where each stretch of a person's laptop work was: what a Mac's own telemetry follows. */
    interface LaptopDiary {
        LaptopDiary NONE = (person, date, from, to, atOffice, travelling) -> { };

        void worked(Person person, LocalDate date, Instant from, Instant to, boolean atOffice, boolean travelling);
    }

    private final Tenant tenant;
    private final Geography geography;
    private final Sinks sinks;
    private final long seed;
    private final HardCases hardCases;
    private final Vaults vaults;
    private final Dashboard dashboard;
    private final LaptopDiary diary;

    Population(Tenant tenant, Sinks sinks, long seed, HardCases hardCases, Vaults vaults, Dashboard dashboard, LaptopDiary diary) {
        this.diary = diary;
        this.vaults = vaults;
        this.dashboard = dashboard;
        this.tenant = tenant;
        this.geography = tenant.geography;
        this.sinks = sinks;
        this.seed = seed;
        this.hardCases = hardCases;
    }

    void day(Person person, PersonState state, LocalDate date, int dayIndex) {
        Rand r = Rand.of(seed, "person-day", person.index(), dayIndex);
        Instant dayStart = date.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        state.forgetBefore(dayStart.minus(Duration.ofDays(1)));
        if (state.trip != null && state.trip.returnArrives().isBefore(dayStart)) {
            state.trip = null;
        }
        PersonState.DeviceChange change = state.deviceChange;
        if (change != null && date.equals(change.date())) {
            switch (change.variant()) {
                case "new-laptop" -> {
                    state.laptop = newLaptop(state.laptop, r);
                    state.oktaSession = null;
                    state.laptopSession = null;
                }
                case "new-browser-profile" -> {
                    state.laptop = newBrowserProfile(state.laptop, r);
                    state.oktaSession = null;
                }
                default -> {
                    state.phone = newPhone(state.phone, r);
                    state.phoneSession = null;
                    state.phoneSignsIn = true;
                }
            }
        }
        boolean weekday = date.getDayOfWeek().getValue() <= DayOfWeek.FRIDAY.getValue();
        ZonedDateTime localStart = date.atTime(person.startHour(), 0).atZone(here(person, state, dayStart).zone())
                .plusMinutes(Math.round(r.gaussian(0, 30)));
        Instant start = localStart.toInstant();
        Instant end = start.plus(Duration.ofMinutes(Math.round(r.gaussian(510, 45))));
        if (state.trip == null && weekday) {
            PersonState.PlannedTrip planned = state.plannedTrip;
            if (planned != null && date.equals(planned.date())) {
                state.trip = trip(person, state, start, planned, r);
                state.plannedTrip = null;
            } else if (!date.isBefore(state.plannedUntil) && r.chance(person.tripsPerWeek() / 5)) {
                state.trip = trip(person, state, start, null, r);
            }
        }
        phone(person, state, date, r);
        if (weekday || r.chance(0.1)) {
            List<Segment> segments = segments(person, state, start, weekday ? end : start.plus(Duration.ofMinutes(r.between(40, 120))),
                    weekday, r);
            boolean first = true;
            for (Segment segment : segments) {
                // flying east, the next morning can come before the evening of arrival is over: a
                // laptop does one stretch of work at a time, so what overlaps the last one waits for it
                if (state.workedUntil != null && segment.from().isBefore(state.workedUntil)) {
                    if (!segment.to().isAfter(state.workedUntil.plusSeconds(300))) {
                        continue;
                    }
                    segment = new Segment(state.workedUntil, segment.to(), segment.laptop(), segment.home(), segment.onSite());
                }
                state.workedUntil = segment.to();
                state.stretches.add(new PersonState.Stretch(segment.from(), segment.to(), segment.laptop()));
                work(person, state, segment, first, r);
                first = false;
                diary.worked(person, date, segment.from(), segment.to(), segment.onSite(),
                        state.trip != null && state.trip.during(segment.from()));
            }
        }
        sinks.witness().leave();
    }

    private City here(Person person, PersonState state, Instant time) {
        return state.trip != null && state.trip.away(time) ? state.trip.destination() : person.home();
    }

    private Trip trip(Person person, PersonState state, Instant workStart, PersonState.PlannedTrip planned, Rand r) {
        City destination = planned == null ? null : planned.destination();
        if (destination == null) {
            List<City> choices = geography.residentialCities().stream().filter(c -> !c.equals(person.home())
                    && c.kilometresTo(person.home()) > 300 && !c.country().equals("NG") && !c.country().equals("BR")).toList();
            List<City> domestic = choices.stream().filter(c -> c.country().equals(person.home().country())).toList();
            destination = !domestic.isEmpty() && r.chance(0.6) ? r.pick(domestic) : r.pick(choices);
        }
        Address hotel = geography.address(r.pick(geography.networks(Kind.RESIDENTIAL, destination)), destination, r);
        Instant departs = workStart.plus(Duration.ofMinutes(r.between(90, 240)));
        Instant arrives = departs.plus(person.home().flightTo(destination));
        int nights = r.between(2, 4);
        ZonedDateTime back = arrives.atZone(destination.zone()).plusDays(nights).withHour(r.between(9, 14)).withMinute(r.between(0, 59));
        Instant returnDeparts = back.toInstant();
        return new Trip(destination, hotel, departs, arrives, returnDeparts, returnDeparts.plus(destination.flightTo(person.home())),
                planned == null ? null : planned.style(), planned == null ? null : planned.decoy());
    }

    /** The day's laptop work, split where the network changes and around flights. */
    private List<Segment> segments(Person person, PersonState state, Instant start, Instant end, boolean weekday, Rand r) {
        List<Segment> segments = new ArrayList<>();
        Trip trip = state.trip;
        if (trip != null && !start.isBefore(trip.arrives()) && end.isAfter(trip.returnDeparts()) && start.isBefore(trip.returnDeparts())) {
            end = trip.returnDeparts().minus(Duration.ofHours(2));
        }
        if (trip != null && trip.away(start)) {
            Vantage hotel = connection(person, state, trip.hotel(), r);
            boolean alwaysOnVpn = trip.style() == PersonState.TravelStyle.CORPORATE_VPN_ABROAD;
            if (alwaysOnVpn || trip.style() == null && person.corporateVpn() && r.chance(0.6)) {
                Instant on = start.plus(Duration.ofMinutes(alwaysOnVpn ? r.between(6, 15) : r.between(10, 50)));
                add(segments, start, on, hotel);
                add(segments, on, end, office(state, r));
            } else {
                add(segments, start, end, hotel);
            }
            return segments;
        }
        if (trip != null && trip.inFlight(start)) {
            // The working day begins in the air: nothing before landing, then the hotel or home.
            boolean outbound = start.isBefore(trip.arrives());
            Instant landed = (outbound ? trip.arrives() : trip.returnArrives()).plus(Duration.ofMinutes(r.between(60, 150)));
            add(segments, landed, outbound ? landed.plus(Duration.ofMinutes(r.between(30, 90))) : end,
                    connection(person, state, outbound ? trip.hotel() : person.homeAddress(), r));
            return segments;
        }
        Instant stop = trip != null && trip.departs().isAfter(start) && trip.departs().isBefore(end)
                ? trip.departs().minus(Duration.ofMinutes(75)) : end;
        ZonedDateTime local = start.atZone(person.home().zone());
        boolean officeDay = person.hybrid() && weekday && local.getDayOfWeek().getValue() >= 2 && local.getDayOfWeek().getValue() <= 4
                && r.chance(0.75);
        Vantage home = connection(person, state, person.homeAddress(), r);
        if (officeDay) {
            Instant commute = start.plus(Duration.ofMinutes(r.between(20, 60)));
            add(segments, start, commute, home);
            add(segments, commute.plus(Duration.ofMinutes(r.between(25, 50))), stop, office(state, r), true);
        } else if (person.personalVpn() != null && !person.secureWebGateway() && r.chance(0.5)) {
            Network vpn = person.personalVpn();
            add(segments, start, stop, Vantage.of(geography.address(vpn, vpn.city(), r), state.laptop));
        } else if (person.corporateVpn() && !person.secureWebGateway() && r.chance(0.4)) {
            Instant on = start.plus(Duration.ofMinutes(r.between(15, 120)));
            add(segments, start, on, home);
            add(segments, on, stop, office(state, r));
        } else {
            add(segments, start, stop, home);
        }
        if (trip != null && trip.arrives().isAfter(start) && trip.arrives().isBefore(end.plus(Duration.ofHours(12)))) {
            Instant landed = trip.arrives().plus(Duration.ofMinutes(r.between(60, 150)));
            add(segments, landed, landed.plus(Duration.ofMinutes(r.between(30, 90))), connection(person, state, trip.hotel(), r));
        }
        return segments;
    }

    /**
     * The laptop on a home or hotel line: that line's address, or for secure web gateway users the
     * nearest gateway node's egress, which changes from one connection to the next.
     */
    private Vantage connection(Person person, PersonState state, Address line, Rand r) {
        if (!person.secureWebGateway()) {
            return Vantage.of(line, state.laptop);
        }
        Network node = tenant.gatewayNode(line.city());
        return Vantage.of(geography.address(node, node.city(), r), state.laptop);
    }

    private static void add(List<Segment> segments, Instant from, Instant to, Vantage laptop) {
        add(segments, from, to, laptop, false);
    }

    private static void add(List<Segment> segments, Instant from, Instant to, Vantage laptop, boolean onSite) {
        if (to.isAfter(from.plusSeconds(300))) {
            boolean home = laptop.address().network().kind() != Kind.OFFICE && laptop.address().network().kind() != Kind.VPN;
            segments.add(new Segment(from, to, laptop, home, onSite));
        }
    }

    private Vantage office(PersonState state, Rand r) {
        return Vantage.of(r.pick(tenant.officeAddresses), state.laptop);
    }

    /**
     * Where the laptop's record at {@code time} comes from: the segment's network, or a hard case's
     * detour; the witness learns which decoy, if any, the record belongs to.
     */
    private Vantage laptopAt(PersonState state, Segment segment, Instant time, boolean browser) {
        Detour.Spot spot = state.spot(Detour.Device.LAPTOP, time, segment.laptop(), segment.home(), browser);
        sinks.witness().attend(spot.decoy());
        return spot.vantage();
    }

    private void work(Person person, PersonState state, Segment segment, boolean firstOfDay, Rand r) {
        BiFunction<Instant, Boolean, Vantage> laptop = (time, browser) -> laptopAt(state, segment, time, browser);
        Instant t = segment.from();
        t = ensureOktaSession(person, state, laptop.apply(t, true), t, segment.to(), r);
        // nothing uses the Okta session before the sign-in that starts it has completed
        Instant ready = t;
        boolean newEntraSession = state.laptopSession == null
                || state.laptopSessionIssued.plus(ENTRA_REAUTHENTICATE).isBefore(t);
        if (newEntraSession) {
            state.laptopSession = r.uuid();
            state.laptopSessionIssued = t;
            hardCases.sessionIssued(person, "entra-session", state.laptopSession, t);
        }
        if (newEntraSession || firstOfDay && r.chance(0.5)) {
            t = t.plusSeconds(r.between(20, 240));
            EntraLog.App client = r.pick(EntraLog.OFFICE_HOME, EntraLog.OFFICE_DESKTOP);
            sinks.entra().userSignIn(t, person, laptop.apply(t, client == EntraLog.OFFICE_HOME), client, EntraLog.OFFICE_HOME, state.laptopSession, true, newEntraSession ? "fresh" : "claim", 0, r);
        }
        long minutes = Duration.between(segment.from(), segment.to()).toMinutes();
        for (Instant refresh = segment.from().plus(Duration.ofMinutes(r.between(5, 40))); refresh.isBefore(segment.to());
             refresh = refresh.plus(Duration.ofMinutes(r.between(55, 95)))) {
            EntraLog.App client = r.pick(EntraLog.OUTLOOK_WEB, EntraLog.TEAMS, EntraLog.OFFICE_DESKTOP);
            sinks.entra().userSignIn(refresh, person, laptop.apply(refresh, client == EntraLog.OUTLOOK_WEB), client, client == EntraLog.TEAMS ? EntraLog.TEAMS_SERVICE
                    : r.pick(EntraLog.EXCHANGE, EntraLog.SHAREPOINT), state.laptopSession, false, "claim", 0, r);
        }
        int ssos = (int) Math.max(1, minutes / 100 + r.between(0, 1));
        for (int i = 0; i < ssos; i++) {
            Instant at = notBefore(ready, r.within(segment.from(), Duration.ofMinutes(Math.max(1, minutes))));
            sinks.okta().singleSignOn(at, person, laptop.apply(at, true), state.oktaSession,
                    r.pick(OktaLog.OFFICE_365, OktaLog.SLACK, OktaLog.SALESFORCE, OktaLog.ATLASSIAN, OktaLog.SLACK), r);
            state.oktaSessionUsed = at.isAfter(state.oktaSessionUsed) ? at : state.oktaSessionUsed;
        }
        if (person.index() % 5 < 2) {
            Instant at = segment.from().plus(Duration.ofMinutes(r.between(2, 20)));
            sinks.okta().tokenGrant(at, person, laptop.apply(at, true), state.oktaSession, "authorization_code", r);
            for (int i = 0; i < 3 && at.plus(Duration.ofMinutes(60)).isBefore(segment.to()); i++) {
                at = at.plus(Duration.ofMinutes(r.between(55, 65)));
                sinks.okta().tokenGrant(at, person, laptop.apply(at, true), state.oktaSession, "refresh_token", r);
            }
        }
        if (person.role() != Role.STAFF && (firstOfDay ? r.chance(0.7) : r.chance(0.3))) {
            console(person, state, laptop, notBefore(ready, r.within(segment.from(), Duration.ofMinutes(Math.max(1, minutes)))), r);
        }
        if (person.iamUser() != null && r.chance(0.7)) {
            cli(person, laptop, segment, r);
        }
        if (firstOfDay && (r.chance(0.004) || person.role() == Role.ADMIN && r.chance(0.03))) {
            Instant at = segment.from().plus(Duration.ofMinutes(r.between(10, 120)));
            consent(person, laptop.apply(at, true), at, person.role() == Role.ADMIN, r);
        }
        if (person.role() == Role.ADMIN && firstOfDay && r.chance(0.5)) {
            Instant at = segment.from().plus(Duration.ofMinutes(r.between(5, 60)));
            sinks.okta().adminConsole(at, person, laptop.apply(at, true), state.oktaSession, r);
        }
        vaults.work(person, segment.from(), segment.to(), at -> laptop.apply(at, true).address(), sinks);
        dashboard.work(person, ready, segment.to(), state.oktaSession, at -> laptop.apply(at, true), sinks, firstOfDay);
    }

    /**
     * {@code at}, or when it falls before {@code ready}, as far after it as it was before: the same
     * spread of times, none before the session exists, and no extra draw from the random stream.
     */
    private static Instant notBefore(Instant ready, Instant at) {
        return at.isBefore(ready) ? ready.plus(Duration.between(at, ready)) : at;
    }

    /**
     * Consent to a well-known app: people sign in to it with Microsoft (low-impact permissions, all
     * a user may grant by default), admins grant enterprise apps data access for everyone. The app
     * then uses the tokens from its vendor's cloud.
     */
    private void consent(Person person, Vantage from, Instant t, boolean admin, Rand r) {
        int which = r.below(KNOWN_APPS.length);
        EntraLog.App app = new EntraLog.App(KNOWN_APP_IDS[which], KNOWN_APPS[which]);
        String servicePrincipal = Rand.of(seed, "service-principal", which).uuid();
        String scopes = admin ? r.pick("Mail.Read Calendars.ReadWrite offline_access User.Read",
                "Files.Read.All Sites.Read.All offline_access User.Read", "User.Read.All Group.Read.All offline_access")
                : r.pick("openid profile email User.Read", "openid profile email offline_access User.Read");
        String session = r.uuid();
        sinks.entra().userSignIn(t, person, from, app, EntraLog.GRAPH, session, true, "claim", 0, r);
        sinks.entra().consent(t.plusSeconds(r.between(5, 40)), person, from, app, servicePrincipal, scopes, admin, r);
        City vendor = geography.city("Ashburn");
        Vantage backend = Vantage.tool(geography.address(geography.networks(Kind.CLOUD, vendor).get(0), vendor, r),
                "Mozilla/5.0 (compatible; " + app.name().replace(" ", "") + "/1.0)");
        sinks.witness().leave();
        Instant at = t.plus(Duration.ofMinutes(r.between(2, 30)));
        for (int i = 0, n = r.between(1, 4); i < n; i++) {
            sinks.entra().userSignIn(at, person, backend, app, EntraLog.GRAPH, session, false, "claim", 0, r);
            at = at.plus(Duration.ofMinutes(r.between(20, 90)));
        }
    }

    private static final String[] KNOWN_APPS = {"Zoom", "Calendly", "Adobe Acrobat", "Miro", "Lucidchart", "Grammarly"};
    private static final String[] KNOWN_APP_IDS = {"3ab0f2a5-2b9b-4a5e-9d3d-8c9b1c2f0e11", "6c1e4d8b-7a3f-4c2e-b5d9-1e8f2a7c3b42",
            "f7b8c9d0-1e2f-4a3b-8c4d-5e6f7a8b9c03", "2d4f6a8c-0e1b-4c3d-9e5f-7a9b1c3d5e64", "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c25",
            "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d86"};

    /**
     * Signs in to Okta unless the session is alive and stays so until {@code until} (Okta enforces
     * the policy's maximum lifetime on every request, so a session about to expire mid-stretch is
     * replaced at its start); returns when the person is through.
     */
    private Instant ensureOktaSession(Person person, PersonState state, Vantage from, Instant t, Instant until, Rand r) {
        boolean alive = state.oktaSession != null && (person.keepSignedIn()
                ? state.oktaSessionIssued.plus(OKTA_REMEMBERED).isAfter(until)
                : state.oktaSessionIssued.plus(OKTA_MAX).isAfter(until) && state.oktaSessionUsed.plus(OKTA_IDLE).isAfter(t));
        if (alive) {
            state.oktaSessionUsed = t;
            return t;
        }
        String session = "idx" + r.base62(22);
        if (r.chance(0.03)) {
            sinks.okta().signInAttempt(t, person, from, null, false, r);
            t = t.plusSeconds(r.between(8, 40));
        }
        sinks.okta().signInAttempt(t, person, from, session, true, r);
        t = t.plusSeconds(r.between(1, 3));
        sinks.okta().pushSent(t, person, from, session, r);
        if (r.chance(0.04)) {
            t = t.plusSeconds(r.between(10, 60));
            sinks.okta().pushAnswered(t, person, from, session, r.chance(0.5) ? "denied" : "timed out", r);
            t = t.plusSeconds(r.between(5, 30));
            sinks.okta().pushSent(t, person, from, session, r);
        }
        t = t.plusSeconds(r.between(4, 25));
        sinks.okta().pushAnswered(t, person, from, session, "approved", r);
        state.oktaSession = session;
        state.oktaSessionIssued = t;
        hardCases.sessionIssued(person, "okta-session", session, t);
        state.oktaSessionUsed = t;
        return t;
    }

    private void console(Person person, PersonState state, BiFunction<Instant, Boolean, Vantage> laptop, Instant t, Rand r) {
        Vantage from = laptop.apply(t, true);
        sinks.okta().singleSignOn(t, person, from, state.oktaSession, OktaLog.AWS, r);
        Caller caller = sinks.cloudTrail().samlSignIn(t.plusSeconds(2), person, from, r);
        int calls = r.between(6, 30);
        Instant at = t.plusSeconds(20);
        for (int i = 0; i < calls; i++) {
            at = at.plusSeconds(r.between(5, 150));
            Call call = person.role() == Role.ADMIN && r.chance(0.2) ? r.pick(Apis.ADMINISTRATION) : r.pick(Apis.CONSOLE);
            Vantage now = laptop.apply(at, true);
            sinks.cloudTrail().call(at, r.chance(0.8) ? "us-east-1" : "us-west-2", caller, now.ip(), now.userAgent(), call,
                    null, null, r);
        }
    }

    private void cli(Person person, BiFunction<Instant, Boolean, Vantage> laptop, Segment segment, Rand r) {
        Caller caller = CloudTrailLog.iamUser(person.iamUser());
        String agent = cliAgent(person);
        int calls = r.between(4, 25);
        long minutes = Math.max(1, Duration.between(segment.from(), segment.to()).toMinutes());
        for (int i = 0; i < calls; i++) {
            Instant at = r.within(segment.from(), Duration.ofMinutes(minutes));
            sinks.cloudTrail().call(at, r.chance(0.85) ? "us-east-1" : "us-west-2", caller, laptop.apply(at, false).ip(), agent,
                    r.pick(Apis.CLI), null, null, r);
        }
    }

    static String cliAgent(Person person) {
        boolean mac = person.laptop().entraOs().equals("MacOs");
        return "aws-cli/2.22.35 md/awscrt#0.23.8 ua/2.1 os/" + (mac ? "macos#24.6.0 md/arch#arm64" : "windows#10 md/arch#amd64")
                + " lang/python#3.12.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#" + (mac ? "source" : "exe")
                + " md/prompt#off";
    }

    /** The phone: mail and chat refreshing all day from wherever it is, and Safari sign-ins for some. */
    private void phone(Person person, PersonState state, LocalDate date, Rand r) {
        if (state.phoneSession == null) {
            state.phoneSession = r.uuid();
            if (!state.phoneSignsIn) {
                hardCases.sessionIssued(person, "phone-refresh-token", state.phoneSession, date.atStartOfDay(java.time.ZoneOffset.UTC)
                        .toInstant().minus(Duration.ofDays(30)));
            }
        }
        Device phone = state.phone;
        String appAgent = phone.oktaOs().equals("iOS") ? "Outlook-iOS/2.0" : "Outlook-Android/2.0";
        Instant dayStart = date.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        City city = here(person, state, dayStart.plus(Duration.ofHours(12)));
        Instant wake = date.atTime(7, 0).atZone(city.zone()).toInstant();
        Instant sleep = date.atTime(22, 30).atZone(city.zone()).toInstant();
        for (Instant t = wake.plus(Duration.ofMinutes(r.between(0, 60))); t.isBefore(sleep);
             t = t.plus(Duration.ofMinutes(r.between(80, 200)))) {
            if (state.trip != null && state.trip.inFlight(t)) {
                continue;
            }
            Vantage usual = phoneAt(person, state, t, r);
            Detour.Spot spot = state.spot(Detour.Device.PHONE, t, usual, usual.address().equals(person.homeAddress()), false);
            sinks.witness().attend(spot.decoy());
            boolean signIn = state.phoneSignsIn;
            state.phoneSignsIn = false;
            sinks.entra().userSignIn(t, person, spot.vantage().withUserAgent(appAgent), EntraLog.OUTLOOK_MOBILE, EntraLog.EXCHANGE,
                    state.phoneSession, signIn, signIn ? "fresh" : "claim", 0, r);
        }
    }

    private Vantage phoneAt(Person person, PersonState state, Instant t, Rand r) {
        Device phone = state.phone;
        Trip trip = state.trip;
        if (trip != null && trip.away(t)) {
            boolean abroad = !trip.destination().country().equals(person.home().country());
            boolean roams = trip.style() == PersonState.TravelStyle.PHONE_ROAMS_HOME_CARRIER ? r.chance(0.9)
                    : abroad ? r.chance(0.5) : r.chance(0.8);
            if (person.carrier() != null && roams) {
                City egress = abroad ? person.home() : trip.destination();
                return Vantage.of(geography.address(person.carrier(), egress, r), phone);
            }
            return Vantage.of(trip.hotel(), phone);
        }
        int hour = t.atZone(person.home().zone()).getHour();
        boolean atHome = hour < 8 || hour >= 18;
        if (person.carrier() == null || atHome && r.chance(0.75)) {
            return Vantage.of(person.homeAddress(), phone);
        }
        return Vantage.of(geography.address(person.carrier(), person.home(), r), phone);
    }

    /** A replacement laptop: new Entra device id, new Okta device hash, the next name in the series. */
    private static Device newLaptop(Device old, Rand r) {
        return new Device(false, old.userAgent(), old.oktaOs(), old.oktaBrowser(), old.entraOs(), old.entraBrowser(), r.uuid(),
                r.hex(64), old.name() + "2", old.trustType());
    }

    /** The same laptop with a new browser profile (or its data cleared): Okta sees a new device hash, Entra the same device. */
    private static Device newBrowserProfile(Device old, Rand r) {
        return new Device(false, old.userAgent(), old.oktaOs(), old.oktaBrowser(), old.entraOs(), old.entraBrowser(),
                old.entraDeviceId(), r.hex(64), old.name(), old.trustType());
    }

    /** A replacement phone, registered afresh: new Entra device id and Okta device hash. */
    private static Device newPhone(Device old, Rand r) {
        return new Device(true, old.userAgent(), old.oktaOs(), old.oktaBrowser(), old.entraOs(), old.entraBrowser(), r.uuid(),
                r.hex(64), old.name() + "2", old.trustType());
    }
}
