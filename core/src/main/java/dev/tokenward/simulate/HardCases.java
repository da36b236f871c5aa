package dev.tokenward.simulate;

import dev.tokenward.evaluate.Storyline;
import dev.tokenward.simulate.Geography.City;
import dev.tokenward.simulate.Tenant.Person;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The benign hard cases: classes of ordinary behaviour that look like an attack to one analytic
 * or another, each in several variants. Every instance is written to the truth as a decoy of its
 * class and variant, observed from the records it causes (see {@link Decoy}), so that a false
 * alert can be put down to the class that caused it.
 *
 * <p>Instances are planned before the run at a rate that scales with principal-days: at least one
 * of each class, and in a run of 200 principals over 14 days every variant at least once.
 */
final class HardCases {

    /** The classes, by the id the truth file gives them, with their variants. */
    enum Case {
        TRAVELLER("traveller", "long-haul-flight", "phone-roams-home-carrier", "corporate-vpn-abroad"),
        CARRIER_HOPPING("carrier-hopping", "tethered-laptop", "wifi-lte-roaming-partner", "dual-sim"),
        EGRESS_POOL_FAILOVER("egress-pool-failover", "us-us", "us-eu", "india-singapore"),
        SAAS_ACTING_FOR_USER("saas-acting-for-user", "mail-archiver-aws", "crm-sync-gcp", "calendar-scheduler-azure"),
        SCHEDULED_SERVICE_JOB("scheduled-service-job", Tenant.JOBS),
        INSTANCE_KEY_WITHOUT_ISSUANCE("instance-key-without-issuance", "launched-before-logs", Tenant.UNTRAILED, "lost-delivery"),
        TRAIL_GROWS("trail-grows", Tenant.NEW_ACCOUNT, "new-account-people", Tenant.NEW_REGION),
        IPV6_PRIVACY("ipv6-privacy", "temporary-address-daily", "prefix-rotation", "mobile-ipv6"),
        PRIVACY_RELAY("privacy-relay", "icloud-relay-same-region", "icloud-relay-other-region", "cloudflare-warp",
                "edge-secure-network"),
        SESSION_BEFORE_LOGS("session-before-logs", "okta-session", "entra-session", "phone-refresh-token", "sts-session"),
        NEW_DEVICE("new-device", "new-laptop", "replaced-phone", "new-browser-profile"),
        CLI_TEMPORARY_CREDENTIALS("cli-temporary-credentials", "get-session-token", "assume-role-mfa", "saml-cli"),
        ROLE_ASSUMPTION_REFUSED("role-assumption-refused", "mistyped-role-names", "posture-scan-missing-roles"),
        VAULT_INTEGRATION("vault-integration", "nightly-backup", "ci-deploy"),
        NEW_VAULT_MEMBER("new-vault-member", "new-hire-onboarding", "team-transfer"),
        PASSWORD_ROTATION("password-rotation", "office", "home"),
        SANCTIONED_VAULT_EXPORT("sanctioned-vault-export", "office", "home"),
        NEW_APP_ASSIGNMENTS("new-app-assignments", "role-change", "onboarding-checklist");

        final String id;
        final List<String> variants;

        Case(String id, String... variants) {
            this.id = id;
            this.variants = List.of(variants);
        }
    }

    /** A principal-day budget of 2,800 (200 × 14) gives one and a half instances per variant. */
    private static final double INSTANCES_PER_VARIANT_PER_PRINCIPAL_DAY = 1.5 / 2800;
    private static final double LONG_HAUL_KM = 4000;

    private final Tenant tenant;
    private final Map<Integer, PersonState> states;
    private final LocalDate start;
    private final int days;
    private final long seed;
    private final Vaults vaults;
    private final Dashboard dashboard;
    private final List<Decoy> decoys = new ArrayList<>();
    private final List<Play> plays = new ArrayList<>();
    private final Map<Integer, Decoy> workloadDecoys = new HashMap<>();
    private final Map<Integer, Decoy> keysBeforeLogs = new HashMap<>();
    /** Lost deliveries by instance index, day and hour (as {@code day * 24 + hour}). */
    private final Map<Integer, Map<Integer, Decoy>> lostDeliveries = new HashMap<>();
    /** A session issued before the logs is the hard case for this long after they begin. */
    private static final Duration FIRST_HOURS = Duration.ofDays(1);

    private final Instant logsBegin;
    private final boolean midSession;
    private Witness witness;
    /** When the sandbox account joins the organisation trail, and when the export picks up ap-southeast-4. */
    private final Instant joins;
    private final Instant regionStarts;
    private int number;

    /** An instance that writes records of its own, played on the day of {@code at}. */
    private record Play(Instant at, String key, BiConsumer<Sinks, Rand> body) {
    }

    HardCases(Tenant tenant, Map<Integer, PersonState> states, LocalDate start, int days, long seed, Vaults vaults,
              Dashboard dashboard) {
        this.tenant = tenant;
        this.dashboard = dashboard;
        this.vaults = vaults;
        this.states = states;
        this.start = start;
        this.days = days;
        this.seed = seed;
        this.logsBegin = start.atStartOfDay(ZoneOffset.UTC).toInstant();
        this.midSession = Rand.of(seed, "mid-session").chance(0.5);
        Rand r = Rand.of(seed, "trail-grows");
        this.joins = start.plusDays(Math.min(days - 1, days / 3)).atStartOfDay(ZoneOffset.UTC).toInstant()
                .plus(Duration.ofMinutes(r.between(10 * 60, 20 * 60)));
        this.regionStarts = start.plusDays(Math.min(days - 1, days / 2)).atStartOfDay(ZoneOffset.UTC).toInstant()
                .plus(Duration.ofMinutes(r.between(2 * 60, 22 * 60)));
    }

