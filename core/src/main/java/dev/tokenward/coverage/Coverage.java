package dev.tokenward.coverage;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.source.BlindSpots;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Whether the telemetry at hand can feed each analytic: per source, the time span covered and how
 * often each field an analytic needs or is improved by is filled on the events it reads it from.
 * ATT&CK's notes on these analytics ask teams to check exactly this before trusting a detection.
 */
public final class Coverage implements Consumer<Event> {
    /** A needed field filled less often than this makes an analytic partial on that source. */
    public static final double WELL_FILLED = 0.9;

    private final List<AnalyticSpec> specs;
    private final Map<String, SourceTally> sources = new TreeMap<>();
    private final Map<String, HostTally> hosts = new TreeMap<>();
    /** Hosts tallied at most; the rest are counted only. */
    private static final int MAX_HOSTS = 100_000;

    public Coverage(List<? extends Analytic<?>> analytics) {
        this.specs = analytics.stream().map(Analytic::spec).toList();
    }

    @Override
    public void accept(Event event) {
        SourceTally tally = sources.computeIfAbsent(event.source(), s -> new SourceTally());
        tally.events++;
        tally.first = tally.first == null || event.time().isBefore(tally.first) ? event.time() : tally.first;
        tally.last = tally.last == null || event.time().isAfter(tally.last) ? event.time() : tally.last;
        for (AnalyticSpec spec : specs) {
            count(tally, spec.needs(), event);
            count(tally, spec.improvedBy(), event);
        }
        host(event);
    }

    /** What endpoint and network telemetry says of its host: which of the facts a host-keyed analytic needs it carries. */
    private void host(Event event) {
        var endpoint = event.endpoint();
        if (endpoint == null || endpoint.host() == null || !hosts.containsKey(endpoint.host()) && hosts.size() >= MAX_HOSTS) {
            return;
        }
        HostTally tally = hosts.computeIfAbsent(endpoint.host(), h -> new HostTally());
        tally.sources.add(event.source());
        switch (endpoint.fact()) {
            case CONNECTION -> {
                tally.sockets++;
                tally.connects += endpoint.process() != null && event.action() != null && "connect".equals(event.action().operation()) ? 1 : 0;
            }
            case JOB -> tally.jobs++;
            case SIGNATURE -> tally.signatures++;
            case PROCESS -> tally.signatures += endpoint.process() != null && endpoint.process().signed() != null ? 1 : 0;
            case ADDRESS -> tally.onSensor |= event.endpoint().tiedBy() != null;
            default -> { }
        }
    }

    private static void count(SourceTally tally, List<FieldNeed> needs, Event event) {
        for (FieldNeed need : needs) {
            if (need.appliesTo(event)) {
                long[] counts = tally.fields.computeIfAbsent(need, n -> new long[2]);
                counts[0]++;
                if (need.field().filledIn(event)) {
                    counts[1]++;
                }
            }
        }
    }

    /** The report: one entry per analytic, then the sources. */
    public Report report() {
        List<AnalyticReport> analytics = new ArrayList<>();
        for (AnalyticSpec spec : specs) {
            List<FieldReport> needed = fields(spec.needs());
            List<FieldReport> improving = fields(spec.improvedBy());
            Readiness readiness = readiness(spec);
            analytics.add(new AnalyticReport(spec.id(), spec.title(), readiness, needed, improving));
        }
        List<SourceReport> sourceReports = new ArrayList<>();
        sources.forEach((name, tally) -> sourceReports.add(new SourceReport(name, tally.events, tally.first, tally.last,
                BlindSpots.of(name))));
        List<HostReport> hostReports = new ArrayList<>();
        hosts.forEach((name, tally) -> hostReports.add(new HostReport(name, List.copyOf(tally.sources), tally.cannotSee())));
        return new Report(analytics, sourceReports, hostReports);
    }

