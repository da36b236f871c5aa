package dev.tokenward.analytic.baseline;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.event.Agent;
import dev.tokenward.event.Credential;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.IpAddress;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.Network;
import dev.tokenward.event.NetworkClass;
import dev.tokenward.event.Outcome;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * The organisation's own networks, learnt instead of configured: an office's egress, a VPN or
 * secure-web-gateway pool, a proxy — prefixes many of the tenant's people sign in from with MFA, or
 * use sessions from whose sign-in satisfied MFA, on many days. Events from a learnt prefix are marked as the organisation's (class CORPORATE, zone
 * {@link #ZONE}) before the analytics see them, so that a hop between two of them is neither roaming
 * nor travel, as for configured networks.
 *
 * <p>Also learnt: the mobile carriers the people's phones use, which the built-in list may not
 * know. An autonomous system from which at least {@code minPrincipals} people's phones (iOS and
 * Android clients) work on {@code minDays} days, and desktops hardly ever (at most one for five
 * phones: a residential ISP carries both), is a carrier, and its events are marked MOBILE: a
 * carrier's addresses are geolocated to its gateways or head office, not to the phone. Its phones
 * must also move from network to network ({@value #PREFIXES_PER_PHONE_DAY} networks, /24 or /64, a
 * phone a day on average): a carrier gives a phone another address each time it attaches, while
 * home broadband keeps a line on one network for days. Where every laptop goes through a secure
 * web gateway, people's home lines carry only their phones on the home Wi-Fi, and without this
 * they would pass for carriers.
 *
 * <p>Many operators run their fixed lines and their mobile network under one autonomous system
 * (Deutsche Telekom, Vodafone Germany, Orange, Optus): its desktops on home broadband keep it from
 * being learnt as a carrier, yet its phones' addresses come from pools of their own, numbered
 * apart from the fixed lines. So each block of an autonomous system (an IPv4 /16, an IPv6 /32) is
 * judged as a carrier by the same rule, and the events in a block learnt so are MOBILE too.
 *
 * <p>A carrier's address pool is never learnt as the organisation's: its prefixes are shared by
 * the carrier's other customers (an attacker's "mobile proxy" among them), and MOBILE already says
 * what matters about them.
 *
 * <p>Guarded against poisoning: prefixes only (/24 for IPv4, /48 for IPv6), never whole autonomous
 * systems; only sign-ins and verifications that satisfied MFA count; a prefix needs at least
 * max({@code minPrincipals}, {@code minShare} of the principals seen signing in with MFA) distinct
 * principals on at least {@code minDays} days; in a company of fewer than four times
 * {@code minPrincipals} people, a quarter of them and three at the least (a dozen people's office
 * holds four of them). A prefix is disqualified for the rest of the run when
 * its failed sign-ins are more than {@code maxFailureShare} of its sign-in attempts and came from
 * at least {@code minPrincipals} people (an office sees a typo a day; a spraying host sees mostly
 * failures, for many accounts; where people sign in at home and bring their sessions to the office,
 * its few sign-ins may include two refused or missed MFA pushes, which say nothing of it). A prefix
 * is not trusted while high or critical alerts' decisive evidence came from it for more than {@code maxAlertedShare} of its
 * principals: before an office or VPN is learnt, the first people seen hopping to it may well raise
 * alerts (where the VPN comes out at headquarters, the remote workers abroad do, and in a small
 * company two of its nine office people may be abroad; one person's alerts never distrust a
 * prefix), but a host replaying stolen sessions raises one for nearly every victim it uses. What is
 * learnt is never configuration: configured networks keep their own names.
 */
