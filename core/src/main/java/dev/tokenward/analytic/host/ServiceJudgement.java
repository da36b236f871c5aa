package dev.tokenward.analytic.host;

import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.host.UnscheduledBackgroundApi.Call;
import dev.tokenward.analytic.host.UnscheduledBackgroundApi.FleetState;
import dev.tokenward.analytic.host.UnscheduledBackgroundApi.Held;
import dev.tokenward.analytic.host.UnscheduledBackgroundApi.ServiceState;
import dev.tokenward.analytic.host.UnscheduledBackgroundApi.Settings;
import dev.tokenward.event.Endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How unscheduled-background-api scores one call of a service, and what it then learns from it.
 * Each reason adds to the score: 3 for a service known signed whose code is now unsigned or another
 * team's (known from the inventory, from what the fleet showed while learning, or else, for a
 * well-known vendor's program, from the vendor's own team: {@link VendorSigners}), 2 for unsigned
 * code of a service never seen signed, 1 for each of the others.
 */
final class ServiceJudgement {
    /** Destinations, signers and user agents remembered per service; hosts per service. */
    private static final int MAX_FACTS = 256;
    private static final int MAX_HOSTS = 1 << 16;
    private static final int MAX_HELD = 16;
    /**
     * What a signer that is not the service's own weighs: a known service (its inventory entry names
     * the team, or the fleet saw it signed while learning) whose binary is now unsigned or another
     * team's was replaced, the tampering this analytic is about, and that alone is an alert; its
     * uploads may fall between the sensor's snapshots and leave only the calls to its vendor.
     */
    private static final int REPLACED = 3;

    private final Settings settings;
    private final VendorSigners vendors = new VendorSigners();

    ServiceJudgement(Settings settings) {
        this.settings = settings;
    }

    /** "Google signs its code as team EQHXZ8M8AV": the signer a vendor's program should have. */
    private static String vendorSigns(VendorSigners.Vendor vendor) {
        return vendor.name() + " signs its code as team " + vendor.team();
    }

    /** "the inventory says team X" or "it was signed by team X": the signer the service is known by. */
    private static String knownSigner(ServiceState service, InventoryEntry entry) {
        return entry != null && entry.teamId() != null ? "the inventory says team " + entry.teamId()
                : "it was signed by " + String.join(", ", service.signers.stream().sorted().toList());
    }