    private Readiness readiness(AnalyticSpec spec) {
        Readiness best = Readiness.CANNOT_RUN;
        for (SourceTally tally : sources.values()) {
            boolean all = true;
            boolean any = true;
            for (FieldNeed need : spec.needs()) {
                long[] counts = tally.fields.get(need);
                double fill = counts == null || counts[0] == 0 ? 0 : (double) counts[1] / counts[0];
                all &= need.field().sparse() ? fill > 0 : fill >= WELL_FILLED;
                any &= fill > 0;
            }
            Readiness here = all ? Readiness.READY : any ? Readiness.PARTIAL : Readiness.CANNOT_RUN;
            best = here.ordinal() < best.ordinal() ? here : best;
        }
        return best;
    }

    private List<FieldReport> fields(List<FieldNeed> needs) {
        List<FieldReport> reports = new ArrayList<>();
        for (FieldNeed need : needs) {
            Map<String, Fill> bySource = new LinkedHashMap<>();
            sources.forEach((name, tally) -> {
                long[] counts = tally.fields.get(need);
                if (counts != null && counts[0] > 0) {
                    bySource.put(name, new Fill(counts[0], counts[1]));
                }
            });
            reports.add(new FieldReport(need.field().path(), kinds(need), need.field().sparse(), bySource));
        }
        return reports;
    }

    private static String kinds(FieldNeed need) {
        if (need.kinds().isEmpty()) {
            return "all events";
        }
        return need.kinds().stream().sorted().map(EventKind::name).map(k -> k.toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", ")) + " events";
    }

    public enum Readiness {
        READY,
        PARTIAL,
        CANNOT_RUN
    }

    /** How often a field is filled: on {@code filled} of {@code applicable} events. */
    public record Fill(long applicable, long filled) {
        public double ratio() {
            return applicable == 0 ? 0 : (double) filled / applicable;
        }
    }

    /** @param sparse filled only on the few events it describes: a low fill is no gap */
    public record FieldReport(String field, String on, boolean sparse, Map<String, Fill> bySource) {
    }

    public record AnalyticReport(String id, String title, Readiness readiness, List<FieldReport> needs,
                                 List<FieldReport> improvedBy) {
    }

    /** @param cannotShow what the product never logs, whatever is collected */
    public record SourceReport(String source, long events, Instant first, Instant last, List<String> cannotShow) {
    }

    /**
     * A host that endpoint or network telemetry names.
     *
     * @param sources   the sources that name it
     * @param cannotSee what unscheduled-background-api cannot see there, for want of which telemetry
     */
    public record HostReport(String host, List<String> sources, List<String> cannotSee) {
    }

    public record Report(List<AnalyticReport> analytics, List<SourceReport> sources, List<HostReport> hosts) {
    }

    private static final class HostTally {
        final java.util.TreeSet<String> sources = new java.util.TreeSet<>();
        long sockets;
        /** Connections seen as the connect() call itself (osquery socket_events), not as a socket open at a snapshot. */
        long connects;
        long jobs;
        long signatures;
        boolean onSensor;

        List<String> cannotSee() {
            List<String> gaps = new ArrayList<>();
            if (sockets == 0) {
                gaps.add("no process sockets (osquery process_open_sockets): its connections have no process");
            } else if (connects == 0) {
                gaps.add("sockets only as snapshots, no connect() events (osquery socket_events): a call shorter than the snapshot "
                        + "interval has a process only where the network sensor saw it");
            }
            if (jobs == 0) {
                gaps.add("no launchd jobs (osquery launchd): background is known only by a parent of pid 1, schedules not at all");
            }
            if (signatures == 0) {
                gaps.add("no code signatures (osquery signature, eslogger exec): unsigned or re-signed code goes unseen");
            }
            if (!onSensor) {
                gaps.add("never on the network sensor's leases (Zeek dhcp): destinations are named only by address ranges");
            }
            return gaps;
        }
    }

    private static final class SourceTally {
        long events;
        Instant first;
        Instant last;
        final Map<FieldNeed, long[]> fields = new LinkedHashMap<>();
    }
}
