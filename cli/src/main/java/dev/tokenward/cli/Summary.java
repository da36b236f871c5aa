package dev.tokenward.cli;

import dev.tokenward.runtime.RunStats;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The end-of-run summary on standard error. */
final class Summary {
    private static final int NOT_READ_SHOWN = 10;

    private Summary() {
    }

    static void print(PrintStream err, RunStats stats, Inputs inputs, Duration took, Duration lateness, int maxPerHour, int maxHeld,
                      java.util.Optional<String> degraded, String alertsTo, Path quarantine) {
        double seconds = Math.max(took.toNanos() / 1e9, 1e-3);
        err.printf(Locale.ROOT, "tokenward: %,d events from %,d %s in %.1f s (%,.0f events/s, %.1f MB/s)%n",
                stats.events(), stats.files(), stats.files() == 1 ? "file" : "files", seconds, stats.events() / seconds,
                stats.bytes() / 1e6 / seconds);
        err.printf(Locale.ROOT, "  sources:     %s%n", counts(stats.eventsBySource()));
        StringBuilder files = new StringBuilder();
        if (stats.emptyFiles() > 0) {
            files.append(String.format(Locale.ROOT, "%,d empty; ", stats.emptyFiles()));
        }
        if (stats.skippedFiles() > 0) {
            files.append(String.format(Locale.ROOT, "%,d CloudTrail digest or ground-truth files skipped; ", stats.skippedFiles()));
        }
        if (stats.directoryFiles() > 0) {
            files.append(String.format(Locale.ROOT, "%,d member listings read to name ids; ", stats.directoryFiles()));
        }
        if (inputs.passedOver() > 0) {
            files.append(String.format(Locale.ROOT, "%,d non-log files in directories or archives passed over; ", inputs.passedOver()));
        }
        if (files.length() > 0) {
            err.printf(Locale.ROOT, "  files:       %s%n", files.substring(0, files.length() - 2));
        }
        if (!inputs.notRead().isEmpty()) {
            err.printf(Locale.ROOT, "  not read:    %,d %s found in the paths named (also in the quarantine):%n", inputs.notRead().size(),
                    inputs.notRead().size() == 1 ? "entry" : "entries");
            inputs.notRead().stream().limit(NOT_READ_SHOWN).forEach(entry -> err.printf(Locale.ROOT, "               %s: %s%n",
                    entry.file(), entry.reason()));
            if (inputs.notRead().size() > NOT_READ_SHOWN) {
                err.printf(Locale.ROOT, "               and %,d more%n", inputs.notRead().size() - NOT_READ_SHOWN);
            }
        }
        if (stats.strays() > 0) {
            err.printf(Locale.ROOT, "  strays:      %,d %s dated more than a day from the records beside them in their file; read in "
                    + "time order, without holding their files back%n", stats.strays(), stats.strays() == 1 ? "record" : "records");
        }
        dev.tokenward.runtime.LateEvents late = stats.lateEvents();
        err.printf(Locale.ROOT, "  late:        %,d events arrived later than the allowed lateness of %s%s%n",
                late.count(), human(lateness), late.count() == 0 ? "" : " (" + counts(late.bySource()) + "; the latest about "
                        + approximately(late.worst()) + " behind)");
        if (late.beforeAlerts() > 0) {
            err.printf(Locale.ROOT, "               %,d of them concerned principals or credentials that alerted; "
                    + "their alerts may change with --lateness %s%n", late.beforeAlerts(), suggested(late.worst()));
        }
        if (stats.forced() > 0) {
            err.printf(Locale.ROOT, "  reordering:  %,d events released before their lateness had passed: more than %,d were waiting at "
                    + "once, an event with much text counting as several (state.maxHeldEvents)%n", stats.forced(), maxHeld);
        }

        if (stats.quarantined() > 0) {
            err.printf(Locale.ROOT, "  quarantined: %,d records, lines or files (%,d whole files) -> %s%n",
                    stats.quarantined(), stats.rejectedFiles(), quarantine);
        } else {
            err.printf(Locale.ROOT, "  quarantined: none%n");
        }
        degraded.ifPresent(why -> err.printf(Locale.ROOT, "  degraded:    %s%n", why));
        if (!stats.evicted().isEmpty()) {
            err.printf(Locale.ROOT, "  evicted:     state of %,d entities, the least recently seen, to stay within the limits (%s; "
                    + "state.maxEntities, state.limits): what they did before is forgotten%n",
                    stats.evicted().values().stream().mapToLong(Long::longValue).sum(), counts(stats.evicted()));
        }
        dev.tokenward.runtime.Engine.Learnt learnt = stats.learnt();
        if (learnt.networks() + learnt.carriers() + learnt.excused() > 0) {
            err.printf(Locale.ROOT, "  learnt:      %,d organisation network %s and %,d mobile %s (baseline.organisation)%s%n",
                    learnt.networks(), learnt.networks() == 1 ? "prefix" : "prefixes", learnt.carriers(),
                    learnt.carriers() == 1 ? "carrier" : "carriers", learnt.excused() == 0 ? ""
                            : String.format(Locale.ROOT, "; %,d location %s from before they were known excused by them",
                            learnt.excused(), learnt.excused() == 1 ? "alert" : "alerts"));
        }
        err.printf(Locale.ROOT, "  alerts:      %,d%s -> %s%n", stats.alerts(),
                stats.alerts() == 0 ? "" : " (" + counts(stats.alertsByAnalytic()) + ")", alertsTo);
        if (!stats.summarised().isEmpty()) {
            err.printf(Locale.ROOT, "               %,d more alerts were summarised as floods, more than %d an hour of one analytic "
                    + "(%s; alerts.maxPerHour)%n", stats.summarised().values().stream().mapToLong(Long::longValue).sum(),
                    maxPerHour, counts(stats.summarised()));
        }
        if (!stats.suppressed().isEmpty()) {
            err.printf(Locale.ROOT, "  suppressed:  %,d alerts matched the configuration's suppressions:%n",
                    stats.suppressed().values().stream().mapToLong(Long::longValue).sum());
            stats.suppressed().forEach((by, count) -> err.printf(Locale.ROOT, "               %,d  %s%n", count, by));
        }
    }