    /** Plans every class's instances into the people's and workloads' states. */
    void plan() {
        long principalDays = (long) tenant.principals() * days;
        workloads(principalDays);
        for (Case kind : Case.values()) {
            if (kind == Case.SCHEDULED_SERVICE_JOB || kind == Case.INSTANCE_KEY_WITHOUT_ISSUANCE) {
                continue;
            }
            Rand r = Rand.of(seed, "hard-case", kind.id);
            if (kind == Case.TRAIL_GROWS) {
                trailGrows(principalDays, r);
                continue;
            }
            if (kind == Case.SESSION_BEFORE_LOGS) {
                stsSessions(principalDays, r);
                continue;
            }
            if (kind == Case.VAULT_INTEGRATION) {
                vaults.integrations(decoy(kind, "nightly-backup"), decoy(kind, "ci-deploy"));
                continue;
            }
            int count = (int) Math.max(1, Math.round(principalDays * INSTANCES_PER_VARIANT_PER_PRINCIPAL_DAY * kind.variants.size()));
            int offset = r.below(kind.variants.size());
            for (int i = 0; i < count; i++) {
                String variant = kind.variants.get((offset + i) % kind.variants.size());
                switch (kind) {
                    case TRAVELLER -> traveller(variant, r);
                    case CARRIER_HOPPING -> carrierHopping(variant, r);
                    case EGRESS_POOL_FAILOVER -> egressFailover(variant, r);
                    case SAAS_ACTING_FOR_USER -> saasActingForUser(variant, r);
                    case IPV6_PRIVACY -> ipv6Privacy(variant, r);
                    case PRIVACY_RELAY -> privacyRelay(variant, r);
                    case NEW_DEVICE -> newDevice(variant, r);
                    case CLI_TEMPORARY_CREDENTIALS -> cliTemporaryCredentials(variant, r);
                    case ROLE_ASSUMPTION_REFUSED -> roleAssumptionRefused(variant, r);
                    case NEW_VAULT_MEMBER -> newVaultMember(variant, r);
                    case PASSWORD_ROTATION -> passwordRotation(variant, r);
                    case SANCTIONED_VAULT_EXPORT -> vaultExport(variant, r);
                    case NEW_APP_ASSIGNMENTS -> newAppAssignments(variant, r);
                    default -> throw new IllegalStateException(kind + " is planned with the workloads");
                }
            }
        }
    }

    /** Plays the instances that write records of their own starting on {@code date}. */
    void day(LocalDate date, Sinks sinks) {
        Instant from = date.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = from.plus(Duration.ofDays(1));
        for (Play play : plays) {
            if (!play.at().isBefore(from) && play.at().isBefore(to)) {
                play.body().accept(sinks, Rand.of(seed, "hard-case-play", play.key()));
            }
        }
    }

    /**
     * The hard cases that are workloads: every scheduled job (scheduled-service-job, busy from the
     * first day); every instance, launched before the logs begin, whose first key was issued
     * before them; the instance in a region the export leaves out; and a few of the instances'
     * credential deliveries lost with their five-minute CloudTrail file.
     */
    private void workloads(long principalDays) {
        Rand r = Rand.of(seed, "hard-case", "workloads");
        List<Tenant.Workload> instances = new ArrayList<>();
        for (Tenant.Workload workload : tenant.workloads) {
            if (workload.type() == Tenant.WorkloadType.SCHEDULED_JOB) {
                workloadDecoys.put(workload.index(), decoy(Case.SCHEDULED_SERVICE_JOB, workload.variant()));
            } else if (Tenant.UNTRAILED.equals(workload.variant())) {
                workloadDecoys.put(workload.index(), decoy(Case.INSTANCE_KEY_WITHOUT_ISSUANCE, Tenant.UNTRAILED));
            } else if (Tenant.NEW_ACCOUNT.equals(workload.variant()) || Tenant.NEW_REGION.equals(workload.variant())) {
                workloadDecoys.put(workload.index(), decoy(Case.TRAIL_GROWS, workload.variant()));
            } else if (workload.type() == Tenant.WorkloadType.EC2_INSTANCE) {
                keysBeforeLogs.put(workload.index(), decoy(Case.INSTANCE_KEY_WITHOUT_ISSUANCE, "launched-before-logs"));
                instances.add(workload);
            }
        }
        for (int i = 0, n = (int) Math.max(1, Math.round(principalDays * INSTANCES_PER_VARIANT_PER_PRINCIPAL_DAY)); i < n; i++) {
            Tenant.Workload instance = r.pick(instances);
            int slot = r.below(days) * 24 + r.between(8, 13);
            lostDeliveries.computeIfAbsent(instance.index(), k -> new HashMap<>())
                    .put(slot, decoy(Case.INSTANCE_KEY_WITHOUT_ISSUANCE, "lost-delivery"));
        }
    }