    void judge(Call call, ServiceState service, FleetState fleet, Context context) {
        Instant now = context.now();
        Instant learnt = fleet.start.plus(settings.learningPeriod());
        boolean learning = settings.inventory().isEmpty() && now.isBefore(learnt);
        String host = call.endpoint().host();
        InventoryEntry entry = inventoryEntry(call.endpoint());
        List<String> reasons = new ArrayList<>();
        int score = 0;
        String signer = ServiceIdentity.signer(call.endpoint().process());
        boolean grave = call.api().exfiltration();
        boolean inventoried = entry != null && entry.teamId() != null;
        boolean signedBefore = !learning && !service.signers.isEmpty();
        // whose code it is by where it is installed, when neither the inventory nor the fleet's history says
        VendorSigners.Vendor vendor = signer == null || inventoried || signedBefore ? null : vendors.of(call.endpoint().process());
        String knownAs = inventoried || signedBefore ? knownSigner(service, entry) : vendor != null ? vendorSigns(vendor) : null;
        if ("unsigned".equals(signer)) {
            reasons.add("its code is unsigned or its signature is broken" + (knownAs == null ? "" : ", where " + knownAs));
            score += knownAs == null ? 2 : REPLACED;
            grave = true;
        } else if (signer != null && inventoried && !signer.equals("team " + entry.teamId())) {
            reasons.add("signed by " + signer + ", where the inventory says team " + entry.teamId());
            score += REPLACED;
            grave = true;
        } else if (signer != null && signedBefore && !service.signers.contains(signer)) {
            reasons.add("signed by " + signer + ", where " + knownSigner(service, null));
            score += REPLACED;
            grave = true;
        } else if (signer != null && vendor != null && !signer.equals("team " + vendor.team())) {
            reasons.add("signed by " + signer + ", where " + vendorSigns(vendor));
            score += REPLACED;
            grave = true;
        }
        if (call.api().exfiltration()) {
            reasons.add(call.api().service() + " is where stolen tokens and files are sent (" + call.api().category() + ")");
            score++;
        }
        if (ServiceIdentity.scriptHost(call.endpoint().process())) {
            reasons.add("a launchd job running " + call.endpoint().process().path() + ": a script");
            score++;
        }
        String rare = rare(service, fleet, host);
        // how the fleet makes the service suspect: rare on it, or spreading after it alerted elsewhere
        String fleetReason = rare != null ? rare : spreading(service, fleet, host, now);
        String unapproved = learning ? null : unapproved(call, service, entry, learnt,
                fleetReason == null ? null : rare != null ? "so rare" : "that alerted on another host");
        if (unapproved != null) {
            reasons.add(unapproved);
            score++;
        }
        String offSchedule = offSchedule(call, service, entry, now);
        if (offSchedule != null) {
            reasons.add(offSchedule);
            score++;
        }
        if (call.userAgent() != null && !learning && !service.agents.isEmpty() && !service.agents.contains(call.userAgent())) {
            reasons.add("a user agent it never used: " + call.userAgent());
            score++;
        }
        if (fleetReason != null && !learning) {
            reasons.add(fleetReason);
            score++;
        }
        learn(call, service, signer, host, now, learning);
        if (learning && score + 2 >= settings.threshold() && service.held.size() < MAX_HELD
                && service.held.stream().noneMatch(h -> h.host().equals(host))) {
            service.held.add(new Held(host, call.evidence(), List.copyOf(reasons), score, grave, title(call)));
            if (!service.timerSet) {
                service.timerSet = true;
                context.setTimer(learnt);
            }
            return;
        }
        if (score >= settings.threshold() && !recentlyAlerted(service, host, now)) {
            alerted(service, host, now);
            context.emit(signal(title(call), host, call.evidence(), reasons, grave, facts(call, signer)));
        }
    }

    /** The learning period is over: the calls held from it are judged with the fleet as it is now known. */
    void learningOver(ServiceState service, FleetState fleet, Context context) {
        for (Held held : service.held) {
            List<String> reasons = new ArrayList<>(held.reasons());
            int score = held.score();
            String rare = rare(service, fleet, held.host());
            if (rare != null) {
                reasons.add(rare + ", present since the learning period");
                reasons.add("what it called while learning is not approved by a service so rare");
                score += 2;
            }
            if (score >= settings.threshold() && !recentlyAlerted(service, held.host(), context.now())) {
                alerted(service, held.host(), context.now());
                context.emit(signal(held.title(), held.host(), held.evidence(), reasons, held.grave(), Map.of()));
            }
        }
        service.held.clear();
    }

    /**
     * Why the call is not what was approved: not in the inventory, or a destination its entry does not
     * allow; without an inventory, a service first seen after the learning period, or a destination
     * it never called while learning. A service rare across the fleet, or spreading after it alerted,
     * is not approved by having been there while learning: what it called then is not its habit (an
     * implant present from day 0 is judged by its destinations too). Null when the call is as approved.
     *
     * @param suspect how the service is suspect across the fleet ("so rare", ...), or null
     */
    private String unapproved(Call call, ServiceState service, InventoryEntry entry, Instant learnt, String suspect) {
        if (!settings.inventory().isEmpty()) {
            return entry == null ? "not in the inventory"
                    : entry.allows(call.destination()) ? null : "its inventory entry does not allow " + call.destination();
        }
        if (!service.firstSeen.isBefore(learnt)) {
            return "first seen " + Duration.between(learnt, service.firstSeen).toHours() + " h after the learning period";
        }
        if (suspect != null) {
            return "what it called while learning is not approved by a service " + suspect;
        }
        return service.destinations.contains(call.api().pattern()) ? null : "it never called " + call.api().service() + " before";
    }