    /** The run's figures as JSON, for benchmark harnesses. */
    static void writeJson(Path file, RunStats stats, Duration took, java.util.Optional<String> degraded) throws java.io.IOException {
        double seconds = Math.max(took.toNanos() / 1e9, 1e-3);
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("events", stats.events());
        json.put("files", stats.files());
        json.put("bytes", stats.bytes());
        json.put("seconds", seconds);
        json.put("eventsPerSecond", stats.events() / seconds);
        json.put("megabytesPerSecond", stats.bytes() / 1e6 / seconds);
        json.put("alerts", stats.alertsByAnalytic());
        json.put("suppressed", stats.suppressed());
        json.put("quarantined", stats.quarantined());
        json.put("late", stats.late());
        json.put("lateBySource", stats.lateEvents().bySource());
        json.put("lateBeforeAlerts", stats.lateEvents().beforeAlerts());
        json.put("strays", stats.strays());
        json.put("evicted", stats.evicted());
        json.put("summarisedAlerts", stats.summarised());
        json.put("learntNetworks", stats.learnt().networks());
        json.put("learntCarriers", stats.learnt().carriers());
        json.put("excusedAlerts", stats.learnt().excused());
        json.put("degraded", degraded.map(java.util.List::of).orElse(java.util.List.of()));
        long peakHeap = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        json.put("peakHeapBytes", peakHeap);
        Map<String, Object> state = new java.util.LinkedHashMap<>();
        Map<String, Long> bytesByKind = new java.util.TreeMap<>();
        stats.stateFootprint().forEach((analytic, footprint) -> {
            long perEntity = footprint[0] == 0 ? 0 : footprint[1] / footprint[0];
            String keyedBy = stats.stateKinds().getOrDefault(analytic, "UNKNOWN");
            Map<String, Object> held = new java.util.LinkedHashMap<>();
            held.put("keyedBy", keyedBy);
            held.put("entities", footprint[0]);
            held.put("bytes", footprint[1]);
            held.put("bytesPerEntity", perEntity);
            held.put("peakEntities", stats.peaks().getOrDefault(analytic, 0));
            state.put(analytic, held);
            bytesByKind.merge(keyedBy, footprint[1], Long::sum);
        });
        json.put("state", state);
        json.put("stateKeys", stats.stateKeys());
        // serialised state over keys: every holder keyed by that kind, over the distinct keys holding any
        json.put("stateBytesPerPrincipal", perKey(bytesByKind, stats.stateKeys(), "PRINCIPAL"));
        json.put("stateBytesPerCredential", perKey(bytesByKind, stats.stateKeys(), "CREDENTIAL"));
        dev.tokenward.output.Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
    }

    private static long perKey(Map<String, Long> bytes, Map<String, Integer> keys, String kind) {
        int held = keys.getOrDefault(kind, 0);
        return held == 0 ? 0 : bytes.getOrDefault(kind, 0L) / held;
    }

    static String counts(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        return counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** A lateness that would have held the latest event: its delay rounded up to a round figure. */
    static String suggested(Duration worst) {
        long minutes = Math.max(1, (worst.toSeconds() + 59) / 60);
        if (minutes < 60) {
            return ((minutes + 4) / 5 * 5) + "m";
        }
        long hours = (minutes + 59) / 60;
        return hours <= 48 ? hours + "h" : Math.min(3650, (hours + 23) / 24) + "d";
    }

    /** A duration in its largest whole unit that still says something: 90 s, 45 m, 58 h, 12 d. */
    static String approximately(Duration duration) {
        long seconds = duration.getSeconds();
        return seconds < 120 ? seconds + "s" : seconds < 7200 ? seconds / 60 + "m" : seconds < 3 * 86_400 ? seconds / 3600 + "h"
                : seconds / 86_400 + "d";
    }

    static String human(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds % 3600 == 0 && seconds > 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0 && seconds > 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
