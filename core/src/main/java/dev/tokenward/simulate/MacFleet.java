package dev.tokenward.simulate;

import dev.tokenward.evaluate.Storyline;
import dev.tokenward.simulate.MacAttacks.Behaviour;
import dev.tokenward.simulate.MacAttacks.Change;
import dev.tokenward.simulate.MacCatalog.Call;
import dev.tokenward.simulate.MacCatalog.Job;
import dev.tokenward.simulate.MacCatalog.Process;
import dev.tokenward.simulate.MacCatalog.Start;
import dev.tokenward.simulate.Tenant.Person;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The organisation's Macs: one for each person whose laptop is a Mac, and a few Mac Studios on
 * office desks. Each follows its owner's working day as the identity logs record it (on the office
 * LAN when the person works from the office, at home otherwise), sleeps when closed, takes Power
 * Nap dark wakes on some nights, stays awake all night on others, and now and then is shut for a
 * week. launchd runs its jobs as launchd does: {@code StartInterval} timers that slip with every
 * sleep and catch up once at wake, {@code StartCalendarInterval} times on the local clock that are
 * coalesced into one run at wake, nothing for a Mac that was off. Its osquery runs its scheduled
 * queries on seconds of uptime (so a daily query on a laptop runs every two or three days), splayed
 * by up to 10%, and sees a connection only if it is open at a query run, except on the Macs where
 * IT turned on audit-based socket events: there every connect() is logged. The office sensor sees a
 * Mac only while it is on the office LAN.
 *
 * <p>A Mac's day is its owner's local day, so it is generated after the people's day; records go
 * into the spool with the rest, a day behind.
 */
final class MacFleet implements Population.LaptopDiary {

    /** Where a Mac is. */
    enum Place { OFFICE, HOME, AWAY }

    /** A stretch awake: {@code dark} for a Power Nap dark wake, {@code boot} when it starts with a restart. */
    record Span(Instant from, Instant to, Place place, boolean dark, boolean boot) {
        Duration length() {
            return Duration.between(from, to);
        }
    }

    private record Stretch(Instant from, Instant to, boolean office, boolean travelling) {
    }

    private enum Night { AWAKE, POWER_NAP, DEEP }

    private static final String[] QUERIES = {OsqueryLog.CALENDAR, OsqueryLog.INTERFACES, OsqueryLog.LAUNCHD, OsqueryLog.SIGNATURES,
            OsqueryLog.SOCKETS, OsqueryLog.SOCKET_EVENTS};
    private static final int[] INTERVALS = {3600, 300, 86_400, 3600, 60, 300};
    /**
     * The share of Macs on which IT has turned on osquery's audit-based socket events: a rollout in
     * progress (OpenBSM auditing costs CPU on older Intel Macs, so it goes out by group).
     */
    private static final double SOCKET_EVENTS_SHARE = 0.6;
    /** The share of Macs whose Endpoint Security exec and launch-item events the security team collects with eslogger. */
    private static final double ENDPOINT_SECURITY_SHARE = 0.4;
    /** How often an application or daemon that is not always talking holds a connection in a stretch awake: meetings, uploads. */
    private static final Map<String, Double> OCCASIONAL = Map.of("zoom", 0.2, "backblaze", 0.3);
    private static final String[] WIFI_OUIS = {"f0:18:98", "3c:22:fb", "a4:83:e7", "88:66:5a", "14:7d:da", "bc:d0:74", "5c:e9:1e"};

    /** A launchd job as loaded on a host: from when, until when, and whose it is when it is an attack's or a decoy's. */
    private static final class Installed {
        final Job job;
        final Instant from;
        final String owner;
        final boolean attack;
        final Behaviour behaviour;
        final MacCatalog.Destination exfiltration;
        Instant until = Instant.MAX;
        Instant nextDue;
        Instant lastCall = Instant.MIN;
        Change afterRun;

        Installed(Job job, Instant from, Change change) {
            this.job = job;
            this.from = from;
            this.owner = change == null ? null : change.owner();
            this.attack = change != null && change.attack();
            this.behaviour = change == null ? null : change.behaviour();
            this.exfiltration = change == null ? null : change.exfiltration();
        }

        boolean loadedDuring(Span span) {
            return from.isBefore(span.to()) && until.isAfter(span.from());
        }
    }

    /** A process running between two times: a job's run, what osquery's signature query may catch. */
    private record Run(Process process, Instant from, Instant to, String attack) {
    }

    /** What a Mac carries from one day to the next. */
    private final class Host {
        final Mac mac;
        final List<Installed> jobs = new ArrayList<>();
        final List<Change> pending = new ArrayList<>();
        final Map<String, Integer> pids = new HashMap<>();
        final Map<String, Instant> chains = new HashMap<>();
        final Map<String, Integer> counters = new HashMap<>();
        final Map<String, Integer> intervals = new HashMap<>();
        final Set<MacConnection> sockets = new LinkedHashSet<>();
        /** osquery's audit collection reports every connect() here; the time of its last report. */
        boolean socketEvents;
        /** eslogger runs here: every exec launchd makes and every launch item registered is logged. */
        boolean endpointSecurity;
        Instant booted;
        Instant audited = Instant.MIN;
        final Map<String, Map<String, Map<String, String>>> reported = new HashMap<>();
        final List<MacConnection> carried = new ArrayList<>();
        final List<Run> runs = new ArrayList<>();
        final Map<String, Instant> resolved = new HashMap<>();
        int nextPid;
        long uptime;
        boolean awakeAtMidnight;
        Instant lastAwake;
        Place lastPlace = Place.HOME;
        Instant closedFrom;
        Instant closedUntil;
        String officeAddress;
        Instant leaseExpires = Instant.MIN;
        Instant renewal = Instant.MAX;

        Host(Mac mac) {
            this.mac = mac;
        }

        int pid() {
            nextPid += 3 + (int) Math.floorMod(Rand.of(seed, "mac-pid", mac.index(), nextPid).nextLong(), 400L);
            if (nextPid > 99_000) {
                nextPid = 400 + nextPid % 1000;
            }
            return nextPid;
        }

        int pidOf(String kind) {
            return pids.computeIfAbsent(kind, k -> pid());
        }

        int counter(String query) {
            return counters.merge(query, 1, Integer::sum);
        }
    }

    private final Tenant tenant;
    private final long seed;
    private final LocalDate start;
    private final int days;
    private final Instant logsBegin;
    private final Instant logsEnd;
    private final OsqueryLog osquery;
    private final ZeekLog zeek;
    private final EsloggerLog eslogger;
    private final MacAttacks attacks = new MacAttacks();
    private final List<Host> hosts = new ArrayList<>();
    private final Map<Integer, List<Host>> byPerson = new HashMap<>();
    private final Map<String, List<Stretch>> diary = new HashMap<>();
    private final Map<String, Host> leases = new HashMap<>();