public final class OrganisationNetworks {
    /** The zone name events from learnt prefixes get. */
    public static final String ZONE = "organisation network (learnt)";
    private static final int MAX_PRINCIPALS = 4096;
    private static final int MAX_DAYS = 16;
    private static final int MAX_PAIRS = 8192;
    /** Networks a carrier's phone is seen on a day at the least, on average: home broadband has one for days. */
    private static final double PREFIXES_PER_PHONE_DAY = 1.5;
    /** The fewest people a prefix is learnt from, however small the company. */
    private static final int FEWEST_IN_AN_OFFICE = 3;

    /**
     * @param minPrincipals principals a prefix needs at least
     * @param minShare      share of all principals seen signing in with MFA a prefix needs at least
     * @param minDays       days a prefix must have been signed in from
     * @param maxFailureShare share of a prefix's sign-in attempts that may fail (counted once failures came from minPrincipals people)
     * @param maxAlertedShare share of a prefix's principals that high or critical alerts may have come from
     */
    public record Settings(Integer minPrincipals, Double minShare, Integer minDays, Double maxFailureShare, Double maxAlertedShare) {
        public static final Settings DEFAULTS = new Settings(5, 0.10, 3, 0.20, 0.30);

        public Settings {
            minPrincipals = minPrincipals == null ? 5 : minPrincipals;
            minShare = minShare == null ? 0.10 : minShare;
            minDays = minDays == null ? 3 : minDays;
            maxFailureShare = maxFailureShare == null ? 0.20 : maxFailureShare;
            maxAlertedShare = maxAlertedShare == null ? 0.30 : maxAlertedShare;
            if (minPrincipals < 1 || minShare < 0 || minShare > 1 || minDays < 1 || maxFailureShare < 0 || maxFailureShare > 1
                    || maxAlertedShare < 0 || maxAlertedShare > 1) {
                throw new IllegalArgumentException(
                        "minPrincipals and minDays must be at least 1, minShare, maxFailureShare and maxAlertedShare between 0 and 1");
            }
        }
    }

    private static final class Prefix {
        final Set<Integer> principals = new HashSet<>();
        final Set<Long> days = new HashSet<>();
        final Set<Integer> alerted = new HashSet<>();
        /** The people whose sign-ins from it failed. */
        final Set<Integer> failed = new HashSet<>();
        int attempts;
        int failures;
        boolean disqualified;
        boolean learnt;

        /** Learnt, and high alerts from no more than {@code maxAlertedShare} of its people, or from one alone. */
        boolean trusted(double maxAlertedShare) {
            return learnt && !disqualified && alerted.size() <= Math.max(1, maxAlertedShare * principals.size());
        }
    }

    /** Per autonomous system: the people whose phones and whose desktops used it, and on which days. */
    private static final class Owner {
        final Set<Integer> phones = new HashSet<>();
        final Set<Integer> desktops = new HashSet<>();
        final Set<Long> days = new HashSet<>();
        /** Each phone with each network (/24, /64) it was seen on, and with each day it was seen. */
        final Set<Long> phoneNetworks = new HashSet<>();
        final Set<Long> phoneDays = new HashSet<>();
        boolean carrier;

        /** Whether its phones move from network to network as a carrier's do. */
        boolean phonesHop() {
            return phoneNetworks.size() >= PREFIXES_PER_PHONE_DAY * phoneDays.size();
        }
    }

    private final LinkedHashMap<Long, Owner> owners = new LinkedHashMap<>(1 << 8, 0.75f, true);
    /** Per block of an autonomous system ({@link Block}): a converged operator's mobile pools. */
    private final LinkedHashMap<Block, Owner> blocks = new LinkedHashMap<>(1 << 8, 0.75f, true);
    private final Settings settings;
    private final int limit;
    private final LinkedHashMap<String, Prefix> prefixes = new LinkedHashMap<>(1 << 8, 0.75f, true);
    private final Set<Integer> principals = new HashSet<>();
    /**
     * Per country, some of the people seen signing in from it with MFA (a few are enough to say
     * someone works there; a password sprayed from abroad completes none).
     */
    private final java.util.HashMap<String, Set<Integer>> countries = new java.util.HashMap<>();
    private static final int MAX_COUNTRIES = 256;
    private static final int PEOPLE_PER_COUNTRY = 4;
    private int learnt;
    /**
     * The organisation's working days: the day being counted (UTC, from the epoch), the people who
     * signed in with MFA on it (sign-ins, not a session's uses), and how many did on each day closed
     * (the first {@value #DAYS_COUNTED}). A day is a working day if as many as half the busiest day's
     * did, the busiest of any day, later ones too: logs that begin on a Saturday show a weekend first.
     */
    private long day = Long.MIN_VALUE;
    private final Set<Integer> today = new HashSet<>();
    private final List<Integer> closedDays = new ArrayList<>();
    private static final int DAYS_COUNTED = 32;

