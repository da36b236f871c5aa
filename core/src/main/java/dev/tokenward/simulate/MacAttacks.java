package dev.tokenward.simulate;

import dev.tokenward.evaluate.Storyline;
import dev.tokenward.simulate.MacCatalog.Call;
import dev.tokenward.simulate.MacCatalog.Destination;
import dev.tokenward.simulate.MacCatalog.Job;
import dev.tokenward.simulate.MacCatalog.Process;
import dev.tokenward.simulate.MacCatalog.Signature;
import dev.tokenward.simulate.MacCatalog.Start;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Attacks on the Mac fleet that {@code unscheduled-background-api} is for, and the benign changes
 * that look like them. Each is a change to a host's launchd jobs at a time (a job installed, a
 * binary replaced, a schedule rewritten by an update), which {@link MacFleet} applies the first
 * time the Mac is awake at or after it. The truth is taken from the connections: an attack runs
 * from the first connection its code made to the last (a tampered updater's calls to its own vendor
 * included: the replaced binary is the attacker's), whether or not osquery or the office sensor
 * caught any of them; a decoy from the first connection it caused to the last.
 */
final class MacAttacks {
    static final String ANALYTIC = "unscheduled-background-api";

    /** The attacks. */
    enum Kind {
        TOKEN_STEALER("launchagent-token-stealer"),
        TAMPERED_UPDATER("tampered-updater"),
        STOLEN_COOKIE_SCRIPT("stolen-cookie-script");

        final String id;

        Kind(String id) {
            this.id = id;
        }
    }

    /** The benign look-alikes. */
    enum DecoyKind {
        SANCTIONED_AGENT_ROLLOUT("sanctioned-agent-rollout"),
        UPDATER_SCHEDULE_CHANGE("updater-schedule-change"),
        LAPTOP_CATCHES_UP("laptop-catches-up");

        final String id;

        DecoyKind(String id) {
            this.id = id;
        }
    }

    /** How an attack's job behaves beyond its schedule. */
    enum Behaviour {
        /** Runs on its schedule and calls out between 22:00 and 06:00 local time, or when it has not for 20 hours. */
        NIGHT_POSTS,
        /** A replaced vendor binary: calls its vendor as before, then stays resident and uploads at times of its own. */
        RESIDENT_EXFIL,
        /** Every call it makes is the attacker's. */
        ALL_CALLS
    }

    /**
     * A change to launchd jobs.
     *
     * @param host      the host's index, or -1 for every host of the fleet (within the hour, or when each next wakes)
     * @param replaces  the job kind replaced, or null when a job is added
     * @param afterRun  applied by the replaced job's own first run at or after {@code at} (an updater updating itself)
     * @param owner     the storyline or decoy id its connections belong to
     */
    record Change(int host, Instant at, String replaces, Job job, boolean afterRun, String owner, boolean attack,
                  Behaviour behaviour, Destination exfiltration) {
    }

    private record Planned(String id, String kind, String variant, boolean decoy, Instant from) {
    }

    private final List<Change> changes = new ArrayList<>();
    private final Map<String, Planned> planned = new LinkedHashMap<>();
    private final Map<String, Instant[]> windows = new LinkedHashMap<>();
    private final Map<String, TreeSet<String>> hosts = new LinkedHashMap<>();
    /** Attacks whose own calls reached a log; whose calls to a tampered updater's vendor did; whose binary did (signature, exec). */
    private final java.util.Set<String> callsLogged = new java.util.HashSet<>();
    private final java.util.Set<String> vendorCallsLogged = new java.util.HashSet<>();
    private final java.util.Set<String> binaryLogged = new java.util.HashSet<>();

    List<Change> changes() {
        return changes;
    }

    /**
     * Plans the run's attacks and decoys: every attack kind once, and one more per 1,400 host-days,
     * each on its own host from the third day on; one token stealer installed before the logs;
     * an agent rollout and an updater's schedule change; and a catch-up for each laptop that
     * sleeps through a week.
     */
    void plan(List<Mac> fleet, Map<Integer, Instant[]> closed, LocalDate start, int days, long seed) {
        Rand r = Rand.of(seed, "mac-plan");
        Instant begin = start.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Mac> laptops = fleet.stream().filter(m -> !m.desktop() && !closed.containsKey(m.index())).toList();
        List<Mac> candidates = new ArrayList<>(laptops);
        if (candidates.isEmpty()) {
            return;
        }
        int number = 0;
        Mac early = candidates.remove(r.below(candidates.size()));
        String id = String.format(java.util.Locale.ROOT, "m-%04d", ++number);
        tokenStealer(id, early, Instant.MIN, r, "installed-before-logs");
        int each = (int) Math.max(1, Math.round(fleet.size() * (double) days / 1400));
        int turn = r.below(12);
        int firstDay = Math.min(2, days - 1);
        attacks:
        for (int i = 0; i < each; i++) {
            for (Kind kind : Kind.values()) {
                if (candidates.isEmpty()) {
                    break attacks;
                }
                Mac victim = candidates.remove(r.below(candidates.size()));
                Instant at = begin.plus(Duration.ofDays(firstDay + r.below(Math.max(1, days - firstDay - 1))))
                        .plus(Duration.ofMinutes(r.between(0, 20 * 60)));
                id = String.format(java.util.Locale.ROOT, "m-%04d", ++number);
                switch (kind) {
                    case TOKEN_STEALER -> tokenStealer(id, victim, at, r, null);
                    case TAMPERED_UPDATER -> tamperedUpdater(id, victim, at, turn + i, r);
                    case STOLEN_COOKIE_SCRIPT -> cookieScript(id, victim, at, turn + i, r);
                }
            }
        }
        int decoys = 0;
        Instant rollout = begin.plus(Duration.ofDays(firstDay + r.below(Math.max(1, days - firstDay)))).plus(Duration.ofMinutes(r.between(17 * 60, 23 * 60)));
        id = String.format(java.util.Locale.ROOT, "md-%04d", ++decoys);
        planned.put(id, new Planned(id, DecoyKind.SANCTIONED_AGENT_ROLLOUT.id, "nudge-via-jamf", true, rollout));
        changes.add(new Change(-1, rollout, null, MacCatalog.nudge(), false, id, false, null, null));
        boolean both = fleet.size() * (long) days >= 1000;
        boolean intervalFirst = r.chance(0.5);
        for (int v = 0; v < (both ? 2 : 1); v++) {
            boolean interval = intervalFirst == (v == 0);
            Instant release = begin.plus(Duration.ofDays(Math.min(days - 1, 1 + r.below(Math.max(1, days - 1)))))
                    .plus(Duration.ofMinutes(r.between(15 * 60, 20 * 60)));
            id = String.format(java.util.Locale.ROOT, "md-%04d", ++decoys);
            planned.put(id, new Planned(id, DecoyKind.UPDATER_SCHEDULE_CHANGE.id, interval ? "interval" : "calendar", true, release));
            changes.add(new Change(-1, release, interval ? "microsoft-autoupdate" : "zoom-updater", null, true, id, false, null, null));
        }
        for (Map.Entry<Integer, Instant[]> entry : closed.entrySet()) {
            id = String.format(java.util.Locale.ROOT, "md-%04d", ++decoys);
            long nights = Duration.between(entry.getValue()[0], entry.getValue()[1]).toDays();
            planned.put(id, new Planned(id, DecoyKind.LAPTOP_CATCHES_UP.id, "lid-closed-" + nights + "-days", true, entry.getValue()[1]));
            changes.add(new Change(entry.getKey(), entry.getValue()[1], null, null, false, id, false, null, null));
        }
    }

    /** The id of the catch-up decoy planned for Mac {@code host} (a laptop left closed), or null. */
    String catchUp(int host) {
        return changes.stream().filter(c -> c.host() == host && c.job() == null && c.replaces() == null).map(Change::owner)
                .findFirst().orElse(null);
    }

    private void tokenStealer(String id, Mac victim, Instant at, Rand r, String variant) {
        String home = "/Users/" + victim.username();
        int look = r.below(3);
        String label = switch (look) {
            case 0 -> "com.apple.softwareupdate.agent";
            case 1 -> "com.google.keystone.xpchelper";
            default -> "com.microsoft.autoupdate.agent";
        };
        String folder = switch (look) {
            case 0 -> "com.apple.softwareupdate";
            case 1 -> "Google/KeystoneHelper";
            default -> "Microsoft/MAU2.0/Helpers";
        };
        String binary = switch (look) {
            case 0 -> "softwareupdated";
            case 1 -> "ksfetch";
            default -> "msupdate";
        };
        String path = home + "/Library/Application Support/" + folder + "/" + binary;
        boolean adHoc = r.chance(0.5);
        Signature signature = adHoc ? Signature.adHoc(binary + "-" + r.hex(40).substring(0, 40)) : Signature.unsigned();
        int interval = r.pick(1800, 2700, 3600);
        String token = r.between(6_000_000, 7_999_999) + ":AA" + r.base64url(33);
        Call post = new Call(MacCatalog.TELEGRAM, 1, 1, 0.6, 2.8, r.between(4_000, 60_000), 1_100, "/bot" + token + "/sendDocument", null);
        Job job = new Job("token-stealer", label, home + "/Library/LaunchAgents/" + label + ".plist", "", List.of(path), Start.INTERVAL,
                interval, List.of(), true, null, new Process(binary, path, signature, false), 0, List.of(post), "go");
        String name = variant != null ? variant : (adHoc ? "ad-hoc" : "unsigned") + "+" + label;
        planned.put(id, new Planned(id, Kind.TOKEN_STEALER.id, name, false, at));
        changes.add(new Change(victim.index(), at, null, job, false, id, true, Behaviour.NIGHT_POSTS, null));
        hosts.computeIfAbsent(id, k -> new TreeSet<>()).add(victim.hostname());
    }

    /** A vendor's updater replaced; {@code turn} rotates the updater, the signature and the storage through the runs. */
    private void tamperedUpdater(String id, Mac victim, Instant at, int turn, Rand r) {
        boolean google = turn % 2 == 0;
        String target = google ? (victim.googleUpdater() ? "google-updater" : "google-keystone") : "microsoft-autoupdate";
        boolean unsigned = turn / 2 % 2 == 0;
        Destination storage = turn / 4 % 2 == 0 ? MacCatalog.DROPBOX_CONTENT
                : new Destination("cdn-assets-sync-" + r.between(1000, 9999) + ".s3.us-west-2.amazonaws.com",
                List.of("52.92.180.146", "52.218.228.17", "3.5.82.160", "52.92.137.34"), 5).via("s3-r-w.us-west-2.amazonaws.com");
        planned.put(id, new Planned(id, Kind.TAMPERED_UPDATER.id, (unsigned ? "unsigned" : "other-team") + "+" + target + "+"
                + (storage == MacCatalog.DROPBOX_CONTENT ? "dropbox-api" : "s3-bucket"), false, at));
        Signature signature = unsigned ? Signature.unsigned()
                : Signature.developer(google ? "com.google.Keystone.Agent" : "com.microsoft.autoupdate.fba", "Lemon Grove Software Ltd",
                "7RZQ2M9K4D");
        changes.add(new Change(victim.index(), at, target, new Job(target, "", "", "", List.of(), Start.INTERVAL, 0, List.of(), false, null,
                new Process("", "", signature, false), 0, List.of(), "go"), false, id, true, Behaviour.RESIDENT_EXFIL, storage));
        hosts.computeIfAbsent(id, k -> new TreeSet<>()).add(victim.hostname());
    }

    /** A stolen session used by a script; {@code turn} rotates the client and the API through the runs. */
    private void cookieScript(String id, Mac victim, Instant at, int turn, Rand r) {
        String home = "/Users/" + victim.username();
        int variant = turn % 3;
        String label = r.pick("com.user.sessionsync", "local.cache.refresh", "com.slack.session.helper");
        Process process;
        List<String> arguments;
        String client;
        Destination to = variant == 2 ? MacCatalog.GRAPH : MacCatalog.SLACK_API;
        if (variant == 1) {
            process = new Process("curl", "/usr/bin/curl", Signature.apple("com.apple.curl"), false);
            arguments = List.of("/usr/bin/curl", "-s", "-K", home + "/.config/.slk/session.cfg");
            client = "curl";
        } else {
            process = new Process("Python", "/Library/Developer/CommandLineTools/Library/Frameworks/Python3.framework/Versions/3.9/"
                    + "Resources/Python.app/Contents/MacOS/Python", Signature.apple("com.apple.python3"), false);
            arguments = List.of("/usr/bin/python3", home + "/Library/Application Support/.sessions/refresh.py");
            client = "python";
        }
        boolean calendar = r.chance(0.5);
        Job job = new Job("cookie-script", label, home + "/Library/LaunchAgents/" + label + ".plist", "", arguments,
                calendar ? Start.CALENDAR : Start.INTERVAL, calendar ? 0 : r.pick(1200, 2400), calendar
                ? List.<int[]>of(new int[] {-1, r.between(1, 58)}) : List.of(), false, null, process, 0,
                List.of(new Call(to, 2, 6, 0.3, 1.9, r.between(600, 1_400), r.between(8_000, 90_000))), client);
        planned.put(id, new Planned(id, Kind.STOLEN_COOKIE_SCRIPT.id, (variant == 1 ? "curl-slack" : variant == 2 ? "python-graph"
                : "python-slack") + (calendar ? "+calendar" : "+interval"), false, at));
        changes.add(new Change(victim.index(), at, null, job, false, id, true, Behaviour.ALL_CALLS, null));
        hosts.computeIfAbsent(id, k -> new TreeSet<>()).add(victim.hostname());
    }

    /** A connection or change of the storyline or decoy {@code id} on {@code host}, within the logs. */
    void saw(String id, String host, Instant time) {
        Instant[] window = windows.computeIfAbsent(id, k -> new Instant[2]);
        window[0] = window[0] == null || time.isBefore(window[0]) ? time : window[0];
        window[1] = window[1] == null || time.isAfter(window[1]) ? time : window[1];
        hosts.computeIfAbsent(id, k -> new TreeSet<>()).add(host);
    }

    /** A connection of the attack {@code id} reached a log: one of its own, or a tampered updater's call to its vendor. */
    void callLogged(String id, boolean toVendor) {
        (toVendor ? vendorCallsLogged : callsLogged).add(id);
    }

    /** The attack's binary reached a log: its code signature, or an exec of it. */
    void binaryLogged(String id) {
        binaryLogged.add(id);
    }

    /**
     * Whether a log tells the attack apart as a background service's API call: a call of its own
     * logged, or a tampered updater's call to its vendor logged with the replaced binary's
     * signature or exec (the calls alone are the genuine updater's; the binary alone calls nothing).
     */
    private boolean seen(String id) {
        return callsLogged.contains(id) || vendorCallsLogged.contains(id) && binaryLogged.contains(id);
    }

    /** The truth lines of what happened within the logs. */
    List<Storyline> truth() {
        List<Storyline> truth = new ArrayList<>();
        for (Planned plan : planned.values()) {
            Instant[] window = windows.get(plan.id());
            if (window == null) {
                continue;
            }
            List<String> principals = List.copyOf(hosts.get(plan.id()));
            truth.add(new Storyline(plan.id(), plan.kind(), plan.variant(), principals, List.of(), List.of(), window[0], window[1],
                    plan.decoy() ? List.of() : List.of(ANALYTIC), List.of(), plan.decoy(), !plan.decoy() && !seen(plan.id())));
        }
        return truth;
    }
}