    MacFleet(Tenant tenant, Spool spool, long seed, LocalDate start, int days) {
        this.tenant = tenant;
        this.seed = seed;
        this.start = start;
        this.days = days;
        this.logsBegin = start.atStartOfDay(ZoneOffset.UTC).toInstant();
        this.logsEnd = start.plusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
        this.osquery = new OsqueryLog(spool, logsEnd);
        this.zeek = new ZeekLog(spool, logsEnd);
        this.eslogger = new EsloggerLog(spool, logsEnd);
        Set<String> names = new HashSet<>();
        for (Person person : tenant.people) {
            if (person.laptop().oktaOs().startsWith("Mac")) {
                add(mac(person, person.laptop().name(), false, names));
            }
            if (person.role() == Tenant.Role.ENGINEER && person.home().zone().equals(tenant.hq.zone())
                    && Rand.of(seed, "mac-studio", person.index()).chance(0.03)) {
                add(mac(person, person.laptop().name().replaceAll("-(LT|MBP)$", "") + "-MS", true, names));
            }
        }
        Map<Integer, Instant[]> closed = new LinkedHashMap<>();
        Rand r = Rand.of(seed, "mac-closed");
        int shut = days >= 9 ? Math.max(1, (int) Math.round(hosts.size() * 0.03)) : 0;
        List<Host> laptops = new ArrayList<>(hosts.stream().filter(h -> !h.mac.desktop()).toList());
        for (int i = 0; i < shut && !laptops.isEmpty(); i++) {
            Host host = laptops.remove(r.below(laptops.size()));
            ZonedDateTime from = start.plusDays(1 + r.below(Math.max(1, days - 8))).atTime(17, 0).atZone(host.mac.zone())
                    .plusMinutes(r.between(0, 240));
            host.closedFrom = from.toInstant();
            host.closedUntil = from.plusDays(r.between(6, 8)).withHour(8).plusMinutes(r.between(0, 120)).toInstant();
            closed.put(host.mac.index(), new Instant[] {host.closedFrom, host.closedUntil});
        }
        attacks.plan(hosts.stream().map(h -> h.mac).toList(), closed, start, days, seed);
        for (Host host : hosts) {
            Instant dayBefore = start.minusDays(2).atStartOfDay(host.mac.zone()).toInstant();
            for (Job job : MacCatalog.jobs(host.mac)) {
                host.jobs.add(new Installed(job, Instant.MIN, null));
            }
            for (Change change : attacks.changes()) {
                if (change.host() == host.mac.index() && change.at() == Instant.MIN) {
                    host.jobs.add(new Installed(change.job(), Instant.MIN, change));
                } else if (change.host() == host.mac.index() || change.host() == -1) {
                    host.pending.add(change);
                }
            }
            Rand h = Rand.of(seed, "mac-host", host.mac.index());
            for (Installed installed : host.jobs) {
                if (installed.job.start() == Start.INTERVAL) {
                    installed.nextDue = dayBefore.plusSeconds(h.between(0, installed.job.interval()));
                }
            }
            host.lastAwake = dayBefore;
            if (host.mac.desktop()) {
                host.officeAddress = "10.40.8." + (20 + host.mac.index() % 200);
                host.renewal = dayBefore.plusSeconds(h.between(0, 12 * 3600));
            }
            host.socketEvents = Rand.of(seed, "mac-socket-events", host.mac.index()).chance(SOCKET_EVENTS_SHARE);
            host.nextPid = h.between(300, 20_000);
            host.uptime = h.between(0, 400_000);
            host.booted = dayBefore.minusSeconds(host.uptime);
            host.endpointSecurity = Rand.of(seed, "mac-eslogger", host.mac.index()).chance(ENDPOINT_SECURITY_SHARE);
            splay(host, h);
            for (String query : QUERIES) {
                host.counters.put(query, h.between(40, 900));
            }
            host.reported.put(OsqueryLog.SIGNATURES, rows(signatures(host, List.of(), null, Instant.MIN)));
            host.reported.put(OsqueryLog.CALENDAR, rows(calendar(host, Instant.MIN)));
        }
    }

    private void add(Mac mac) {
        Host host = new Host(mac);
        hosts.add(host);
        byPerson.computeIfAbsent(mac.person().index(), k -> new ArrayList<>()).add(host);
    }

    private Mac mac(Person person, String name, boolean desktop, Set<String> names) {
        Rand r = Rand.of(seed, "mac", person.index(), desktop ? "studio" : "laptop");
        String hostname = name;
        for (int n = 2; !names.add(hostname); n++) {
            hostname = name + n;
        }
        boolean modern = r.chance(0.75);
        String serial = modern ? r.upperAlphanumeric(10).replace('O', 'Q').replace('I', 'J') : "C02" + r.upperAlphanumeric(9);
        String model = desktop ? "Mac14,13" : r.pick("Mac15,6", "Mac15,7", "Mac14,5", "Mac14,9", "Mac16,1", "Mac16,5", "Mac15,3");
        boolean chrome = person.laptop().oktaBrowser().equals("CHROME");
        String homeLan = r.pick("192.168.1", "192.168.0", "10.0.0", "192.168.86", "192.168.4");
        String lowercaseUuid = r.uuid();
        return new Mac(hosts.size(), person, hostname, Mac.username(person), r.chance(0.85) ? 501 : r.pick(502, 503), lowercaseUuid
                .toUpperCase(Locale.ROOT), serial, model, desktop, r.chance(0.2), modern, r.pick(WIFI_OUIS) + ":" + pairs(r.hex(6)),
                r.chance(0.9), person.home().zone(), homeLan, !desktop && r.chance(0.3), "fe80::" + quads(r.hex(16)) + "%en0",
                chrome, "155.0." + r.between(7700, 7800) + "." + r.between(40, 180), r.chance(0.4), r.pick("dropbox", "google-drive",
                "onedrive", "onedrive"), r.chance(0.6), r.uuid().toUpperCase(Locale.ROOT), desktop ? 0 : r.pick(0.02, 0.08, 0.25),
                r.pick(0.2, 0.5, 0.8));
    }

    private static String pairs(String hex) {
        return hex.substring(0, 2) + ":" + hex.substring(2, 4) + ":" + hex.substring(4, 6);
    }

    private static String quads(String hex) {
        return hex.substring(0, 4).replaceFirst("^0+(?=.)", "") + ":" + hex.substring(4, 8).replaceFirst("^0+(?=.)", "") + ":"
                + hex.substring(8, 12).replaceFirst("^0+(?=.)", "") + ":" + hex.substring(12, 16).replaceFirst("^0+(?=.)", "");
    }

    int size() {
        return hosts.size();
    }

    @Override
    public void worked(Person person, LocalDate date, Instant from, Instant to, boolean atOffice, boolean travelling) {
        if (byPerson.containsKey(person.index())) {
            diary.computeIfAbsent(person.index() + "/" + date, k -> new ArrayList<>()).add(new Stretch(from, to, atOffice, travelling));
        }
    }