    /**
     * The organisation trail grows mid-run: the machine-learning sandbox account joins it (its
     * training node, running for weeks, appears with a key issued before; engineers already
     * working there appear with role sessions issued before, and later ones assume the sandbox
     * role from the main account), and the export picks up ap-southeast-4, where a replica ran all
     * along. The workloads are planned with the tenant; here, the engineers.
     */
    private void trailGrows(long principalDays, Rand r) {
        for (int i = 0, n = (int) Math.max(1, Math.round(principalDays * INSTANCES_PER_VARIANT_PER_PRINCIPAL_DAY)); i < n; i++) {
            boolean first = i == 0;
            Instant at = first ? joins.plus(Duration.ofMinutes(r.between(3, 40)))
                    : joins.plus(Duration.ofMinutes(r.between(60, (int) Math.max(61, Duration.between(joins,
                    start.plusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant()).toMinutes() - 120))));
            Person engineer = atTheirDesk(p -> p.awsRole() != null, at.atZone(ZoneOffset.UTC).toLocalDate(), r);
            if (engineer == null) {
                continue;
            }
            Decoy decoy = decoy(Case.TRAIL_GROWS, "new-account-people");
            plays.add(new Play(at, decoy.id, (sinks, rr) -> new HardCaseRecords(sinks).sandboxWork(engineer, laptopAt(engineer, at), at,
                    first, decoy, rr)));
        }
    }


    /**
     * Whether the logs begin in the middle of the working day: the day before is simulated but not
     * written, so the sessions it opened are in use when the logs begin. Half the runs do.
     */
    boolean midSession() {
        return midSession;
    }

    /** Where the decoys of credentials issued before the logs learn about their records. */
    void attach(Witness witness) {
        this.witness = witness;
    }

    /**
     * A person's session was issued at {@code issued}: if that is before the logs begin, its uses
     * in the first day of the logs are an instance of session-before-logs. Phones' refresh tokens
     * always are (a phone signs in once in months); Okta and Entra laptop sessions are when the
     * logs begin mid-session, or for those in time zones already at work when they begin.
     */
    void sessionIssued(Person person, String variant, String id, Instant issued) {
        if (!issued.isBefore(logsBegin) || witness == null) {
            return;
        }
        Decoy decoy = decoy(Case.SESSION_BEFORE_LOGS, variant);
        decoy.involves(person.login());
        witness.watch(id, decoy, logsBegin.plus(FIRST_HOURS));
    }

    /**
     * Engineers who took MFA-backed session credentials for the command line (GetSessionToken,
     * valid 36 hours) the evening before the logs begin, and use them in the first hours.
     */
    private void stsSessions(long principalDays, Rand r) {
        for (int i = 0, n = (int) Math.max(1, Math.round(principalDays * INSTANCES_PER_VARIANT_PER_PRINCIPAL_DAY)); i < n; i++) {
            Instant at = logsBegin.plus(Duration.ofMinutes(r.between(5, 240)));
            Person engineer = atTheirDesk(p -> p.iamUser() != null, at.atZone(ZoneOffset.UTC).toLocalDate(), r);
            if (engineer == null) {
                continue;
            }
            Decoy decoy = decoy(Case.SESSION_BEFORE_LOGS, "sts-session");
            plays.add(new Play(at, decoy.id, (sinks, rr) -> new HardCaseRecords(sinks).sessionTokenFromTheEveningBefore(engineer,
                    laptopAt(engineer, at), at, decoy, rr)));
        }
    }

    /** When a workload's records start reaching the logs, if not when the logs begin. */
    Instant deliveredFrom(Tenant.Workload workload) {
        if (Tenant.NEW_ACCOUNT.equals(workload.variant())) {
            return joins;
        }
        return Tenant.NEW_REGION.equals(workload.variant()) ? regionStarts : null;
    }

    /** The hard case a workload is an instance of for all its records, or null. */
    Decoy decoyOf(Tenant.Workload workload) {
        return workloadDecoys.get(workload.index());
    }

    /** The decoy of the key an instance holds when the logs begin, or null. */
    Decoy issuedBeforeLogs(Tenant.Workload instance) {
        return keysBeforeLogs.get(instance.index());
    }

    /** The decoy of an instance's credential delivery that day and hour whose CloudTrail file is lost, or null. */
    Decoy lostDelivery(Tenant.Workload instance, int day, int hour) {
        Map<Integer, Decoy> lost = lostDeliveries.get(instance.index());
        return lost == null ? null : lost.get(day * 24 + hour);
    }

    /** The decoys whose records reached the logs. */
    List<Storyline> truth() {
        return decoys.stream().map(Decoy::storyline).filter(Objects::nonNull).toList();
    }

    private Decoy decoy(Case kind, String variant) {
        Decoy decoy = new Decoy(String.format(java.util.Locale.ROOT, "d-%04d", ++number), kind, variant);
        decoys.add(decoy);
        return decoy;
    }

    /**
     * A business trip: long-haul, with sessions used before and after the flight; abroad with the
     * phone roaming through its home carrier (so still egressing at home) while the laptop is on
     * hotel Wi-Fi; or abroad with the laptop on the corporate VPN, which comes out at the office.
     */
    private void traveller(String variant, Rand r) {
        PersonState.TravelStyle style = switch (variant) {
            case "long-haul-flight" -> PersonState.TravelStyle.LONG_HAUL;
            case "phone-roams-home-carrier" -> PersonState.TravelStyle.PHONE_ROAMS_HOME_CARRIER;
            default -> PersonState.TravelStyle.CORPORATE_VPN_ABROAD;
        };
        Predicate<Person> suits = switch (style) {
            case PHONE_ROAMS_HOME_CARRIER -> p -> p.carrier() != null;
            case CORPORATE_VPN_ABROAD -> Person::corporateVpn;
            case LONG_HAUL -> p -> true;
        };
        LocalDate date = weekday(1, r);
        Person person = free(suits, date, r);
        if (date == null || person == null) {
            return;
        }
        List<City> far = tenant.geography.residentialCities().stream()
                .filter(c -> !c.country().equals(person.home().country()) && !c.country().equals("NG") && !c.country().equals("BR"))
                .filter(c -> style != PersonState.TravelStyle.LONG_HAUL || c.kilometresTo(person.home()) > LONG_HAUL_KM).toList();
        PersonState state = states.get(person.index());
        state.plannedTrip = new PersonState.PlannedTrip(date, r.pick(far), style, decoy(Case.TRAVELLER, variant));
        busy(state, date, 8);
    }