    public OrganisationNetworks(Settings settings, int limit) {
        this.settings = settings;
        this.limit = limit;
    }

    /** How many prefixes are learnt so far. */
    public int learnt() {
        return learnt;
    }

    /**
     * The event as the analytics should see it: from a learnt prefix, the organisation's; from a
     * learnt carrier, MOBILE; and in any case with how many principals share its network.
     */
    public Event mark(Event event) {
        String key = key(event.client().ip());
        Network network = event.network();
        if (key == null || network.networkClass() == NetworkClass.PRIVATE) {
            return event;
        }
        Prefix prefix = prefixes.get(key);
        int shared = prefix == null ? 0 : prefix.principals.size();
        NetworkClass networkClass = network.networkClass();
        String zone = network.zone();
        if (zone == null && prefix != null && prefix.trusted(settings.maxAlertedShare())) {
            networkClass = NetworkClass.CORPORATE;
            zone = ZONE;
        } else if (zone == null && (networkClass == NetworkClass.UNKNOWN || networkClass == NetworkClass.RESIDENTIAL)) {
            networkClass = carrier(event.client().ip(), network.asn()) ? NetworkClass.MOBILE : networkClass;
        }
        if (shared == network.sharedBy() && networkClass == network.networkClass() && java.util.Objects.equals(zone, network.zone())) {
            return event;
        }
        return event.withClientAndNetwork(event.client(), network.as(networkClass, zone, shared));
    }

    /**
     * How many mobile carriers are learnt so far: autonomous systems, and blocks of one that is not
     * (a converged operator's mobile pools).
     */
    public long carriers() {
        return owners.values().stream().filter(o -> o.carrier).count() + blocks.entrySet().stream()
                .filter(block -> block.getValue().carrier && !carrierAs(block.getKey().asn())).count();
    }

    /** Whether the address is a learnt mobile carrier's: its autonomous system, or its block of one. */
    public boolean carrier(IpAddress ip, Long asn) {
        if (asn == null || ip == null) {
            return false;
        }
        if (carrierAs(asn)) {
            return true;
        }
        Owner block = blocks.get(Block.of(ip, asn));
        return block != null && block.carrier;
    }

    /**
     * How many of the tenant's people were seen working from the autonomous system so far, on
     * phones and desktops (counted apart, so one person on both counts twice; at most
     * {@value #MAX_PRINCIPALS} each; 0 when it was forgotten past the limit).
     */
    public int peopleOn(Long asn) {
        Owner owner = asn == null ? null : owners.get(asn);
        return owner == null ? 0 : owner.phones.size() + owner.desktops.size();
    }

    /**
     * Whether the organisation is seen working from the country: some of its people signed in from it
     * with MFA. True also while it cannot tell, fewer than {@code minPrincipals} people having been
     * seen signing in with MFA at all (logs without the identity provider's, or their first minutes).
     */
    public boolean workedFrom(String country) {
        if (principals.size() < settings.minPrincipals()) {
            return true;
        }
        Set<Integer> people = country == null ? null : countries.get(country);
        return people != null && !people.isEmpty();
    }