    /** Every Mac's local day {@code date}: call after the people's day {@code date}, for days -1 to {@code days}. */
    void day(LocalDate date) {
        for (Host host : hosts) {
            day(host, date);
        }
        diary.keySet().removeIf(key -> LocalDate.parse(key.substring(key.indexOf('/') + 1)).isBefore(date.minusDays(1)));
    }

    List<Storyline> truth() {
        return attacks.truth();
    }

    private void day(Host host, LocalDate date) {
        Mac mac = host.mac;
        Instant dayStart = date.atStartOfDay(mac.zone()).toInstant();
        Instant dayEnd = date.plusDays(1).atStartOfDay(mac.zone()).toInstant();
        Rand r = Rand.of(seed, "mac-day", mac.index(), date.toEpochDay());
        List<Span> spans = timeline(host, date, dayStart, dayEnd, r);
        List<MacConnection> connections = new ArrayList<>();
        boolean first = true;
        for (Span span : spans) {
            boolean continuing = first && host.awakeAtMidnight && span.from().equals(dayStart) && !span.boot();
            first = false;
            if (!continuing) {
                for (MacConnection c : host.carried) {
                    c.cutAt(host.lastAwake);
                }
                connections.addAll(host.carried);
                host.carried.clear();
                wake(host, span, connections, r);
            } else {
                connections.addAll(host.carried);
                host.carried.clear();
            }
            apply(host, span, r);
            scheduled(host, span, continuing, connections, r);
            boolean open = span.to().equals(dayEnd) && !span.dark();
            resident(host, span, open, connections, r);
            for (MacConnection c : connections) {
                if (!open && c.end.isAfter(span.to()) && c.start.isBefore(span.to())) {
                    c.cutAt(span.to());
                }
            }
            host.lastAwake = span.to();
            host.lastPlace = span.place();
        }
        host.awakeAtMidnight = !spans.isEmpty() && spans.get(spans.size() - 1).to().equals(dayEnd) && !spans.get(spans.size() - 1).dark();
        connections.sort(Comparator.comparing((MacConnection c) -> c.start).thenComparing(c -> c.localPort));
        for (MacConnection c : connections) {
            if (c.storyline != null && !c.start.isBefore(logsBegin) && c.start.isBefore(logsEnd)) {
                attacks.saw(c.storyline, mac.hostname(), c.start);
            }
        }
        queries(host, spans, connections, r);
        sensor(host, spans, connections, dayStart, dayEnd, r);
        for (MacConnection c : connections) {
            if (c.storyline != null && c.logged) {
                attacks.callLogged(c.storyline, c.vendorCall);
                if (c.start.isBefore(logsBegin)) {
                    // a connect made before the logs begin but reported within them (socket events) is in the logs
                    attacks.saw(c.storyline, host.mac.hostname(), c.start);
                }
            }
        }
        for (MacConnection c : connections) {
            if (c.end.isAfter(dayEnd)) {
                host.carried.add(c);
            }
        }
        host.runs.removeIf(run -> run.to().isBefore(dayEnd));
    }

    // ---- when a Mac is awake ----

    private List<Span> timeline(Host host, LocalDate date, Instant dayStart, Instant dayEnd, Rand r) {
        Mac mac = host.mac;
        ZoneId zone = mac.zone();
        List<Span> spans = new ArrayList<>();
        if (mac.desktop()) {
            if (date.getDayOfWeek() == DayOfWeek.SUNDAY && r.chance(0.5)) {
                Instant restart = date.atTime(3, r.between(0, 40)).atZone(zone).toInstant();
                spans.add(new Span(dayStart, restart, Place.OFFICE, false, false));
                spans.add(new Span(restart.plusSeconds(r.between(90, 240)), dayEnd, Place.OFFICE, false, true));
            } else {
                spans.add(new Span(dayStart, dayEnd, Place.OFFICE, false, false));
            }
            return spans;
        }
        List<Stretch> work = diary.getOrDefault(mac.person().index() + "/" + date, List.of());
        boolean travelling = work.stream().anyMatch(Stretch::travelling);
        Place rest = travelling ? Place.AWAY : Place.HOME;
        for (Stretch stretch : work) {
            Place place = stretch.office() ? Place.OFFICE : stretch.travelling() ? Place.AWAY : Place.HOME;
            Instant from = stretch.from().minusSeconds(r.between(60, 480));
            Instant to = stretch.to().plusSeconds(r.between(300, 1500));
            ZonedDateTime lunch = date.atTime(12, 0).atZone(zone).plusMinutes(r.between(0, 90));
            if (Duration.between(from, to).toHours() >= 5 && r.chance(0.25) && lunch.toInstant().isAfter(from.plusSeconds(3600))
                    && lunch.toInstant().isBefore(to.minusSeconds(5400))) {
                spans.add(new Span(from, lunch.toInstant(), place, false, false));
                spans.add(new Span(lunch.toInstant().plusSeconds(r.between(1500, 3600)), to, place, false, false));
            } else {
                spans.add(new Span(from, to, place, false, false));
            }
        }
        if (work.isEmpty() && r.chance(0.35)) {
            Instant from = date.atTime(10, 0).atZone(zone).plusMinutes(r.between(0, 600)).toInstant();
            spans.add(new Span(from, from.plusSeconds(r.between(1200, 9000)), rest, false, false));
        }
        if (r.chance(0.2)) {
            Instant from = date.atTime(19, 0).atZone(zone).plusMinutes(r.between(0, 150)).toInstant();
            spans.add(new Span(from, from.plusSeconds(r.between(1800, 9000)), rest, false, false));
        }
        spans = merge(spans);
        Instant morning = spans.isEmpty() ? date.atTime(9, 0).atZone(zone).plusMinutes(r.between(0, 180)).toInstant()
                : spans.get(0).from();
        Instant evening = spans.isEmpty() ? date.atTime(21, 0).atZone(zone).toInstant()
                : spans.get(spans.size() - 1).to().plusSeconds(spans.get(spans.size() - 1).place() == Place.OFFICE ? 3600 : 0);
        List<Span> nights = new ArrayList<>();
        Place firstPlace = spans.isEmpty() ? rest : spans.get(0).place();
        switch (night(host, date.minusDays(1))) {
            case AWAKE -> nights.add(new Span(dayStart, firstPlace == Place.OFFICE ? morning.minusSeconds(r.between(2400, 4800)) : morning,
                    rest, false, false));
            case POWER_NAP -> nights.addAll(darkWakes(dayStart, morning.minusSeconds(1800), rest, r));
            default -> { }
        }
        if (evening.isBefore(dayEnd)) {
            switch (night(host, date)) {
                case AWAKE -> nights.add(new Span(evening.plusSeconds(r.between(60, 1800)), dayEnd, rest, false, false));
                case POWER_NAP -> nights.addAll(darkWakes(evening.plusSeconds(r.between(1800, 5400)), dayEnd, rest, r));
                default -> { }
            }
        }
        spans.addAll(nights);
        spans = merge(spans);
        if (host.closedFrom != null) {
            List<Span> open = new ArrayList<>();
            for (Span span : spans) {
                if (!span.to().isAfter(host.closedFrom) || !span.from().isBefore(host.closedUntil)) {
                    open.add(span);
                } else if (span.from().isBefore(host.closedFrom)) {
                    open.add(new Span(span.from(), host.closedFrom, span.place(), span.dark(), span.boot()));
                }
            }
            if (!host.closedUntil.isBefore(dayStart) && host.closedUntil.isBefore(dayEnd)) {
                open.add(new Span(host.closedUntil, host.closedUntil.plusSeconds(r.between(3600, 4 * 3600)), Place.HOME, false, false));
            }
            spans = merge(open);
        }
        List<Span> clipped = new ArrayList<>();
        boolean restart = r.chance(0.08);
        for (Span span : spans) {
            Instant from = span.from().isBefore(dayStart) ? dayStart : span.from();
            Instant to = span.to().isAfter(dayEnd) ? dayEnd : span.to();
            if (to.isAfter(from.plusSeconds(20))) {
                boolean boot = restart && !span.dark() && !(from.equals(dayStart) && host.awakeAtMidnight);
                restart &= !boot;
                clipped.add(new Span(from, to, span.place(), span.dark(), boot));
            }
        }
        return clipped;
    }