    /**
     * A phone's carriers within one session: a laptop tethered to the phone for a few hours, its
     * address changing as the carrier's NAT pool moves it between /24s; a phone going from home
     * Wi-Fi to its own carrier's LTE and on to a partner network it roams onto; a dual-SIM phone
     * switching its data between two carriers through the day.
     */
    private void carrierHopping(String variant, Rand r) {
        Predicate<Person> suits = p -> p.carrier() != null && (!variant.equals("dual-sim") && !variant.startsWith("wifi")
                || otherCarrier(p) != null);
        LocalDate date = variant.equals("tethered-laptop") ? weekday(0, r) : day(0, r);
        Person person = free(suits, date, r);
        if (person == null || person.carrier() == null) {
            return;
        }
        Decoy decoy = decoy(Case.CARRIER_HOPPING, variant);
        Geography geography = tenant.geography;
        ZonedDateTime local = date.atStartOfDay(person.home().zone());
        PersonState state = states.get(person.index());
        switch (variant) {
            case "tethered-laptop" -> {
                Detour detour = new Detour(decoy, Detour.Device.LAPTOP, false);
                Instant at = local.plusHours(person.startHour() + 1).plusMinutes(r.between(0, 90)).toInstant();
                Instant until = at.plus(Duration.ofMinutes(r.between(70, 180)));
                while (at.isBefore(until)) {
                    Instant next = at.plus(Duration.ofMinutes(r.between(20, 50)));
                    detour.leg(at, next.isAfter(until) ? until : next, geography.address(person.carrier(), person.home(), r));
                    at = next;
                }
                state.detours.add(detour);
            }
            case "wifi-lte-roaming-partner" -> {
                Person p = person;
                Instant wifi = local.plusHours(9).plusMinutes(r.between(0, 60)).toInstant();
                Instant lte = wifi.plus(Duration.ofMinutes(r.between(100, 200)));
                Instant partner = lte.plus(Duration.ofMinutes(r.between(100, 200)));
                Instant back = partner.plus(Duration.ofMinutes(r.between(150, 300)));
                state.detours.add(new Detour(decoy, Detour.Device.PHONE, false)
                        .leg(wifi, lte, p.homeAddress())
                        .leg(lte, partner, geography.address(p.carrier(), p.home(), r))
                        .leg(partner, back, geography.address(otherCarrier(p), p.home(), r)));
            }
            default -> {
                Detour detour = new Detour(decoy, Detour.Device.PHONE, false);
                Geography.Network second = otherCarrier(person);
                Instant at = local.plusHours(8).plusMinutes(r.between(0, 60)).toInstant();
                Instant until = local.plusHours(21).toInstant();
                for (boolean first = true; at.isBefore(until); first = !first) {
                    Instant next = at.plus(Duration.ofMinutes(r.between(90, 200)));
                    detour.leg(at, next, geography.address(first ? person.carrier() : second, person.home(), r));
                    at = next;
                }
                state.detours.add(detour);
            }
        }
        busy(state, date, 1);
    }