    private void observeCountry(Event event) {
        String country = event.network().country();
        if (country == null || !countries.containsKey(country) && countries.size() >= MAX_COUNTRIES) {
            return;
        }
        Set<Integer> people = countries.computeIfAbsent(country, c -> new HashSet<>());
        if (people.size() < PEOPLE_PER_COUNTRY) {
            people.add(event.principal().name().hashCode());
        }
    }

    private boolean carrierAs(long asn) {
        Owner owner = owners.get(asn);
        return owner != null && owner.carrier;
    }

    /** Learns carriers: which people's phones and desktops work from the event's autonomous system, and from its block. */
    private void observeOwner(Event event) {
        Long asn = event.network().asn();
        Agent agent = event.client().agent();
        String os = agent == null ? null : agent.os();
        if (asn == null || os == null || event.outcome() != Outcome.SUCCESS) {
            return;
        }
        observeOwner(event, agent, owner(owners, asn, limit));
        observeOwner(event, agent, owner(blocks, Block.of(event.client().ip(), asn), limit));
    }

    /** The owner kept under {@code key}, made if new; the least recently seen is forgotten past the limit. */
    private static <K> Owner owner(LinkedHashMap<K, Owner> kept, K key, int limit) {
        Owner owner = kept.get(key);
        if (owner == null) {
            owner = new Owner();
            kept.put(key, owner);
            if (kept.size() > limit) {
                var eldest = kept.entrySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
        return owner;
    }

    private void observeOwner(Event event, Agent agent, Owner owner) {
        int principal = event.principal().name().hashCode();
        boolean phone = agent.phone();
        Set<Integer> which = phone ? owner.phones : owner.desktops;
        if (which.size() < MAX_PRINCIPALS) {
            which.add(principal);
        }
        long day = event.time().getEpochSecond() / 86_400;
        if (owner.days.size() < MAX_DAYS) {
            owner.days.add(day);
        }
        if (phone && owner.phoneNetworks.size() < MAX_PAIRS && owner.phoneDays.size() < MAX_PAIRS) {
            owner.phoneNetworks.add((long) principal << 32 | (event.client().ip().prefix().hashCode() & 0xffffffffL));
            owner.phoneDays.add((long) principal << 32 | day);
        }
        owner.carrier = owner.phones.size() >= settings.minPrincipals() && owner.desktops.size() * 5 <= owner.phones.size()
                && owner.days.size() >= settings.minDays() && owner.phonesHop();
    }

    /**
     * Learns from one event, after the analytics have handled it: a sign-in that satisfied MFA, or a
     * use of a session whose sign-in did ({@code lineage}: the credential's lineage before the event).
     */
    public void observe(Event event, Lineage lineage) {
        String key = key(event.client().ip());
        if (key == null || event.principal() == null) {
            return;
        }
        observeOwner(event);
        boolean signIn = signIn(event.kind());
        if (signIn && event.outcome() == Outcome.FAILURE) {
            Prefix prefix = prefix(key);
            prefix.attempts++;
            prefix.failures++;
            if (prefix.failed.size() < MAX_PRINCIPALS) {
                prefix.failed.add(event.principal().name().hashCode());
            }
            if (prefix.failed.size() >= settings.minPrincipals() && prefix.failures > settings.maxFailureShare() * prefix.attempts) {
                disqualify(prefix);
            }
            return;
        }
        Credential credential = event.credential();
        boolean mfa = credential != null && (credential.mfa() == Mfa.TRUE || lineage != null && lineage.mfa == Mfa.TRUE);
        if (signIn && mfa && event.outcome() == Outcome.SUCCESS) {
            observeCountry(event);
        }
        if (event.outcome() != Outcome.SUCCESS || !mfa || event.network().networkClass() == NetworkClass.MOBILE) {
            return;
        }
        Prefix prefix = prefix(key);
        if (signIn) {
            prefix.attempts++;
        }
        int principal = event.principal().name().hashCode();
        if (principals.size() < limit * 4) {
            principals.add(principal);
        }
        if (signIn) {
            // sign-ins, not a session's uses: phones refresh theirs all weekend
            workedOn(event.time(), principal);
        }
        if (prefix.principals.size() < MAX_PRINCIPALS) {
            prefix.principals.add(principal);
        }
        if (prefix.disqualified || prefix.learnt) {
            return;
        }
        if (prefix.days.size() < MAX_DAYS) {
            prefix.days.add(event.time().getEpochSecond() / 86_400);
        }
        learnIf(prefix, needed(), settings.minDays());
    }

    /** The people a prefix needs: {@link #inOneOffice()}, and {@code minShare} of all those seen signing in with MFA. */
    private double needed() {
        return Math.max(inOneOffice(), settings.minShare() * principals.size());
    }

    /**
     * {@code minPrincipals}, or in a company too small to have that many people in one office, a
     * quarter of the people seen signing in with MFA, {@value #FEWEST_IN_AN_OFFICE} at the least: a
     * dozen people's office holds four of them, and a household two.
     */
    private int inOneOffice() {
        return Math.min(settings.minPrincipals(), Math.max(FEWEST_IN_AN_OFFICE, (principals.size() + 3) / 4));
    }

    /** Learns the prefix if as many people as {@code needed} were seen on it with MFA, on {@code days} days or more. */
    private void learnIf(Prefix prefix, double needed, int days) {
        if (prefix.principals.size() >= needed && prefix.days.size() >= days) {
            prefix.learnt = true;
            learnt++;
        }
    }

    /** Whether one of the addresses is in a learnt, trusted prefix: a signal it excuses would not be raised now. */
    public boolean excuses(java.util.List<String> ips) {
        for (String ip : ips) {
            Prefix prefix = prefixOf(ip);
            if (prefix != null && prefix.trusted(settings.maxAlertedShare())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether one of the addresses is in a prefix on its way to being learnt: as many people as a
     * prefix needs were seen on it, on fewer days than it needs, and nothing has disqualified it.
     * Where people work in the office on some days only (hybrid work, Tuesday to Thursday), its
     * prefix is seen on fewer days than the organisation works.
     */
    public boolean learning(java.util.List<String> ips) {
        double needed = needed();
        for (String ip : ips) {
            Prefix prefix = prefixOf(ip);
            if (prefix != null && !prefix.learnt && !prefix.disqualified && prefix.principals.size() >= needed) {
                return true;
            }
        }
        return false;
    }

    /** The prefix the address falls in, as counted so far; null if none was. */
    private Prefix prefixOf(String ip) {
        return IpAddress.parse(ip).map(OrganisationNetworks::key).map(prefixes::get).orElse(null);
    }

    /** Counts one MFA sign-in towards its day; a later day closes the one before. */
    private void workedOn(java.time.Instant time, int principal) {
        long now = Math.floorDiv(time.getEpochSecond(), 86_400);
        if (now > day) {
            if (!today.isEmpty() && closedDays.size() < DAYS_COUNTED) {
                closedDays.add(today.size());
            }
            today.clear();
            day = now;
        }
        if (today.size() < limit * 4) {
            today.add(principal);
        }
    }

    /**
     * Whether the organisation has been seen at work on {@code minDays} days, each with at least
     * half as many people signing in with MFA as its busiest: logs that begin on a Friday show the
     * offices and VPNs on Friday and not again until Monday. True when no sign-in with MFA was seen
     * at all (nothing of the kind will be learnt).
     */
    public boolean workedEnoughDays(java.time.Instant now) {
        boolean todayOver = Math.floorDiv(now.getEpochSecond(), 86_400) > day && todayWorked();
        return workingDays() + (todayOver ? 1 : 0) >= settings.minDays() || closedDays.isEmpty() && today.isEmpty();
    }

    /**
     * The end of the input. Logs with fewer working days than {@code minDays} (an export from Friday
     * to Sunday shows the office on Friday alone) can show no prefix on {@code minDays} days, nor
     * its regular people among the whole staff: a prefix is then learnt if {@code minPrincipals}
     * people (in a small company, {@link #inOneOffice()}) signed in from it with MFA, or used from it
     * a session whose sign-in did, on as many days as the logs had working days (one at the least);
     * the other guards stand (a host that replays stolen sessions raises a high alert for nearly
     * every victim, and is not trusted).
     */
    public void endOfInput() {
        int worked = workingDays() + (todayWorked() ? 1 : 0);
        if (worked >= settings.minDays()) {
            return;
        }
        for (Prefix prefix : prefixes.values()) {
            if (!prefix.learnt && !prefix.disqualified) {
                learnIf(prefix, inOneOffice(), Math.max(1, worked));
            }
        }
    }

    /** The days closed on which at least half as many people signed in with MFA as on the busiest day. */
    private int workingDays() {
        int busiest = busiest();
        int worked = 0;
        for (int people : closedDays) {
            worked += people * 2 >= busiest ? 1 : 0;
        }
        return worked;
    }

    /** Whether the day being counted is a working day: at least half as many people signed in with MFA as on the busiest. */
    private boolean todayWorked() {
        return !today.isEmpty() && today.size() * 2 >= busiest();
    }

    /** The most people who signed in with MFA on any one day, the day being counted among them. */
    private int busiest() {
        int busiest = today.size();
        for (int people : closedDays) {
            busiest = Math.max(busiest, people);
        }
        return busiest;
    }

    /** How long the organisation's networks take to learn at the least: {@code minDays} days. */
    public java.time.Duration learningPeriod() {
        return java.time.Duration.ofDays(settings.minDays());
    }

    /** A high or critical alert about {@code principal} came from the evidence's address: counted against its prefix. */
    public void distrust(Evidence decisive, String principal) {
        if (decisive != null && decisive.ip() != null && principal != null) {
            IpAddress.parse(decisive.ip()).map(OrganisationNetworks::key).ifPresent(key -> {
                Set<Integer> alerted = prefix(key).alerted;
                if (alerted.size() < MAX_PRINCIPALS) {
                    alerted.add(principal.hashCode());
                }
            });
        }
    }

    private void disqualify(Prefix prefix) {
        if (prefix.learnt && !prefix.disqualified) {
            learnt--;
        }
        prefix.disqualified = true;
    }

    private static boolean signIn(EventKind kind) {
        return kind == EventKind.AUTHENTICATION || kind == EventKind.SESSION_START || kind == EventKind.MFA;
    }

    private Prefix prefix(String key) {
        Prefix prefix = prefixes.get(key);
        if (prefix == null) {
            prefix = new Prefix();
            prefixes.put(key, prefix);
            if (prefixes.size() > limit) {
                var eldest = prefixes.entrySet().iterator();
                if (eldest.next().getValue().learnt) {
                    learnt--;
                }
                eldest.remove();
            }
        }
        return prefix;
    }

    /**
     * A block of an autonomous system: an IPv4 /16 or IPv6 /32 of its addresses (an operator numbers
     * its mobile pools apart from its fixed lines in blocks of that size or more).
     */
    record Block(long asn, boolean v4, long bits) {
        static Block of(IpAddress ip, long asn) {
            return new Block(asn, ip.v4(), ip.v4() ? ip.low() >>> 16 : ip.high() >>> 32);
        }
    }

    /** The learnt prefix of an address: its /24, or for IPv6 its /48; null for none or a private one. */
    static String key(IpAddress ip) {
        if (ip == null || ip.isPrivate()) {
            return null;
        }
        if (ip.v4()) {
            return ip.prefix();
        }
        return Long.toHexString(ip.high() >>> 16) + "::/48";
    }
}