    private Night night(Host host, LocalDate date) {
        double u = Rand.of(seed, "mac-night", host.mac.index(), date.toEpochDay()).unit();
        if (u < host.mac.nightOwl()) {
            return Night.AWAKE;
        }
        return u < host.mac.nightOwl() + (1 - host.mac.nightOwl()) * host.mac.powerNap() ? Night.POWER_NAP : Night.DEEP;
    }

    private static List<Span> darkWakes(Instant from, Instant to, Place place, Rand r) {
        List<Span> wakes = new ArrayList<>();
        for (Instant t = from.plusSeconds(r.between(600, 3600)); t.isBefore(to); t = t.plusSeconds(r.between(3600, 7800))) {
            wakes.add(new Span(t, t.plusSeconds(r.between(40, 150)), place, true, false));
        }
        return wakes;
    }

    /** Sorted, overlaps joined: an awake stretch swallows a dark wake; a later place starts when the earlier ends. */
    private static List<Span> merge(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparing(Span::from));
        List<Span> merged = new ArrayList<>();
        for (Span span : sorted) {
            Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last == null || !span.from().isBefore(last.to().plusSeconds(60))) {
                merged.add(span);
            } else if (span.place() == last.place() && span.dark() == last.dark() || span.dark()) {
                if (span.to().isAfter(last.to())) {
                    merged.set(merged.size() - 1, new Span(last.from(), span.to(), last.place(), last.dark() && span.dark(), last.boot()));
                }
            } else if (last.dark()) {
                merged.set(merged.size() - 1, new Span(last.from(), span.from(), last.place(), true, last.boot()));
                merged.add(span);
            } else if (span.to().isAfter(last.to().plusSeconds(120))) {
                merged.add(new Span(last.to().plusSeconds(60), span.to(), span.place(), false, span.boot()));
            }
        }
        return merged;
    }

    /** Waking, or starting: a restart resets osquery's uptime and every job; joining a network asks for an address. */
    private void wake(Host host, Span span, List<MacConnection> connections, Rand r) {
        if (span.boot()) {
            host.booted = span.from();
            host.pids.clear();
            host.chains.clear();
            for (Installed installed : host.jobs) {
                if (installed.job.start() == Start.INTERVAL) {
                    installed.nextDue = span.from().plusSeconds(installed.job.runAtLoad() ? r.between(20, 90) : installed.job.interval());
                }
            }
        }
        if (host.lastPlace != span.place() || !span.dark()) {
            host.resolved.clear();
        }
        if (span.place() == Place.OFFICE && !host.mac.desktop()) {
            join(host, span.from().plusMillis(r.between(900, 4000)), r);
        }
        if (!span.dark() && (host.lastPlace != span.place() || r.chance(0.5))) {
            Process agent = new Process("captiveagent", "/usr/libexec/captiveagent",
                    MacCatalog.Signature.apple("com.apple.captiveagent"), true);
            connect(host, span, agent, host.pid(), 1, MacCatalog.captiveProbe(), span.from().plusMillis(r.between(1500, 5000)), null,
                    "apple", connections, r);
        }
    }

    /** The office DHCP server: a day's lease, the same address again while it lasts, often even after. */
    private void join(Host host, Instant at, Rand r) {
        Mac mac = host.mac;
        String name = mac.sendsHostName() ? mac.hostname() : null;
        if (host.officeAddress != null && at.isBefore(host.leaseExpires)) {
            zeek.dhcp(at, mac.wifiMac(), name, host.officeAddress, host.officeAddress, false, r);
        } else {
            String previous = host.officeAddress;
            if (previous != null) {
                leases.remove(previous);
            }
            String address = previous != null && r.chance(0.6) && !leases.containsKey(previous) ? previous : null;
            while (address == null || leases.containsKey(address) && leases.get(address) != host) {
                Host holder = address == null ? null : leases.get(address);
                if (holder != null && !at.isBefore(holder.leaseExpires)) {
                    leases.remove(address);
                    holder.officeAddress = holder == host ? address : holder.officeAddress;
                    continue;
                }
                address = "10.40." + r.between(16, 23) + "." + r.between(10, 250);
            }
            leases.put(address, host);
            host.officeAddress = address;
            zeek.dhcp(at, mac.wifiMac(), name, null, address, false, r);
        }
        host.leaseExpires = at.plus(Duration.ofDays(1));
        host.renewal = at.plus(Duration.ofHours(12));
    }

    private String address(Host host, Span span) {
        Mac mac = host.mac;
        return switch (span.place()) {
            case OFFICE -> host.officeAddress;
            case HOME -> mac.homeLan() + "." + (2 + Math.floorMod(Rand.of(seed, "mac-home-address", mac.index(),
                    span.from().atZone(mac.zone()).toLocalDate().toEpochDay() / 9).nextLong(), 200L));
            case AWAY -> "172.18." + Math.floorMod(Rand.of(seed, "mac-hotel", mac.index(), span.from().getEpochSecond() / 86400)
                    .nextLong(), 64L) + "." + (10 + mac.index() % 230);
        };
    }

    // ---- launchd ----

    /** Jobs installed, replaced or rewritten at a time: the first time the Mac is awake at or after it. */
    private void apply(Host host, Span span, Rand r) {
        for (var it = host.pending.iterator(); it.hasNext(); ) {
            Change change = it.next();
            if (change.afterRun()) {
                if (!change.at().isAfter(span.to())) {
                    for (Installed installed : host.jobs) {
                        if (installed.job.kind().equals(change.replaces()) && installed.until == Instant.MAX) {
                            installed.afterRun = change;
                        }
                    }
                    it.remove();
                }
                continue;
            }
            Instant at = change.host() == -1 ? change.at().plusSeconds(Math.floorMod(Rand.of(seed, "mac-rollout", host.mac.index(),
                    change.owner()).nextLong(), 3300L)) : change.at();
            if (change.job() == null) {
                if (!at.isAfter(span.to())) {
                    it.remove();
                }
                continue;
            }
            if (!at.isBefore(span.to()) || change.attack() && span.dark()) {
                continue;
            }
            Instant when = at.isBefore(span.from()) ? span.from().plusSeconds(r.between(30, 600)) : at;
            if (!when.isBefore(span.to())) {
                continue;
            }
            it.remove();
            if (change.replaces() == null) {
                Installed installed = new Installed(change.job(), when, change);
                installed.nextDue = when.plusSeconds(change.job().runAtLoad() ? r.between(2, 20) : change.job().interval());
                host.jobs.add(installed);
                if (host.endpointSecurity) {
                    eslogger.launchItemAdded(host.mac, when, host.booted, change.job(), host.nextPid + 1, change.host() == -1);
                }
                if (change.attack()) {
                    continue;
                }
                attacks.saw(change.owner(), host.mac.hostname(), when);
            } else {
                for (Installed installed : List.copyOf(host.jobs)) {
                    if (installed.job.kind().equals(change.replaces()) && installed.until == Instant.MAX) {
                        installed.until = when;
                        Job tampered = installed.job.withProcess(new Process(installed.job.process().name(), installed.job.process().path(),
                                change.job().process().signature(), installed.job.process().root()));
                        Installed replaced = new Installed(tampered, when, change);
                        replaced.nextDue = installed.nextDue;
                        host.jobs.add(replaced);
                    }
                }
            }
        }
    }

    /** The runs of interval and calendar jobs in a span, catching up once for what was missed asleep. */
    private void scheduled(Host host, Span span, boolean continuing, List<MacConnection> connections, Rand r) {
        ZoneId zone = host.mac.zone();
        for (int i = 0; i < host.jobs.size(); i++) {
            Installed installed = host.jobs.get(i);
            if (!installed.loadedDuring(span)) {
                continue;
            }
            Job job = installed.job;
            if (job.start() == Start.INTERVAL) {
                while (installed.until.isAfter(span.from())) {
                    Instant due = installed.nextDue;
                    Instant fire = due.isBefore(span.from()) ? (continuing ? span.from() : span.from().plusSeconds(r.between(2, 40))) : due;
                    if (!fire.isBefore(span.to()) || !fire.isBefore(installed.until) || fire.isBefore(installed.from)) {
                        break;
                    }
                    installed.nextDue = fire.plusSeconds(job.interval()).plusMillis(r.between(0, 900));
                    run(host, installed, fire, span, connections, r);
                }
            } else if (job.start() == Start.CALENDAR) {
                Instant from = host.lastAwake.isAfter(installed.from) ? host.lastAwake : installed.from;
                boolean missed = false;
                boolean ran = false;
                for (Instant time : clock(job.calendar(), from, span.to(), zone)) {
                    if (time.isBefore(span.from())) {
                        missed = !span.boot();
                    } else if (time.isBefore(installed.until)) {
                        if (missed && !ran) {
                            run(host, installed, span.from().plusSeconds(r.between(3, 40)), span, connections, r);
                            ran = true;
                        }
                        run(host, installed, time.plusMillis(r.between(5, 1500)), span, connections, r);
                        missed = false;
                    }
                }
                if (missed && installed.until.isAfter(span.from())) {
                    run(host, installed, span.from().plusSeconds(r.between(3, 40)), span, connections, r);
                }
            }
        }
    }

    /** The local clock times in [from, to) that a {@code StartCalendarInterval} matches. */
    private static List<Instant> clock(List<int[]> calendar, Instant from, Instant to, ZoneId zone) {
        List<Instant> times = new ArrayList<>();
        ZonedDateTime t = from.atZone(zone).withSecond(0).withNano(0).plusMinutes(1);
        ZonedDateTime end = to.atZone(zone);
        if (Duration.between(from, to).toDays() > 3) {
            t = to.minus(Duration.ofDays(3)).atZone(zone).withSecond(0).withNano(0);
        }
        for (ZonedDateTime hour = t.withMinute(0); hour.isBefore(end); hour = hour.plusHours(1)) {
            for (int[] entry : calendar) {
                if (entry[0] >= 0 && entry[0] != hour.getHour()) {
                    continue;
                }
                ZonedDateTime at = hour.withMinute(entry[1]);
                if (!at.isBefore(t) && at.isBefore(end)) {
                    times.add(at.toInstant());
                }
            }
        }
        times.sort(null);
        return times;
    }

    /** One run of a job: its process and its calls, the attack's behaviour on top. */
    private void run(Host host, Installed installed, Instant at, Span span, List<MacConnection> connections, Rand r) {
        Job job = installed.job;
        Process process = job.process();
        int pid = host.pid();
        if (host.endpointSecurity) {
            eslogger.exec(host.mac, at, host.booted, pid, process, !job.arguments().isEmpty() ? job.arguments()
                    : List.of(job.program().isEmpty() ? process.path() : job.program()));
            if (installed.attack && within(at)) {
                attacks.binaryLogged(installed.owner);
            }
        }
        Instant t = at.plusMillis(job.delay() > 0 ? r.between(0, job.delay() * 1000) : r.between(150, 2500));
        Instant last = t;
        boolean quiet = installed.behaviour == Behaviour.NIGHT_POSTS && !night(at, host.mac.zone())
                && Duration.between(installed.lastCall, at).toHours() < 20;
        // a tampered binary's calls to its own vendor are still the attacker's code running
        String owner = installed.attack ? installed.owner : null;
        if (!quiet) {
            for (Call call : job.calls()) {
                for (int i = 0, n = r.between(call.min(), call.max()); i < n; i++) {
                    t = t.plusMillis(r.between(20, 1200));
                    MacConnection c = connect(host, span, process, pid, 1, call, t, owner, job.client(), connections, r);
                    c.vendorCall = installed.behaviour == Behaviour.RESIDENT_EXFIL;
                    last = c.end.isAfter(last) ? c.end : last;
                }
            }
            installed.lastCall = at;
        }
        Instant exits = last.plusMillis(r.between(200, 4000));
        if (installed.behaviour == Behaviour.RESIDENT_EXFIL) {
            exits = exfiltrate(host, installed, pid, last, span, connections, r);
        }
        host.runs.add(new Run(process, at, exits, installed.attack ? installed.owner : null));
        if (installed.owner != null && !installed.attack && !at.isBefore(logsBegin) && at.isBefore(logsEnd)) {
            attacks.saw(installed.owner, host.mac.hostname(), at);
        }
        String catchUp = attacks.catchUp(host.mac.index());
        if (catchUp != null && host.closedUntil != null && !at.isBefore(host.closedUntil)
                && at.isBefore(host.closedUntil.plusSeconds(900)) && at.isBefore(logsEnd)) {
            attacks.saw(catchUp, host.mac.hostname(), at);
        }
        if (installed.afterRun != null && !at.isBefore(installed.afterRun.at())) {
            Change change = installed.afterRun;
            installed.afterRun = null;
            installed.until = exits;
            // the vendor's update installs its own signed binary: over a tampered one too
            Job genuine = installed.attack ? MacCatalog.jobs(host.mac).stream().filter(j -> j.kind().equals(job.kind())).findFirst()
                    .orElse(job) : job;
            Job updated = switch (job.kind()) {
                case "microsoft-autoupdate" -> genuine.withInterval(3600);
                default -> genuine.withCalendar(List.<int[]>of(new int[] {14, 47}));
            };
            Installed next = new Installed(updated, exits, change);
            next.nextDue = exits.plusSeconds(updated.interval());
            host.jobs.add(next);
            if (!exits.isBefore(logsBegin) && exits.isBefore(logsEnd)) {
                attacks.saw(change.owner(), host.mac.hostname(), exits);
            }
        }
    }

    private boolean within(Instant at) {
        return !at.isBefore(logsBegin) && at.isBefore(logsEnd);
    }

    private static boolean night(Instant at, ZoneId zone) {
        int hour = at.atZone(zone).getHour();
        return hour >= 22 || hour < 6;
    }

    /** A replaced updater stays resident after its run and uploads to cloud storage at times of its own. */
    private Instant exfiltrate(Host host, Installed installed, int pid, Instant after, Span span, List<MacConnection> connections, Rand r) {
        Instant exits = after.plusSeconds(r.between(3600, 4 * 3600));
        if (exits.isAfter(span.to())) {
            exits = span.to();
        }
        Call upload = new Call(installed.exfiltration, 1, 1, 1.5, 14.0, r.between(80_000, 2_400_000), r.between(900, 3_000));
        for (Instant t = after.plusSeconds(r.between(300, 2400)); t.isBefore(exits); t = t.plusSeconds(r.between(1200, 6000))) {
            connect(host, span, installed.job.process(), pid, 1, upload, t, installed.owner, "go", connections, r);
        }
        return exits;
    }

    /** Long-lived connections of daemons and open applications, reconnecting now and then, and their calls while open. */
    private void resident(Host host, Span span, boolean carriesOver, List<MacConnection> connections, Rand r) {
        for (Installed installed : host.jobs) {
            Job job = installed.job;
            boolean always = job.start() == Start.KEEP_ALIVE;
            if (!installed.loadedDuring(span) || !always && job.start() != Start.SESSION || span.dark() && !(always && r.chance(0.05))
                    || !span.dark() && !r.chance(OCCASIONAL.getOrDefault(job.kind(), 1.0))) {
                continue;
            }
            int pid = host.pidOf(job.kind());
            int parent = job.start() == Start.SESSION && !job.kind().equals("trustd-ocsp") ? host.pidOf(job.kind() + "-main") : 1;
            List<Call> calls = job.calls();
            if (job.interval() == 0) {
                for (Call call : calls) {
                    for (int i = 0, n = r.between(call.min(), call.max()); i < n; i++) {
                        connect(host, span, job.process(), pid, parent, call, r.within(span.from(), span.length()), null, job.client(),
                                connections, r);
                    }
                }
                continue;
            }
            Instant chained = host.chains.getOrDefault(job.kind(), Instant.MIN);
            Instant t = span.from().plusSeconds(r.between(2, 25));
            if (chained.isAfter(t)) {
                t = chained.plusSeconds(r.between(1, 20));
            }
            while (t.isBefore(span.to())) {
                Instant end = t.plusSeconds(r.between(job.interval() / 3, job.interval()));
                Call held = calls.get(0);
                connect(host, span, job.process(), pid, parent, held, t, end, null, job.client(), connections, r);
                Instant until = end.isBefore(span.to()) ? end : span.to();
                for (Call call : calls.subList(1, calls.size())) {
                    for (int i = 0, n = r.between(call.min(), call.max()); i < n; i++) {
                        connect(host, span, job.process(), pid, parent, call, r.within(t, Duration.between(t, until)), null, job.client(),
                                connections, r);
                    }
                }
                host.chains.put(job.kind(), carriesOver ? end : until);
                t = end.plusSeconds(r.between(1, 30));
            }
        }
    }

    private MacConnection connect(Host host, Span span, Process process, int pid, int parent, Call call, Instant start, String owner,
                                  String client, List<MacConnection> connections, Rand r) {
        double seconds = call.minSeconds() + r.unit() * (call.maxSeconds() - call.minSeconds());
        return connect(host, span, process, pid, parent, call, start, start.plusMillis((long) (seconds * 1000)), owner, client,
                connections, r);
    }

    private MacConnection connect(Host host, Span span, Process process, int pid, int parent, Call call, Instant start, Instant end,
                                  String owner, String client, List<MacConnection> connections, Rand r) {
        List<String> pool = call.to().addresses();
        String remote = pool.get((int) Math.floorMod(Rand.of(seed, "mac-answer", host.mac.index(), call.to().domain(),
                start.getEpochSecond() / 3600).nextLong(), (long) pool.size()));
        double scale = 0.5 + r.unit();
        MacConnection c = new MacConnection(process, pid, parent, call, remote, address(host, span), r.between(49152, 65535), start, end,
                (long) (call.sent() * scale), (long) (call.received() * scale), client, owner, span.place() == Place.OFFICE);
        connections.add(c);
        return c;
    }

    // ---- osquery ----

    private void splay(Host host, Rand r) {
        for (int i = 0; i < QUERIES.length; i++) {
            host.intervals.put(QUERIES[i], (int) Math.round(INTERVALS[i] * (0.9 + 0.2 * r.unit())));
        }
    }

    private record Tick(Instant at, String query, Span span) {
    }

    /** The scheduled queries' runs, on seconds of uptime, and what each logged. */
    private void queries(Host host, List<Span> spans, List<MacConnection> connections, Rand r) {
        List<Tick> ticks = new ArrayList<>();
        for (Span span : spans) {
            if (span.boot()) {
                host.uptime = 0;
                splay(host, r);
            }
            long seconds = span.length().toSeconds();
            for (String query : QUERIES) {
                if (query.equals(OsqueryLog.SOCKET_EVENTS) && !host.socketEvents) {
                    continue;
                }
                long interval = host.intervals.get(query);
                for (long s = (interval - host.uptime % interval) % interval; s < seconds; s += interval) {
                    ticks.add(new Tick(span.from().plusSeconds(s).plusMillis(r.between(0, 400)), query, span));
                }
            }
            host.uptime += seconds;
        }
        ticks.sort(Comparator.comparing(Tick::at));
        List<MacConnection> byStart = new ArrayList<>(connections);
        byStart.sort(Comparator.comparing((MacConnection c) -> c.start));
        List<MacConnection> open = new ArrayList<>();
        int next = 0;
        // the connections socket_events has reported, in order of start: each run reports those since the last
        int audited = 0;
        for (Tick tick : ticks) {
            Instant at = tick.at();
            switch (tick.query()) {
                case OsqueryLog.SOCKETS -> {
                    while (next < byStart.size() && !byStart.get(next).start.isAfter(at)) {
                        open.add(byStart.get(next++));
                    }
                    open.removeIf(c -> !c.end.isAfter(at));
                    List<Map<String, String>> added = new ArrayList<>();
                    List<Map<String, String>> removed = new ArrayList<>();
                    for (MacConnection c : open) {
                        if (host.sockets.add(c)) {
                            added.add(socket(host, c));
                            c.logged |= within(at);
                        }
                    }
                    for (var it = host.sockets.iterator(); it.hasNext(); ) {
                        MacConnection c = it.next();
                        if (!c.openAt(at)) {
                            removed.add(socket(host, c));
                            it.remove();
                        }
                    }
                    log(host, at, OsqueryLog.SOCKETS, added, removed);
                }
                case OsqueryLog.SOCKET_EVENTS -> {
                    List<Map<String, String>> connects = new ArrayList<>();
                    for (; audited < byStart.size() && !byStart.get(audited).start.isAfter(at); audited++) {
                        MacConnection c = byStart.get(audited);
                        if (c.start.isAfter(host.audited)) {
                            connects.add(connect(host, c, spans.get(spans.size() - 1).to(), r));
                            c.logged |= within(at);
                        }
                    }
                    host.audited = at;
                    log(host, at, OsqueryLog.SOCKET_EVENTS, connects, List.of());
                }
                case OsqueryLog.INTERFACES -> differ(host, at, OsqueryLog.INTERFACES, interfaces(host, tick.span()));
                case OsqueryLog.SIGNATURES -> differ(host, at, OsqueryLog.SIGNATURES, signatures(host, spans, tick.span(), at));
                case OsqueryLog.CALENDAR -> differ(host, at, OsqueryLog.CALENDAR, calendar(host, at));
                default -> osquery.snapshot(host.mac, at, OsqueryLog.LAUNCHD, host.counter(OsqueryLog.LAUNCHD), launchd(host, at));
            }
        }
    }

    private void log(Host host, Instant at, String query, List<Map<String, String>> added, List<Map<String, String>> removed) {
        if (!added.isEmpty() || !removed.isEmpty()) {
            osquery.differential(host.mac, at, query, host.counter(query), added, removed);
        }
    }

    /** Logs the difference between a query's rows now and what it last reported. */
    private void differ(Host host, Instant at, String query, List<Map<String, String>> now) {
        Map<String, Map<String, String>> current = rows(now);
        Map<String, Map<String, String>> before = host.reported.getOrDefault(query, Map.of());
        List<Map<String, String>> added = current.entrySet().stream().filter(e -> !before.containsKey(e.getKey())).map(Map.Entry::getValue)
                .toList();
        List<Map<String, String>> removed = before.entrySet().stream().filter(e -> !current.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        host.reported.put(query, current);
        log(host, at, query, added, removed);
    }

    private static Map<String, Map<String, String>> rows(List<Map<String, String>> rows) {
        Map<String, Map<String, String>> keyed = new LinkedHashMap<>();
        for (Map<String, String> row : rows) {
            keyed.put(String.join("\u0000", row.values()), row);
        }
        return keyed;
    }

    private Map<String, String> socket(Host host, MacConnection c) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("pid", Integer.toString(c.pid));
        row.put("name", c.process.name());
        row.put("path", c.process.path());
        row.put("parent", Integer.toString(c.parent));
        row.put("uid", c.process.root() ? "0" : Integer.toString(host.mac.uid()));
        row.put("local_address", c.local);
        row.put("local_port", Integer.toString(c.localPort));
        row.put("remote_address", c.remote);
        row.put("remote_port", Integer.toString(c.to.port()));
        row.put("protocol", "6");
        row.put("family", "2");
        row.put("state", "ESTABLISHED");
        return row;
    }

    /** A connect() as OpenBSM audits it: a non-blocking socket's connect is still in progress when it returns. */
    private Map<String, String> connect(Host host, MacConnection c, Instant dayAwakeEnd, Rand r) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("action", "connect");
        row.put("pid", Integer.toString(c.pid));
        row.put("path", c.process.path());
        row.put("fd", Integer.toString(r.between(4, 40)));
        row.put("auid", c.process.root() ? "4294967295" : Integer.toString(host.mac.uid()));
        boolean blocking = r.chance(0.2);
        row.put("status", blocking ? "succeeded" : "in_progress");
        row.put("success", "1");
        row.put("family", "2");
        row.put("protocol", "6");
        row.put("local_address", c.local);
        row.put("remote_address", c.remote);
        row.put("local_port", "0");
        row.put("remote_port", Integer.toString(c.to.port()));
        row.put("socket", "");
        row.put("time", Long.toString(c.start.getEpochSecond()));
        row.put("uptime", Long.toString(Math.max(0, host.uptime - Duration.between(c.start, dayAwakeEnd).toSeconds())));
        row.put("eid", String.format(Locale.ROOT, "%010d", host.counter("audit-eid")));
        return row;
    }

    private List<Map<String, String>> interfaces(Host host, Span span) {
        Mac mac = host.mac;
        List<Map<String, String>> rows = new ArrayList<>();
        String mask = span.place() == Place.OFFICE ? mac.desktop() ? "255.255.255.0" : "255.255.248.0"
                : span.place() == Place.AWAY ? "255.255.192.0" : "255.255.255.0";
        rows.add(Map.of("interface", "en0", "address", address(host, span), "mask", mask));
        rows.add(Map.of("interface", "en0", "address", mac.ipv6LinkLocal(), "mask", "ffff:ffff:ffff:ffff::"));
        if (mac.homeIpv6() && span.place() == Place.HOME) {
            Rand daily = Rand.of(seed, "mac-ipv6", mac.index(), span.from().atZone(mac.zone()).toLocalDate().toEpochDay());
            rows.add(Map.of("interface", "en0", "address", "2601:602:" + Integer.toHexString(0x8000 + mac.index() * 37 % 0x7fff) + ":"
                    + Integer.toHexString(0x1a00 + mac.index() % 255) + ":" + quads(daily.hex(16)), "mask", "ffff:ffff:ffff:ffff::"));
        }
        List<Map<String, String>> ordered = new ArrayList<>();
        for (Map<String, String> row : rows) {
            Map<String, String> columns = new LinkedHashMap<>();
            columns.put("interface", row.get("interface"));
            columns.put("address", row.get("address"));
            columns.put("mask", row.get("mask"));
            ordered.add(columns);
        }
        return ordered;
    }

    /** Signatures of the executables running at {@code at}: daemons, open apps, and any job's run under way. */
    private List<Map<String, String>> signatures(Host host, List<Span> spans, Span span, Instant at) {
        Map<String, Process> running = new LinkedHashMap<>();
        for (Installed installed : host.jobs) {
            Job job = installed.job;
            boolean resident = job.start() == Start.KEEP_ALIVE || job.start() == Start.SESSION && !job.kind().equals("trustd-ocsp")
                    || job.start() == Start.ON_DEMAND && job.runAtLoad();
            if (resident && !installed.from.isAfter(at) && installed.until.isAfter(at)) {
                running.put(job.process().path(), job.process());
            }
        }
        for (Run run : host.runs) {
            if (!run.from().isAfter(at) && run.to().isAfter(at)) {
                running.put(run.process().path(), run.process());
                if (run.attack() != null && within(at)) {
                    // the attacker's binary's own signature is in the results
                    attacks.binaryLogged(run.attack());
                }
            }
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (Process process : running.values()) {
            MacCatalog.Signature signature = process.signature();
            List<String> arches = signature.universal() ? List.of("x86_64", "arm64") : List.of(host.mac.arm() ? "arm64" : "x86_64");
            for (String arch : arches) {
                Map<String, String> row = new LinkedHashMap<>();
                row.put("path", process.path());
                row.put("hash_resources", signature.signed() ? "1" : "0");
                row.put("arch", arch);
                row.put("signed", signature.signed() ? "1" : "0");
                row.put("identifier", signature.identifier());
                row.put("cdhash", signature.signed() || signature.adHoc() ? Rand.of(seed, "mac-cdhash", process.path(),
                        signature.identifier(), signature.team(), arch).hex(40) : "");
                row.put("team_identifier", signature.team());
                row.put("authority", signature.authority());
                rows.add(row);
            }
        }
        return rows;
    }

    /** The {@code StartCalendarInterval} entries of the plists loaded at {@code at}, as the plist table flattens them. */
    private List<Map<String, String>> calendar(Host host, Instant at) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (Installed installed : host.jobs) {
            Job job = installed.job;
            if (job.start() != Start.CALENDAR || installed.from.isAfter(at) || !installed.until.isAfter(at)) {
                continue;
            }
            for (int i = 0; i < job.calendar().size(); i++) {
                int[] entry = job.calendar().get(i);
                String prefix = job.calendar().size() == 1 ? "" : i + "/";
                if (entry[0] >= 0) {
                    rows.add(plist(job.plist(), prefix + "Hour", entry[0]));
                }
                rows.add(plist(job.plist(), prefix + "Minute", entry[1]));
            }
        }
        return rows;
    }

    private static Map<String, String> plist(String path, String subkey, int value) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("path", path);
        row.put("key", "StartCalendarInterval");
        row.put("subkey", subkey);
        row.put("value", Integer.toString(value));
        return row;
    }

    /** osquery's launchd table for the plists outside /System: the pack skips Apple's own hundreds. */
    private List<Map<String, String>> launchd(Host host, Instant at) {
        List<Map<String, String>> rows = new ArrayList<>();
        rows.add(launchdRow("/Library/LaunchDaemons/io.osquery.agent.plist", "io.osquery.agent", "",
                "/opt/osquery/lib/osquery.app/Contents/MacOS/osqueryd --flagfile /var/osquery/osquery.flags", "1", "1", "", "root"));
        rows.add(launchdRow("/Library/Apple/System/Library/LaunchDaemons/com.apple.XProtect.daemon.scan.plist",
                "com.apple.XProtect.daemon.scan", "/Library/Apple/System/Library/CoreServices/XProtect.app/Contents/MacOS/XProtect", "", "",
                "", "", ""));
        for (Installed installed : host.jobs) {
            Job job = installed.job;
            if (job.plist().isEmpty() || installed.from.isAfter(at) || !installed.until.isAfter(at)) {
                continue;
            }
            rows.add(launchdRow(job.plist(), job.label(), job.program(), String.join(" ", job.arguments()), job.runAtLoad() ? "1" : "",
                    job.start() == Start.KEEP_ALIVE ? "1" : "", job.start() == Start.INTERVAL ? Integer.toString(job.interval()) : "",
                    job.user() == null ? "" : job.user()));
        }
        return rows;
    }

    private static Map<String, String> launchdRow(String path, String label, String program, String arguments, String runAtLoad,
                                                  String keepAlive, String interval, String user) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("path", path);
        row.put("name", path.substring(path.lastIndexOf('/') + 1));
        row.put("label", label);
        row.put("program", program);
        row.put("run_at_load", runAtLoad);
        row.put("keep_alive", keepAlive);
        row.put("on_demand", "");
        row.put("disabled", "");
        row.put("username", user);
        row.put("groupname", "");
        row.put("stdout_path", label.startsWith("com.jamfsoftware") ? "/var/log/jamf.log" : "");
        row.put("stderr_path", label.startsWith("com.jamfsoftware") ? "/var/log/jamf.log" : "");
        row.put("start_interval", interval);
        row.put("program_arguments", arguments);
        row.put("watch_paths", "");
        row.put("queue_directories", "");
        row.put("inetd_compatibility", "");
        row.put("start_on_mount", "");
        row.put("root_directory", "");
        row.put("working_directory", "");
        row.put("process_type", keepAlive.equals("1") ? "Interactive" : "");
        return row;
    }

    // ---- the office sensor ----

    /** What the office sensor logged of the day: the Mac's connections and lookups on the office LAN, and its lease renewals. */
    private void sensor(Host host, List<Span> spans, List<MacConnection> connections, Instant dayStart, Instant dayEnd, Rand r) {
        for (Span span : spans) {
            if (span.place() != Place.OFFICE) {
                continue;
            }
            if (host.officeAddress != null) {
                while (host.renewal.isBefore(span.to()) && !host.renewal.isBefore(span.from())) {
                    zeek.dhcp(host.renewal, host.mac.wifiMac(), host.mac.sendsHostName() ? host.mac.hostname() : null, host.officeAddress,
                            host.officeAddress, true, r);
                    host.leaseExpires = host.renewal.plus(Duration.ofDays(1));
                    host.renewal = host.renewal.plus(Duration.ofHours(12));
                }
            }
        }
        for (MacConnection c : connections) {
            if (!c.office) {
                continue;
            }
            Instant cached = host.resolved.get(c.to.domain());
            if (!c.start.isBefore(dayStart) && (cached == null || cached.isBefore(c.start))) {
                List<String> answer = new ArrayList<>(List.of(c.remote));
                List<String> pool = c.to.addresses();
                if (pool.size() > 1) {
                    answer.add(pool.get((pool.indexOf(c.remote) + 1) % pool.size()));
                }
                zeek.lookup(c.start.minusMillis(r.between(8, 60)), c.local, c.to, answer, r);
                host.resolved.put(c.to.domain(), c.start.plusSeconds(c.to.ttl()));
            }
            if (c.end.isAfter(dayEnd)) {
                continue;
            }
            boolean fingerprints = Rand.of(seed, "mac-zeek-ja", c.start.atZone(ZoneOffset.UTC).toLocalDate().toEpochDay()).chance(0.5);
            zeek.connection(c, fingerprints, r);
            c.logged |= within(c.start);
        }
    }
}