    /**
     * IPv6 at home and on the phone, for three to five days: the home line keeps its /64 but the
     * devices take a new temporary (privacy) address every day; the ISP delegates a new prefix
     * every day and once under a live session, so the /64 itself changes; a phone on T-Mobile's
     * IPv6-only network gets a new /64 every time it attaches, every hour or two.
     */
    private void ipv6Privacy(String variant, Rand r) {
        Geography geography = tenant.geography;
        boolean mobile = variant.equals("mobile-ipv6");
        Predicate<Person> suits = mobile
                ? p -> p.carrier() != null && !geography.networks6(Geography.Kind.MOBILE, p.home(), p.carrier().asn()).isEmpty()
                : p -> !p.secureWebGateway() && !geography.networks6(Geography.Kind.RESIDENTIAL, p.home(),
                p.homeAddress().network().asn()).isEmpty();
        LocalDate date = day(0, r);
        Person person = date == null ? null : free(suits, date, r);
        if (person == null || !suits.test(person)) {
            return;
        }
        Decoy decoy = decoy(Case.IPV6_PRIVACY, variant);
        PersonState state = states.get(person.index());
        int length = Math.min(r.between(3, 5), (int) (days - java.time.temporal.ChronoUnit.DAYS.between(start, date)));
        if (mobile) {
            Geography.Network network = geography.networks6(Geography.Kind.MOBILE, person.home(), person.carrier().asn()).get(0);
            Detour phone = new Detour(decoy, Detour.Device.PHONE, false);
            for (int d = 0; d < length; d++) {
                ZonedDateTime morning = date.plusDays(d).atTime(7, 0).atZone(person.home().zone());
                Instant at = morning.toInstant();
                for (Instant night = morning.withHour(23).toInstant(); at.isBefore(night); ) {
                    Instant next = at.plus(Duration.ofMinutes(r.between(60, 180)));
                    phone.leg(at, next, geography.address(network, person.home(), r));
                    at = next;
                }
            }
            state.detours.add(phone);
        } else {
            Geography.Network network = geography.networks6(Geography.Kind.RESIDENTIAL, person.home(),
                    person.homeAddress().network().asn()).get(0);
            Detour laptop = new Detour(decoy, Detour.Device.LAPTOP, true);
            Detour phone = new Detour(decoy, Detour.Device.PHONE, true);
            boolean rotates = variant.equals("prefix-rotation");
            long prefix = r.nextLong();
            int changeDay = r.below(length);
            for (int d = 0; d < length; d++) {
                ZonedDateTime midnight = date.plusDays(d).atStartOfDay(person.home().zone());
                List<Instant> cuts = new ArrayList<>(List.of(midnight.toInstant()));
                if (rotates && d == changeDay) {
                    cuts.add(midnight.plusHours(person.startHour() + 2).plusMinutes(r.between(0, 240)).toInstant());
                }
                cuts.add(midnight.plusDays(1).toInstant());
                for (int i = 0; i + 1 < cuts.size(); i++) {
                    prefix = rotates ? r.nextLong() : prefix;
                    Geography.Address address = geography.address6(network, person.home(), prefix, r.nextLong());
                    laptop.leg(cuts.get(i), cuts.get(i + 1), address);
                    phone.leg(cuts.get(i), cuts.get(i + 1), geography.address6(network, person.home(), prefix, r.nextLong()));
                }
            }
            state.detours.add(laptop);
            state.detours.add(phone);
        }
        busy(state, date.plusDays(length), 1);
    }

    /**
     * Privacy relays for a day to three. iCloud Private Relay: Safari on the iPhone signs in to Okta
     * and opens apps through relay egress (Akamai or Cloudflare) placed in the user's region, or,
     * with "use country and time zone", in another region of the country; a Mac's Safari goes the
     * same way, its egress changing every hour or so. Cloudflare WARP on the laptop: everything
     * through Cloudflare, near the user. Microsoft Edge's Secure Network (Cloudflare behind the
     * browser, like Chrome's IP protection): the Edge user's browser traffic through it.
     */
    private void privacyRelay(String variant, Rand r) {
        boolean icloud = variant.startsWith("icloud");
        Predicate<Person> suits = switch (variant) {
            case "cloudflare-warp" -> p -> !p.secureWebGateway();
            case "edge-secure-network" -> p -> p.laptop().oktaBrowser().equals("EDGE_CHROMIUM");
            default -> p -> p.privateRelay() || p.phone().oktaOs().equals("iOS");
        };
        LocalDate date = weekday(0, r);
        Person person = date == null ? null : free(suits, date, r);
        if (person == null || !suits.test(person)) {
            return;
        }
        Geography geography = tenant.geography;
        Decoy decoy = decoy(Case.PRIVACY_RELAY, variant);
        PersonState state = states.get(person.index());
        int length = Math.min(r.between(1, 3), (int) (days - java.time.temporal.ChronoUnit.DAYS.between(start, date)));
        List<Geography.City> elsewhere = geography.citiesOf(person.home().country(), person.home()).stream()
                .filter(c -> c.zone().getRules().getOffset(Instant.EPOCH).equals(person.home().zone().getRules().getOffset(Instant.EPOCH)))
                .filter(c -> c.kilometresTo(person.home()) > 250).toList();
        java.util.function.Supplier<Geography.City> egressCity = () -> variant.equals("icloud-relay-other-region") && !elsewhere.isEmpty()
                ? r.pick(elsewhere) : person.home();
        Geography.Kind kind = icloud ? Geography.Kind.RELAY : variant.equals("cloudflare-warp") ? Geography.Kind.WARP
                : Geography.Kind.BROWSER_PROXY;
        List<Geography.Network> networks = geography.networks(kind, person.home());
        if (icloud) {
            List<Instant> times = new ArrayList<>();
            for (int i = 0, n = r.between(2, 5); i < n; i++) {
                times.add(date.atTime(8, 0).atZone(person.home().zone()).toInstant()
                        .plus(Duration.ofMinutes(r.between(0, length * 24 * 60 - 16 * 60))));
            }
            times.sort(null);
            List<Geography.Address> egress = times.stream().map(t -> geography.address(r.pick(networks), egressCity.get(), r)).toList();
            plays.add(new Play(times.get(0), decoy.id, (sinks, rr) -> new HardCaseRecords(sinks).iPhoneSafari(person, times, egress, decoy, rr)));
        }
        if (!icloud || person.laptop().oktaBrowser().equals("SAFARI")) {
            Detour laptop = new Detour(decoy, Detour.Device.LAPTOP, false, !variant.equals("cloudflare-warp"));
            for (int d = 0; d < length; d++) {
                ZonedDateTime morning = date.plusDays(d).atStartOfDay(person.home().zone()).plusHours(6);
                Instant at = morning.toInstant();
                Instant until = morning.plusHours(14).toInstant();
                while (at.isBefore(until)) {
                    Instant next = icloud ? at.plus(Duration.ofMinutes(r.between(40, 100))) : until;
                    laptop.leg(at, next, geography.address(r.pick(networks), egressCity.get(), r));
                    at = next;
                }
            }
            state.detours.add(laptop);
        }
        busy(state, date.plusDays(length), 1);
    }