    private InventoryEntry inventoryEntry(Endpoint endpoint) {
        String label = endpoint.job() == null ? null : endpoint.job().label();
        Endpoint.Process process = endpoint.process();
        for (InventoryEntry entry : settings.inventory()) {
            if (entry.describes(label, process == null ? null : process.signingId(), process == null ? null : process.path())) {
                return entry;
            }
        }
        return null;
    }

    /**
     * A run sooner after the last than the service's interval allows (the inventory's, else its
     * launchd StartInterval), less the tolerance; connections within {@code runWindow} of each other
     * are one run, a connection older than the last run's end (a late row) is not judged, and a job
     * launchd keeps alive has no schedule.
     */
    private String offSchedule(Call call, ServiceState service, InventoryEntry entry, Instant now) {
        Instant[] run = service.runs.get(call.endpoint().host());
        Endpoint.Job job = call.endpoint().job();
        Duration interval = entry != null && entry.schedule() != null ? entry.schedule().interval()
                : job != null && job.intervalSeconds() != null && !job.keepAlive() ? Duration.ofSeconds(job.intervalSeconds()) : null;
        // a row older than the last run's end is a late row of a run already counted: osquery delivers
        // its evented tables in batches, after its snapshot tables saw the same connections
        if (run == null || interval == null || interval.isZero() || now.isBefore(run[1])) {
            return null;
        }
        double tolerance = entry != null && entry.schedule() != null ? entry.schedule().toleranceOrDefault() : settings.scheduleTolerance();
        Duration sinceRun = Duration.between(run[0], now);
        boolean newRun = Duration.between(run[1], now).compareTo(settings.runWindow()) > 0;
        if (newRun && sinceRun.toMillis() < interval.toMillis() * (1 - tolerance)) {
            return "ran " + minutes(sinceRun) + " after its last run, where its schedule is every " + minutes(interval);
        }
        return null;
    }

    /** Why the service is rare across the fleet, or null when it is not (or the fleet is too small to say). */
    private String rare(ServiceState service, FleetState fleet, String host) {
        int fleetHosts = fleet.hosts.size();
        int hosts = hostsWith(service, host);
        if (fleetHosts < settings.minFleet() || hosts > settings.rareHosts() && hosts * 100.0 >= settings.rarePercent() * fleetHosts) {
            return null;
        }
        return String.format(Locale.ROOT, "on %d of the fleet's %d hosts", hosts, fleetHosts);
    }

    /**
     * Why the service is spreading, or null: it alerted on another host and reached this one only
     * after, and is still on fewer than {@code spreadPercent} of the fleet. An implant campaign reuses
     * its launchd label and binary on every victim, so once a few Macs have it, it is no longer rare;
     * a host that gains it after it alerted elsewhere is judged as if it were. A host that ran it
     * before the alert is not: a verdict on one copy does not make every copy's history suspect.
     */
    private String spreading(ServiceState service, FleetState fleet, String host, Instant now) {
        if (service.judged == null || host.equals(service.judgedOn)) {
            return null;
        }
        Instant here = service.hosts.getOrDefault(host, now);
        int fleetHosts = fleet.hosts.size();
        int hosts = hostsWith(service, host);
        if (here.isBefore(service.judged) || fleetHosts < settings.minFleet() || hosts * 100.0 >= settings.spreadPercent() * fleetHosts) {
            return null;
        }
        return String.format(Locale.ROOT, "reached this host %s after it alerted on %s (on %d of the fleet's %d hosts)",
                minutes(Duration.between(service.judged, here)), service.judgedOn, hosts, fleetHosts);
    }

    /** The hosts the service is on, counting {@code host}. */
    private static int hostsWith(ServiceState service, String host) {
        return service.hosts.size() + (service.hosts.containsKey(host) ? 0 : 1);
    }

