package dev.tokenward.runtime;

import dev.tokenward.event.Event;
import dev.tokenward.source.InputReader;
import dev.tokenward.source.Quarantined;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** What a run read and found, for its summary. */
public final class RunStats {
    private final Map<String, Long> suppressed = new java.util.LinkedHashMap<>();
    private final Map<String, Long> eventsBySource = new TreeMap<>();
    private final Map<String, Long> filesByFormat = new TreeMap<>();
    private final Map<String, Long> alertsByAnalytic = new TreeMap<>();
    private final Map<String, Long> summaries = new TreeMap<>();
    private Map<String, Long> evicted = Map.of();
    private Map<String, Integer> peaks = Map.of();
    private long files;
    private long emptyFiles;
    private long skippedFiles;
    private long directoryFiles;
    private long rejectedFiles;
    private long quarantined;
    private LateEvents late = new LateEvents();
    private long forced;
    private long strays;
    private Map<String, long[]> stateFootprint = Map.of();
    private Map<String, String> stateKinds = Map.of();
    private Map<String, Integer> stateKeys = Map.of();
    private java.time.Duration measuring = java.time.Duration.ZERO;
    private Engine.Learnt learnt = new Engine.Learnt(0, 0, 0);
    private long bytes;
    private long events;
    private Instant firstEvent;
    private Instant lastEvent;

    void fileRead(InputReader reader) {
        files++;
        bytes += reader.bytesRead();
        switch (reader.status()) {
            case EMPTY -> emptyFiles++;
            case SKIPPED -> skippedFiles++;
            case DIRECTORY -> directoryFiles++;
            case REJECTED -> rejectedFiles++;
            default -> filesByFormat.merge(reader.format() == null ? "unrecognised" : reader.format().id(), 1L, Long::sum);
        }
    }

    public void event(Event event) {
        events++;
        eventsBySource.merge(event.source(), 1L, Long::sum);
        if (firstEvent == null || event.time().isBefore(firstEvent)) {
            firstEvent = event.time();
        }
        if (lastEvent == null || event.time().isAfter(lastEvent)) {
            lastEvent = event.time();
        }
    }

    public void quarantined(Quarantined entry) {
        quarantined++;
    }

    /** A file found but not read (a link out of the paths named, a FIFO): quarantined whole. */
    void notRead(Quarantined entry) {
        quarantined++;
        rejectedFiles++;
        files++;
    }

    /** A suppression the run applies: counted from zero, so that every summary lists it. */
    public void suppression(dev.tokenward.signal.Suppression configured) {
        suppressed.putIfAbsent(configured.describe(), 0L);
    }

    /** An alert not written because a suppression matched it. */
    public void suppressed(dev.tokenward.signal.Suppression by) {
        suppressed.merge(by.describe(), 1L, Long::sum);
    }

    /** Alerts suppressed, by the suppression that matched them (described), in the order first matched. */
    public Map<String, Long> suppressed() {
        return Collections.unmodifiableMap(suppressed);
    }

    /** An alert written; {@code summarised} is the count of a flood summary, null for a single alert. */
    public void alert(String analytic, Long summarised) {
        alertsByAnalytic.merge(analytic, 1L, Long::sum);
        if (summarised != null) {
            summaries.merge(analytic, summarised, Long::sum);
        }
    }

    void state(Map<String, Long> evictedBy, Map<String, Integer> peakBy) {
        evicted = Map.copyOf(evictedBy);
        peaks = Map.copyOf(peakBy);
    }

    /** Per analytic or baseline: entities whose state was evicted to stay within the limit. */
    public Map<String, Long> evicted() {
        return new TreeMap<>(evicted);
    }

    /** Per analytic or baseline: the most entities holding state at once. */
    public Map<String, Integer> peaks() {
        return new TreeMap<>(peaks);
    }

    /** Per analytic: alerts folded into flood summaries (not counted in the alerts themselves). */
    public Map<String, Long> summarised() {
        return new TreeMap<>(summaries);
    }

    void late(LateEvents events, long releasedEarly) {
        late = events;
        forced = releasedEarly;
    }

    void measured(java.time.Duration took) {
        measuring = took;
    }

    /** Time spent measuring the analytics' state (serializing it all), not part of detection: zero unless asked for. */
    public java.time.Duration measuring() {
        return measuring;
    }

    void stateFootprint(Map<String, long[]> footprint) {
        stateFootprint = footprint;
    }

    /** Per analytic: entities holding state at the end, and their state's serialized bytes (when measured). */
    public Map<String, long[]> stateFootprint() {
        return stateFootprint;
    }

    void stateKeys(Map<String, String> kinds, Map<String, Integer> keys) {
        stateKinds = kinds;
        stateKeys = keys;
    }

    /** Per analytic (and the profiles and lineages): the kind of key its state is kept under (when measured). */
    public Map<String, String> stateKinds() {
        return stateKinds;
    }

    /**
     * Per kind of key (PRINCIPAL, CREDENTIAL, HOST, ...): how many distinct keys held state in any
     * analytic, the profiles or the lineages at the end (when measured).
     */
    public Map<String, Integer> stateKeys() {
        return stateKeys;
    }

    void learnt(Engine.Learnt learnt) {
        this.learnt = learnt;
    }

    /** What the run learnt of the organisation's networks, and the alerts they excused. */
    public Engine.Learnt learnt() {
        return learnt;
    }

    /** A record dated more than a day from its file's neighbours, set aside and merged by its own time. */
    void stray() {
        strays++;
    }

    public long strays() {
        return strays;
    }

    /** Events released before the lateness had passed because the reorder buffer was full. */
    public long forced() {
        return forced;
    }

    public Map<String, Long> eventsBySource() {
        return Map.copyOf(eventsBySource);
    }

    public Map<String, Long> filesByFormat() {
        return Map.copyOf(filesByFormat);
    }

    public Map<String, Long> alertsByAnalytic() {
        return Map.copyOf(alertsByAnalytic);
    }

    public long files() {
        return files;
    }

    public long emptyFiles() {
        return emptyFiles;
    }

    /** Listings of a product's members read to name its events' ids. */
    public long directoryFiles() {
        return directoryFiles;
    }

    public long skippedFiles() {
        return skippedFiles;
    }

    public long rejectedFiles() {
        return rejectedFiles;
    }

    public long quarantined() {
        return quarantined;
    }

    public long late() {
        return late.count();
    }

    /** The late events: by source, the worst, and those before alerts on what they concerned. */
    public LateEvents lateEvents() {
        return late;
    }

    public long bytes() {
        return bytes;
    }

    public long events() {
        return events;
    }

    public long alerts() {
        return alertsByAnalytic.values().stream().mapToLong(Long::longValue).sum();
    }

    public Instant firstEvent() {
        return firstEvent;
    }

    public Instant lastEvent() {
        return lastEvent;
    }
}
