package dev.tokenward.runtime;

import dev.tokenward.analytic.Shared;
import dev.tokenward.analytic.host.ServiceIdentity;
import dev.tokenward.event.Endpoint;
import dev.tokenward.event.Endpoint.Fact;
import dev.tokenward.event.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Ties endpoint and network telemetry together before the analytics see it, in event-time order:
 * a network flow to the host that held its source address (a DHCP lease, an address osquery saw on
 * an interface), and to the process that had a socket to the same address in the host's last
 * socket snapshot within {@value #SOCKET_WINDOW_SECONDS} s; a connection's address to the name the
 * host resolved or asked for (DNS answers, TLS SNI); a process to its code signature and to the
 * launchd job whose program it is, or whose program launched it ({@code macos-launchers.tsv}: the
 * {@code /usr/bin/python3} shim runs the Command Line Tools' Python), or, for an interpreter or
 * transfer tool with no parent known, to the user's calendar agent that starts in the minute it
 * connected ({@link #scheduledAt}) (a signature from osquery's
 * signature table, or from an exec event that carries one). What was tied, and how, is said in {@link Endpoint#tiedBy()}.
 * Memory is bounded: each map forgets its least recently used entries past its limit; the texts it
 * keeps (addresses, names, paths) are {@link Shared} copies, one for the fleet.
 */
final class HostJoin {
    static final int SOCKET_WINDOW_SECONDS = 120;
    private static final Duration SOCKET_WINDOW = Duration.ofSeconds(SOCKET_WINDOW_SECONDS);
    private static final int PER_HOST = 512;
    /** Parts of a job's argument line that may be its executable (paths hold a space or two). */
    private static final int MAX_PARTS = 16;

    /** A user's own launch agent's property list: where a calendar job with no launchd row may be tied ({@link #scheduledAt}). */
    private static final Pattern USER_AGENT_PLIST = Pattern.compile("^/Users/[^/]+/Library/LaunchAgents/[^/]+\\.plist$");
    /** One minute of a job's calendar as the join keeps it: "Minute=23", or "0/Minute=30" for one of several entries. */
    private static final Pattern CALENDAR_MINUTE = Pattern.compile("(?:^|,)(?:\\d+/)?Minute=(\\d{1,2})(?=,|$)");

    /** Binaries macOS runs in place of the program a job names (the python3 shim's interpreter), and that program. */
    private static final List<Launcher> LAUNCHERS = dev.tokenward.event.DataTable.read(HostJoin.class, "macos-launchers.tsv", 2).stream()
            .map(row -> new Launcher(Pattern.compile(row[0]), row[1])).toList();

    private record Launcher(Pattern executable, String launcher) {
    }

    private final Lru<String, String> hostByAddress;
    /** Executables' launchers as looked up, at most {@value #PER_HOST} times eight (the fleet's executables repeat). */
    private final Lru<String, String> launchers = new Lru<>(PER_HOST * 8);
    private final Lru<String, Facts> hosts;

    HostJoin(int limit) {
        hostByAddress = new Lru<>(limit);
        hosts = new Lru<>(limit);
    }

    /** What is known of one host. */
    private static final class Facts {
        final Lru<String, String> names = new Lru<>(PER_HOST);
        final Lru<String, Endpoint.Process> signatures = new Lru<>(PER_HOST);
        // a job is kept under each part of its argument line that may be its executable
        final Lru<String, Endpoint.Job> jobs = new Lru<>(PER_HOST * 4);
        final Lru<String, String> calendars = new Lru<>(PER_HOST);
        final Lru<String, Socket> sockets = new Lru<>(PER_HOST);
    }

    private record Socket(Endpoint.Process process, Instant time) {
    }

    Event join(Event event) {
        Endpoint endpoint = event.endpoint();
        if (endpoint == null) {
            return event;
        }
        String address = event.client().ip() == null ? null : event.client().ip().toString();
        if (endpoint.host() == null && address != null && endpoint.fact() != Fact.ADDRESS) {
            String host = hostByAddress.get(address);
            if (host != null) {
                endpoint = endpoint.withHost(host, "its address " + address + " was the host's then");
            }
        }
        if (endpoint.host() == null) {
            return endpoint == event.endpoint() ? event : event.withEndpoint(endpoint);
        }
        Facts facts = hosts.computeIfAbsent(endpoint.host(), h -> new Facts());
        switch (endpoint.fact()) {
            case ADDRESS -> {
                if (address != null) {
                    hostByAddress.put(address, Shared.text(endpoint.host()));
                }
            }
            case NAME -> facts.names.put(Shared.text(endpoint.destination().ip().toString()), Shared.text(endpoint.destination().name()));
            case SIGNATURE -> facts.signatures.put(Shared.text(endpoint.process().path()), kept(endpoint.process()));
            // the binary a withdrawn row described may not be the one that runs next (a vendor's update
            // reinstalls it); a row of another signature for the path, in the same snapshot, stays
            case SIGNATURE_WITHDRAWN -> facts.signatures.remove(endpoint.process().path(), endpoint.process());
            case PROCESS -> {
                if (endpoint.process() != null && endpoint.process().path() != null && endpoint.process().signed() != null) {
                    facts.signatures.put(Shared.text(endpoint.process().path()), kept(endpoint.process()));
                }
            }
            case JOB -> remember(facts, endpoint.job());
            case CONNECTION -> endpoint = connection(facts, endpoint, event.time());
            default -> { }
        }
        return endpoint == event.endpoint() ? event : event.withEndpoint(endpoint);
    }

    private static void remember(Facts facts, Endpoint.Job job) {
        if (job.label() == null) {
            if (job.plist() != null && job.calendar() != null) {
                String before = facts.calendars.get(job.plist());
                facts.calendars.put(Shared.text(job.plist()), before == null ? Shared.text(job.calendar()) : before + "," + job.calendar());
            }
            return;
        }
        if (job.program() != null) {
            job = new Endpoint.Job(Shared.text(job.label()), Shared.text(job.program()), job.intervalSeconds(), Shared.text(job.calendar()),
                    job.keepAlive(), Shared.text(job.plist()));
            Endpoint.Job before = facts.jobs.get(job.program());
            if (before != null && job.label().equals(before.label()) && !job.equals(before)) {
                // a package that rewrites a job's plist installs its program too (an updater's update, a
                // reinstall): what a row said of the old binary's signature is not the new one's
                forgetSignatures(facts, job.program());
            }
            facts.jobs.put(job.program(), job);
            // a newer sighting of the same job replaces the older under every part (updaters rewrite their
            // plists: a schedule changes), but a part never displaces another job whose whole program it is
            for (String part : parts(job.program())) {
                Endpoint.Job held = facts.jobs.get(part);
                if (held == null || java.util.Objects.equals(held.label(), job.label()) || !part.equals(held.program())) {
                    facts.jobs.put(Shared.text(part), job);
                }
            }
        }
    }

    /** Forgets the signatures known for an argument line: its whole, and each part that may be its executable. */
    private static void forgetSignatures(Facts facts, String line) {
        facts.signatures.remove(line);
        parts(line).forEach(facts.signatures::remove);
    }

    /**
     * The parts of an argument line joined with spaces that may be its executable, besides the whole:
     * each part ending before a space, up to the first option; a few at most, so jobs do not crowd
     * each other out.
     */
    private static List<String> parts(String line) {
        List<String> parts = new ArrayList<>();
        for (int space = line.indexOf(' '); space > 0 && parts.size() < MAX_PARTS; space = line.indexOf(' ', space + 1)) {
            parts.add(line.substring(0, space));
            if (line.startsWith("-", space + 1)) {
                break;
            }
        }
        return parts;
    }

    private Endpoint connection(Facts facts, Endpoint endpoint, Instant time) {
        Endpoint.Destination destination = endpoint.destination();
        String ip = destination == null || destination.ip() == null ? null : destination.ip().toString();
        if (ip != null && destination.name() != null) {
            facts.names.put(Shared.text(ip), Shared.text(destination.name()));
        } else if (ip != null && facts.names.get(ip) != null) {
            endpoint = endpoint.withDestination(destination.named(facts.names.get(ip)));
        }
        Endpoint.Process process = endpoint.process();
        String how = null;
        if (process == null && ip != null) {
            Socket socket = facts.sockets.get(ip);
            if (socket != null && !socket.time().isBefore(time.minus(SOCKET_WINDOW)) && !socket.time().isAfter(time)) {
                process = socket.process();
                how = "pid " + process.pid() + " had a socket to " + ip + " in the snapshot "
                        + Duration.between(socket.time(), time).toSeconds() + " s before (medium confidence)";
            }
        } else if (process != null && ip != null) {
            facts.sockets.put(Shared.text(ip), new Socket(kept(process), time));
        }
        if (process == null || process.path() == null) {
            return endpoint;
        }
        Endpoint.Process signature = facts.signatures.get(process.path());
        if (signature != null) {
            process = process.withSignature(signature);
        }
        Endpoint.Job job = facts.jobs.get(process.path());
        if (job == null) {
            String launcher = launcherOf(process.path());
            job = launcher.isEmpty() ? null : facts.jobs.get(launcher);
        }
        if (job == null && process.parentPid() == null && ServiceIdentity.scriptHost(process)) {
            job = scheduledAt(facts, process.path(), time);
            if (job != null) {
                how = (how == null ? "" : how + "; ") + "the calendar of " + job.plist() + " (" + job.calendar()
                        + ") starts a job at the minute pid " + process.pid() + " connected, and nothing says what else that job runs"
                        + " (low confidence)";
                return endpoint.withProcess(process, job, how);
            }
        }
        if (job != null) {
            String calendar = job.plist() == null ? null : facts.calendars.get(job.plist());
            if (calendar != null) {
                job = new Endpoint.Job(job.label(), job.program(), job.intervalSeconds(), calendar, job.keepAlive(), job.plist());
            }
            how = how == null ? "launchd job " + job.label() + " runs " + process.path() : how + "; launchd job " + job.label() + " runs it";
        }
        return endpoint.withProcess(process, job, how);
    }

    /**
     * The job a user's calendar agent would be, for an interpreter or transfer tool connecting with no
     * parent known (osquery's socket_events name none) and no job naming it: a LaunchAgent in a user's
     * {@code ~/Library/LaunchAgents} whose {@code StartCalendarInterval} has a minute the connection
     * falls in or just after, and whose program no launchd row has told (a job installed after the
     * last of osquery's launchd snapshots; its calendar's rows come from the plist table, read more
     * often). The hour is not compared: a calendar is on the Mac's local clock, which the logs do not
     * give, and the minute is the same on the whole- and half-hour offsets most places keep. Its label
     * is the plist's name, as launchd's convention has it.
     */
    private static Endpoint.Job scheduledAt(Facts facts, String program, Instant time) {
        long minute = Math.floorMod(time.getEpochSecond() / 60, 60);
        for (Map.Entry<String, String> calendar : facts.calendars.entrySet()) {
            String plist = calendar.getKey();
            if (USER_AGENT_PLIST.matcher(plist).matches() && startsAround(calendar.getValue(), minute) && !jobKnown(facts, plist)) {
                String label = plist.substring(plist.lastIndexOf('/') + 1).replaceFirst("\\.plist$", "");
                return new Endpoint.Job(Shared.text(label), program, null, calendar.getValue(), false, plist);
            }
        }
        return null;
    }

    /** Whether a calendar ("Minute=23", "0/Hour=9,0/Minute=30,...") starts its job in the minute given or the one before. */
    private static boolean startsAround(String calendar, long minute) {
        java.util.regex.Matcher entry = CALENDAR_MINUTE.matcher(calendar);
        while (entry.find()) {
            long at = Long.parseLong(entry.group(1));
            if (at == minute || Math.floorMod(at + 1, 60) == minute) {
                return true;
            }
        }
        return false;
    }

    /** Whether a launchd row told the program of the job installed from this plist. */
    private static boolean jobKnown(Facts facts, String plist) {
        for (Endpoint.Job job : facts.jobs.values()) {
            if (plist.equals(job.plist())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A process as the join keeps it: its texts (the path, signing id and team, which a fleet's hosts
     * share) as {@link Shared} copies.
     */
    private static Endpoint.Process kept(Endpoint.Process process) {
        return new Endpoint.Process(Shared.text(process.path()), process.pid(), process.parentPid(), process.signed(),
                Shared.text(process.signingId()), Shared.text(process.teamId()));
    }

    /** The program that launches this executable in its place ({@code macos-launchers.tsv}), or "" for none; remembered per path. */
    private String launcherOf(String path) {
        String known = launchers.get(path);
        if (known != null) {
            return known;
        }
        String launcher = "";
        for (Launcher candidate : LAUNCHERS) {
            java.util.regex.Matcher executable = candidate.executable().matcher(path);
            if (executable.matches()) {
                launcher = executable.replaceFirst(candidate.launcher());
                break;
            }
        }
        launchers.put(path, launcher);
        return launcher;
    }

    /** A map that forgets its least recently used entry past its limit. */
    private static final class Lru<K, V> extends LinkedHashMap<K, V> {
        private final int limit;

        Lru(int limit) {
            super(16, 0.75f, true);
            this.limit = limit;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > limit;
        }
    }
}