    private static void alerted(ServiceState service, String host, Instant now) {
        service.alerted.put(host, now);
        if (service.judged == null) {
            service.judged = now;
            service.judgedOn = host;
        }
    }

    private void learn(Call call, ServiceState service, String signer, String host, Instant now, boolean learning) {
        if (service.hosts.size() < MAX_HOSTS) {
            service.hosts.putIfAbsent(host, now);
        }
        if (learning || service.destinations.isEmpty()) {
            add(service.destinations, call.api().pattern());
        }
        if (signer != null && !"unsigned".equals(signer) && (learning || service.signers.isEmpty())) {
            add(service.signers, signer);
        }
        if (call.userAgent() != null && (learning || service.agents.isEmpty())) {
            add(service.agents, call.userAgent());
        }
        Instant[] run = service.runs.get(host);
        if (run == null || Duration.between(run[1], now).compareTo(settings.runWindow()) > 0) {
            service.runs.put(host, new Instant[] {now, now});
        } else if (now.isAfter(run[1])) {
            run[1] = now;
        }
    }

    private static void add(java.util.Set<String> facts, String fact) {
        if (facts.size() < MAX_FACTS) {
            facts.add(fact);
        }
    }

    private boolean recentlyAlerted(ServiceState service, String host, Instant now) {
        Instant last = service.alerted.get(host);
        return last != null && now.isBefore(last.plus(settings.repeatAfter()));
    }

    private static String title(Call call) {
        Endpoint endpoint = call.endpoint();
        String who = endpoint.job() != null && endpoint.job().label() != null ? "launchd job " + endpoint.job().label()
                : endpoint.process().path();
        return "Background service " + who + " on " + endpoint.host() + " called " + call.destination() + " (" + call.api().service() + ")";
    }

    private static Map<String, String> facts(Call call, String signer) {
        Map<String, String> facts = new LinkedHashMap<>();
        Endpoint endpoint = call.endpoint();
        facts.put("Host", endpoint.host() + (endpoint.user() == null ? "" : ", user " + endpoint.user()));
        if (endpoint.process() != null) {
            facts.put("Process", endpoint.process().path() + (endpoint.process().pid() == null ? "" : " (pid " + endpoint.process().pid() + ")"));
        }
        facts.put("Signer", signer == null ? "unknown: no signature in the logs" : signer
                + (endpoint.process() != null && endpoint.process().signingId() != null ? ", " + endpoint.process().signingId() : ""));
        if (endpoint.job() != null) {
            Endpoint.Job job = endpoint.job();
            facts.put("launchd job", job.label() + (job.plist() == null ? "" : " from " + job.plist())
                    + (job.intervalSeconds() == null ? "" : ", every " + job.intervalSeconds() + " s")
                    + (job.calendar() == null ? "" : ", at " + job.calendar()) + (job.keepAlive() ? ", kept alive" : ""));
        }
        facts.put("Destination", call.destination() + (endpoint.destination().port() == null ? "" : ":" + endpoint.destination().port())
                + " (" + call.api().service() + ", " + call.api().category() + ")");
        if (endpoint.tiedBy() != null) {
            facts.put("How it was tied", endpoint.tiedBy());
        }
        return facts;
    }

    private static Signal signal(String title, String host, dev.tokenward.analytic.Evidence evidence, List<String> reasons, boolean grave,
                                 Map<String, String> known) {
        Map<String, String> facts = new LinkedHashMap<>(known);
        facts.put("Why", String.join("; ", reasons));
        return new Signal(UnscheduledBackgroundApi.ID, UnscheduledBackgroundApi.SPEC.attack(), evidence.time(),
                grave ? Severity.HIGH : Severity.MEDIUM, host, null, title + ": " + reasons.get(0), List.of(evidence), facts);
    }

    private static String minutes(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes < 120 ? minutes + " min" : duration.toHours() + " h";
    }
}