    /**
     * An engineer's temporary credentials for the command line, used from the same desk: an IAM
     * user's GetSessionToken with MFA; an IAM user assuming an administrator role with MFA, as
     * aws-vault does; a SAML assertion from Okta exchanged for a role session by saml2aws.
     */
    private void cliTemporaryCredentials(String variant, Rand r) {
        Predicate<Person> suits = variant.equals("saml-cli") ? p -> p.awsRole() != null : p -> p.iamUser() != null;
        LocalDate date = weekday(0, r);
        // the credentials are used from the engineer's laptop where the day has it: no trip takes it elsewhere that day
        Person person = atTheirDesk(suits, date, r);
        if (person == null) {
            return;
        }
        Decoy decoy = decoy(Case.CLI_TEMPORARY_CREDENTIALS, variant);
        Instant at = date.atStartOfDay(person.home().zone()).plusHours(person.startHour() + 1).plusMinutes(r.between(0, 300))
                .toInstant();
        plays.add(new Play(at, decoy.id, (sinks, rr) -> new HardCaseRecords(sinks).temporaryCredentials(person, laptopAt(person, at),
                variant, at, decoy, rr)));
    }

    /**
     * AssumeRole refused in ordinary work: an engineer getting a role's name or account wrong a few
     * times before the right one (from the desk, with MFA); the organisation's cloud-posture scanner,
     * on one instance in AWS, assuming its audit role in every account every night of the run,
     * refused in the accounts that were never given the role (one scanner, however many instances
     * the scale asks for).
     */
    private void roleAssumptionRefused(String variant, Rand r) {
        if (variant.equals("posture-scan-missing-roles")) {
            List<Geography.Network> clouds = tenant.geography.networks(Geography.Kind.CLOUD).stream()
                    .filter(n -> n.asOrganization().toLowerCase(java.util.Locale.ROOT).contains("amazon") && n.city() != null).toList();
            if (clouds.isEmpty() || decoys.stream().anyMatch(d -> d.variant.equals(variant))) {
                return;
            }
            Decoy decoy = decoy(Case.ROLE_ASSUMPTION_REFUSED, variant);
            Geography.Network cloud = r.pick(clouds);
            String ip = tenant.geography.address(cloud, cloud.city(), r).ip();
            HardCaseRecords.Scanner scanner = HardCaseRecords.Scanner.of(ip, r);
            for (int d = 0; d < days; d++) {
                Instant at = start.plusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(180 + r.between(0, 20)));
                plays.add(new Play(at, decoy.id + "-" + d, (sinks, rr) -> new HardCaseRecords(sinks).postureScan(scanner, at, decoy, rr)));
            }
            return;
        }
        LocalDate date = weekday(0, r);
        Person person = atTheirDesk(p -> p.iamUser() != null, date, r);
        if (person == null) {
            return;
        }
        Decoy decoy = decoy(Case.ROLE_ASSUMPTION_REFUSED, variant);
        Instant at = date.atStartOfDay(person.home().zone()).plusHours(person.startHour() + 1).plusMinutes(r.between(0, 300))
                .toInstant();
        plays.add(new Play(at, decoy.id, (sinks, rr) -> new HardCaseRecords(sinks).mistypedRoles(person, laptopAt(person, at), at,
                decoy, rr)));
    }

    /**
     * A device replaced or reset: a new laptop (new Entra device id and Okta device hash, fresh
     * sign-ins with MFA); a replaced phone, registered afresh with an interactive sign-in; a new
     * browser profile on the same laptop (a new Okta device hash, the same Entra device). The
     * decoy is the new device's records on the day.
     */
    private void newDevice(String variant, Rand r) {
        LocalDate date = weekday(1, r);
        Person person = free(p -> true, date, r);
        if (person == null) {
            return;
        }
        ZonedDateTime midnight = date.atStartOfDay(person.home().zone());
        Detour.Device device = variant.equals("replaced-phone") ? Detour.Device.PHONE : Detour.Device.LAPTOP;
        states.get(person.index()).deviceChange = new PersonState.DeviceChange(date, variant, device, midnight.toInstant(),
                midnight.plusDays(1).toInstant(), decoy(Case.NEW_DEVICE, variant));
        busy(states.get(person.index()), date, 1);
    }

    /**
     * A SaaS vendor's servers acting for a user with tokens granted long ago, for a day to three:
     * a mail archiver redeeming the user's refresh token against Exchange from AWS; a CRM sync on
     * Google Cloud doing the same against Graph and refreshing its Okta client's tokens (events
     * naming the user by id); a calendar scheduler on Azure polling Graph every quarter hour, its
     * Okta events missing the user's login altogether.
     */
    private void saasActingForUser(String variant, Rand r) {
        LocalDate date = day(0, r);
        Person person = free(p -> true, date, r);
        if (person == null) {
            return;
        }
        Decoy decoy = decoy(Case.SAAS_ACTING_FOR_USER, variant);
        Integrations.Vendor vendor = Integrations.Vendor.of(variant);
        Instant at = date.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(r.between(0, 23 * 60)));
        Instant until = at.plus(Duration.ofHours(r.between(20, 72)));
        plays.add(new Play(at, decoy.id, (sinks, rr) -> new Integrations(tenant.geography, sinks)
                .actFor(person, vendor, at, until, decoy, rr)));
    }

    /**
     * The organisation's secure web gateway (Zscaler, on its own hosting networks) fails a
     * person's laptop over from its usual node to another mid-session, once or twice, and back:
     * to a node in another US state, from a US node to one in Europe, or between India and
     * Singapore.
     */
    private void egressFailover(String variant, Rand r) {
        Predicate<Person> suits = switch (variant) {
            case "india-singapore" -> p -> p.secureWebGateway() && (p.home().country().equals("IN") || p.home().country().equals("SG"));
            default -> p -> p.secureWebGateway() && p.home().country().equals("US");
        };
        LocalDate date = weekday(0, r);
        Person person = free(suits, date, r);
        if (person == null || !person.secureWebGateway()) {
            return;
        }
        Geography.Network usual = tenant.gatewayNode(person.home());
        List<Geography.Network> elsewhere = tenant.geography.networks(Geography.Kind.GATEWAY).stream()
                .filter(n -> !n.equals(usual)).filter(n -> switch (variant) {
                    case "us-us" -> n.country().equals("US");
                    case "us-eu" -> n.country().equals("DE") || n.country().equals("GB");
                    default -> usual.country().equals("SG") ? n.country().equals("IN") : n.country().equals("SG");
                }).toList();
        if (elsewhere.isEmpty()) {
            return;
        }
        Geography.Network failover = r.pick(elsewhere);
        Detour detour = new Detour(decoy(Case.EGRESS_POOL_FAILOVER, variant), Detour.Device.LAPTOP, true);
        Instant at = date.atStartOfDay(person.home().zone()).plusHours(person.startHour() + 1).plusMinutes(r.between(0, 120))
                .toInstant();
        for (int i = 0, n = r.between(1, 2); i < n; i++) {
            Instant back = at.plus(Duration.ofMinutes(r.between(45, 180)));
            detour.leg(at, back, tenant.geography.address(failover, failover.city(), r));
            at = back.plus(Duration.ofMinutes(r.between(30, 90)));
        }
        states.get(person.index()).detours.add(detour);
        busy(states.get(person.index()), date, 1);
    }

    /**
     * Someone added to the shared vaults during the run: a new hire working through the company
     * vault and their team's on the first morning, or an engineer moving to the infrastructure
     * team going through its vault. Nothing of theirs is in the vault logs before.
     */
    private void newVaultMember(String variant, Rand r) {
        boolean transfer = variant.equals("team-transfer");
        LocalDate date = weekday(2, r);
        Person person = free(transfer ? p -> p.role() == Tenant.Role.ENGINEER && !vaults.of(p).contains(vaults.infrastructure)
                : p -> p.role() == Tenant.Role.STAFF, date, r);
        if (person == null) {
            return;
        }
        busy(states.get(person.index()), date, 1);
        Decoy decoy = decoy(Case.NEW_VAULT_MEMBER, variant);
        vaults.joins(person, date);
        Instant at = date.atStartOfDay(person.home().zone()).plusHours(person.startHour() + 1).plusMinutes(r.between(0, 90)).toInstant();
        Geography.Address from = person.hybrid() ? r.pick(tenant.officeAddresses) : person.homeAddress();
        List<Vaults.Vault> opened = transfer ? List.of(vaults.infrastructure) : vaults.of(person);
        int count = transfer ? r.between(10, 20) : r.between(15, 35);
        plays.add(new Play(at, decoy.id, (sinks, rr) -> {
            sinks.witness().attend(decoy);
            Instant t = at;
            for (int i = 0; i < count; i++) {
                Vaults.Vault vault = rr.pick(opened);
                vaults.lookThrough(person, vault, t, 1, 0, 0, time -> from, sinks, rr);
                t = t.plusSeconds(rr.chance(0.3) ? rr.between(15, 45) : rr.between(60, 420));
            }
            sinks.witness().leave();
        }));
    }

    /**
     * An administrator rotating the passwords of a vault in an afternoon: each item's old
     * password copied, the item opened for editing and saved with the new one, a few minutes apart.
     */
    private void passwordRotation(String variant, Rand r) {
        LocalDate date = weekday(1, r);
        Person person = administrator(variant, date, r);
        if (person == null) {
            return;
        }
        Decoy decoy = decoy(Case.PASSWORD_ROTATION, variant);
        Instant at = date.atStartOfDay(person.home().zone()).plusHours(13).plusMinutes(r.between(0, 120)).toInstant();
        Geography.Address from = desk(person, variant, r);
        Vaults.Vault vault = r.chance(0.5) ? vaults.infrastructure : vaults.administration;
        int count = r.between(18, 40);
        plays.add(new Play(at, decoy.id, (sinks, rr) -> {
            sinks.witness().attend(decoy);
            OnePasswordLog.Client client = OnePasswordLog.Client.desktopOf(person.laptop());
            Instant t = at;
            for (int i = 0; i < count; i++) {
                String item = vault.items().get(i % vault.items().size());
                sinks.onePassword().itemUsage(t, vaults.member(person), client, from, vault.uuid(), item, "secure-copy", rr);
                t = t.plusSeconds(rr.between(30, 120));
                sinks.onePassword().itemUsage(t, vaults.member(person), client, from, vault.uuid(), item, "enter-item-edit-mode", rr);
                t = t.plusSeconds(rr.between(30, 150));
                sinks.onePassword().itemUsage(t, vaults.member(person), client, from, vault.uuid(), item, "server-update", rr);
                t = t.plusSeconds(rr.between(20, 240));
            }
            sinks.witness().leave();
        }));
    }

    /**
     * A person given new apps on the dashboard, opening them all (and a few usual ones) within
     * half an hour of starting the day: six to nine apps after a role change, four to six from an
     * onboarding checklist late in a new starter's first week.
     */
    private void newAppAssignments(String variant, Rand r) {
        LocalDate date = weekday(2, r);
        Person person = free(p -> true, date, r);
        if (person == null) {
            return;
        }
        Decoy decoy = decoy(Case.NEW_APP_ASSIGNMENTS, variant);
        dashboard.assign(person, date, variant.equals("role-change") ? r.between(6, 9) : r.between(4, 6), decoy, r);
    }

    /**
     * An administrator free on {@code date} who can work from the variant's place (the office needs a
     * hybrid worker), kept at that desk that day; null if none.
     */
    private Person administrator(String variant, LocalDate date, Rand r) {
        Person person = free(p -> p.role() == Tenant.Role.ADMIN && (p.hybrid() || variant.equals("home")), date, r);
        if (person == null || person.role() != Tenant.Role.ADMIN) {
            return null;
        }
        busy(states.get(person.index()), date, 1);
        return person;
    }

    /** Where a vault decoy's person works from: an office address for the office variant (a hybrid worker), else home. */
    private Geography.Address desk(Person person, String variant, Rand r) {
        return variant.equals("office") && person.hybrid() ? r.pick(tenant.officeAddresses) : person.homeAddress();
    }

    /** An administrator exporting a vault for an offline backup, from the office or from home. */
    private void vaultExport(String variant, Rand r) {
        LocalDate date = weekday(1, r);
        Person person = administrator(variant, date, r);
        if (person == null) {
            return;
        }
        Decoy decoy = decoy(Case.SANCTIONED_VAULT_EXPORT, variant);
        Instant at = date.atStartOfDay(person.home().zone()).plusHours(person.startHour() + 2).plusMinutes(r.between(0, 240)).toInstant();
        Geography.Address from = desk(person, variant, r);
        Vaults.Vault vault = r.chance(0.5) ? vaults.administration : vaults.engineering;
        plays.add(new Play(at, decoy.id, (sinks, rr) -> {
            sinks.witness().attend(decoy);
            OnePasswordLog.Client client = OnePasswordLog.Client.desktopOf(person.laptop());
            Instant t = at;
            for (String item : vault.items()) {
                sinks.onePassword().itemUsage(t, vaults.member(person), client, from, vault.uuid(), item, "export", rr);
                t = t.plusMillis(rr.between(5, 40));
            }
            sinks.witness().leave();
        }));
    }

    /** Another carrier of the person's country, with another ASN: a roaming partner or a second SIM. */
    private Geography.Network otherCarrier(Person person) {
        if (person.carrier() == null) {
            return null;
        }
        return tenant.geography.networks(Geography.Kind.MOBILE, person.home()).stream()
                .filter(n -> n.asn() != person.carrier().asn()).findFirst().orElse(null);
    }

    /** Any day from {@code firstDay} on. */
    private LocalDate day(int firstDay, Rand r) {
        int from = Math.min(firstDay, days - 1);
        return start.plusDays(from + r.below(days - from));
    }

    /** A weekday from {@code firstDay} on, or null when the run has none. */
    private LocalDate weekday(int firstDay, Rand r) {
        List<LocalDate> weekdays = new ArrayList<>();
        for (int d = Math.min(firstDay, days - 1); d < days; d++) {
            LocalDate date = start.plusDays(d);
            if (date.getDayOfWeek().getValue() <= DayOfWeek.FRIDAY.getValue()) {
                weekdays.add(date);
            }
        }
        return weekdays.isEmpty() ? null : r.pick(weekdays);
    }

    /** Someone the variant suits with no other hard case planned around {@code date}; failing that, anyone free. */
    private Person free(Predicate<Person> suits, LocalDate date, Rand r) {
        if (date == null) {
            return null;
        }
        Predicate<Person> idle = p -> states.get(p.index()).plannedUntil.isBefore(date.minusDays(1));
        List<Person> candidates = tenant.people.stream().filter(idle.and(suits)).toList();
        if (candidates.isEmpty()) {
            candidates = tenant.people.stream().filter(idle).toList();
        }
        return candidates.isEmpty() ? null : r.pick(candidates);
    }

    /**
     * Someone who suits, free on {@code date} and kept from travelling that day: these
     * cases' records come from the person's laptop where their ordinary day has it, which no trip
     * may move while they play. Null if no one who suits is free.
     */
    private Person atTheirDesk(Predicate<Person> suits, LocalDate date, Rand r) {
        Person person = free(suits, date, r);
        if (person == null || !suits.test(person)) {
            return null;
        }
        busy(states.get(person.index()), date, 1);
        return person;
    }

    /**
     * The laptop a desk-bound case's command line runs on, at {@code time}: online wherever the
     * person's day has it (home, the office, their VPN), or at home outside the day's work. Asked
     * when the case plays, after the day's work is planned.
     */
    private Vantage laptopAt(Person person, Instant time) {
        return states.get(person.index()).laptopAt(time, Vantage.of(person.homeAddress(), person.laptop()));
    }

    private static void busy(PersonState state, LocalDate date, int days) {
        LocalDate until = date.plusDays(days);
        state.plannedUntil = until.isAfter(state.plannedUntil) ? until : state.plannedUntil;
    }
}
