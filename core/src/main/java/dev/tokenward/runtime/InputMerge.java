package dev.tokenward.runtime;

import dev.tokenward.event.Event;
import dev.tokenward.source.Directory;
import dev.tokenward.source.Format;
import dev.tokenward.source.InputFile;
import dev.tokenward.source.InputLimits;
import dev.tokenward.source.InputReader;
import dev.tokenward.source.Layout;
import dev.tokenward.source.Quarantined;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Reads many inputs as one stream in (near) event-time order, with memory bounded by how much the
 * inputs overlap in time rather than by their size.
 *
 * <p>Plan: the first events of every file are read ahead, and files are ordered by when they
 * start: the earliest of those times that is not a stray (not more than a day from their median),
 * then by content, never by name. A sparse file (a vault's item usages, minutes apart) thus opens
 * at its first event, not at its third. Merge: a file is opened only when the merge
 * reaches it; open files are merged by their next event. Records out of order inside a file
 * (CloudTrail files are unordered) are put in order downstream by the {@link ReorderBuffer}.
 *
 * <p>A record dated more than a day from its neighbours in the same file (a clock set to 2030, an
 * epoch of zero) is a stray: it is set aside and merged by its own time, so that it neither holds
 * the rest of its file back nor pushes it into being late. A record far from those before it but
 * near those after it is the file moving on (a gap in the logs), not a stray.
 */
public final class InputMerge {
    /** How far a record may lie from its neighbours' median before it is set aside. */
    static final long STRAY_SECONDS = 24 * 3600;
    private static final int PLANNED_EVENTS = 3;
    private static final int MAX_STRAYS = 100_000;

    private final List<InputFile> inputs;
    private final Consumer<Quarantined> quarantine;
    private final RunStats stats;
    private final InputLimits limits;
    private long bytesOfClosedFiles;
    private final List<Open> open = new ArrayList<>();
    private int straysHeld;
    /** Ids named by the member listings among the inputs ({@link Directory}), read while planning. */
    private final Map<String, String> names = new HashMap<>();

    public InputMerge(List<InputFile> inputs, Consumer<Quarantined> quarantine, RunStats stats, InputLimits limits) {
        this.inputs = List.copyOf(inputs);
        this.quarantine = quarantine;
        this.stats = stats;
        this.limits = limits;
    }

    /** Raw bytes read so far, over all inputs. */
    public long bytesRead() {
        long sum = bytesOfClosedFiles;
        for (Open file : open) {
            sum += file.reader.bytesRead();
        }
        return sum;
    }

    public long bytesTotal() {
        long total = 0;
        for (InputFile input : inputs) {
            total += Math.max(0, input.size());
        }
        return total;
    }

    public void run(Consumer<Event> downstream) {
        Deque<Planned> pending = new ArrayDeque<>(plan());
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> a.head().compareTo(b.head()));
        while (!pending.isEmpty() || !heads.isEmpty()) {
            Planned next = pending.peek();
            if (next != null && (heads.isEmpty() || !next.time.isAfter(heads.peek().head().event().time()))) {
                pending.poll();
                Open file = next.opened != null ? next.opened : openFile(next.input, next.format, next.layout);
                if (next.newestFirst && file != null && next.opened == null) {
                    file.readOldestFirst();
                }
                if (file != null && advance(file, heads)) {
                    heads.add(file);
                }
                continue;
            }
            Head head = heads.poll();
            downstream.accept(named(head.head().event()));
            if (head instanceof Stray) {
                straysHeld--;
            } else if (head instanceof Open file && advance(file, heads)) {
                heads.add(file);
            }
        }
    }

    /**
     * The event with its principal named by the e-mail address a member listing gives its id,
     * where the event gives only the id or a display name (a listing's address is the login the
     * other sources name the person by).
     */
    private Event named(Event event) {
        dev.tokenward.event.Principal principal = event.principal();
        if (names.isEmpty() || principal == null || principal.uid() == null) {
            return event;
        }
        String name = names.get(Directory.key(event.source(), principal.uid()));
        return name == null || name.equals(principal.name()) ? event : event.withPrincipal(principal.named(name));
    }

    /**
     * Moves a file on to its next event that is not a stray (strays go to {@code heads} on their
     * own); false, with the file closed, at its end.
     */
    private boolean advance(Open file, PriorityQueue<Head> heads) {
        while (true) {
            while (file.ahead.size() <= Recent.AHEAD) {
                Event read = file.next();
                if (read == null) {
                    break;
                }
                file.ahead.add(read);
            }
            Event candidate = file.ahead.poll();
            if (candidate == null) {
                close(file);
                return false;
            }
            if (straysHeld < MAX_STRAYS && file.recent.stray(candidate.time(), file.ahead)) {
                heads.add(new Stray(EventOrder.Keyed.of(candidate)));
                straysHeld++;
                stats.stray();
                continue;
            }
            file.head = EventOrder.Keyed.of(candidate);
            return true;
        }
    }

    private Open openFile(InputFile input, Format format, Layout layout) {
        Open file = new Open(InputReader.open(input, quarantine, format, layout, limits));
        open.add(file);
        return file;
    }

    private void close(Open file) {
        open.remove(file);
        bytesOfClosedFiles += file.reader.bytesRead();
        stats.fileRead(file.reader);
        try {
            file.reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file.reader.input().name(), e);
        }
    }

    /**
     * Reads the first events of every file, files in parallel (each read is independent and the
     * detecting side has nothing to do yet), then orders them. A stream that can be read only once
     * is opened now and planned by its first events, which wait in its look-ahead.
     */
    private List<Planned> plan() {
        List<Planned> ahead = inputs.parallelStream().map(input -> input.reopenable() ? firstOf(input, limits) : null).toList();
        List<Planned> planned = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            InputFile input = inputs.get(i);
            if (input.reopenable()) {
                planned.add(ahead.get(i));
                Directory.Listing listing = ahead.get(i).directory;
                if (listing != null) {
                    names.putAll(listing.names());
                    if (listing.problem() != null) {
                        quarantine.accept(new Quarantined(input.name(), 0, -1, null, listing.problem(), ""));
                    }
                }
                continue;
            }
            Open stream = openFile(input, null, null);
            List<Instant> times = new ArrayList<>();
            for (int n = 0; n < PLANNED_EVENTS; n++) {
                Event event = stream.reader.next();
                if (event == null) {
                    break;
                }
                stream.ahead.add(event);
                times.add(event.time());
            }
            if (times.isEmpty()) {
                close(stream);
            } else {
                planned.add(new Planned(input, start(times), EventOrder.fingerprint(stream.ahead.peek()), stream, null, false, null, null));
            }
        }
        planned.sort(Comparator.comparing((Planned p) -> p.time == null ? Instant.MIN : p.time)
                .thenComparingLong(Planned::fingerprint)
                .thenComparing(p -> p.input.name()));
        List<Planned> withFirst = new ArrayList<>();
        for (Planned p : planned) {
            if (p.time != null) {
                withFirst.add(p);
                continue;
            }
            Open file = openFile(p.input, null, null);
            Event first = file.reader.next();
            if (first == null) {
                close(file);
            } else {
                file.ahead.add(first);
                withFirst.add(new Planned(p.input, first.time(), EventOrder.fingerprint(first), file, null, false, null, null));
            }
        }
        return withFirst;
    }

    /**
     * A file's first events, read ahead and forgotten: problems are reported when the file is read
     * for real. When they go back in time, the file may be written newest first (LastPass's
     * reporting API pages are): it is read through once more to tell, and to find when it starts.
     */
    private static Planned firstOf(InputFile input, InputLimits limits) {
        List<Instant> times = new ArrayList<>();
        long fingerprint = 0;
        Format format;
        Layout layout = null;
        Instant newestFirstStart = null;
        try (InputReader ahead = InputReader.openHead(input, skipped -> { }, limits)) {
            for (int n = 0; n < PLANNED_EVENTS; n++) {
                Event event = ahead.next();
                if (event == null) {
                    break;
                }
                if (n == 0) {
                    fingerprint = EventOrder.fingerprint(event);
                }
                times.add(event.time());
            }
            format = ahead.format();
            layout = ahead.layout();
            if (ahead.status() == InputReader.Status.DIRECTORY) {
                return new Planned(input, null, 0, null, null, false, Directory.read(input, limits), null);
            }
            // ties are neutral: times written to the second repeat within a busy second
            if (times.size() == PLANNED_EVENTS && !times.get(0).isBefore(times.get(1)) && !times.get(1).isBefore(times.get(2))
                    && times.get(0).isAfter(times.get(2))) {
                newestFirstStart = NewestFirst.start(times, ahead);
            }
        } catch (IOException | UncheckedIOException unreadable) {
            times.clear();
            format = null;
        }
        if (times.isEmpty()) {
            return new Planned(input, null, 0, null, null, false, null, null);
        }
        return newestFirstStart != null ? new Planned(input, newestFirstStart, fingerprint, null, format, true, null, layout)
                : new Planned(input, start(times), fingerprint, null, format, false, null, layout);
    }

    /** The earliest of a file's first times that lies within a day of their median: when the file starts. */
    private static Instant start(List<Instant> times) {
        List<Instant> sorted = new ArrayList<>(times);
        sorted.sort(null);
        Instant median = sorted.get((sorted.size() - 1) / 2);
        return sorted.stream().filter(t -> Math.abs(t.getEpochSecond() - median.getEpochSecond()) <= STRAY_SECONDS).findFirst()
                .orElse(median);
    }

    /**
     * A file in the plan: only the start time and fingerprint of its first events, and the format
     * it was recognised as, are kept until it is opened.
     */
    private record Planned(InputFile input, Instant time, long fingerprint, Open opened, Format format, boolean newestFirst,
                           Directory.Listing directory, Layout layout) {
    }

    /** What the merge orders: an open file by its next event, or a stray by its own. */
    private sealed interface Head permits Open, Stray {
        EventOrder.Keyed head();
    }

    private record Stray(EventOrder.Keyed head) implements Head {
    }

    private static final class Open implements Head {
        final InputReader reader;
        final Deque<Event> ahead = new ArrayDeque<>(Recent.AHEAD + PLANNED_EVENTS);
        final Recent recent = new Recent();
        EventOrder.Keyed head;
        /** A file written newest first, read whole and served oldest first; null for the others. */
        private Deque<Event> oldestFirst;

        Open(InputReader reader) {
            this.reader = reader;
        }

        /** Reads a newest-first file whole (up to {@link NewestFirst#MAX_EVENTS}) to serve it oldest first. */
        void readOldestFirst() {
            oldestFirst = NewestFirst.reversed(reader);
        }

        Event next() {
            if (oldestFirst != null && !oldestFirst.isEmpty()) {
                return oldestFirst.pollLast();
            }
            return reader.next();
        }

        @Override
        public EventOrder.Keyed head() {
            return head;
        }
    }

    /**
     * A file's recent times, to judge the next one by: a running median over the two times the
     * file last moved on with, the time itself and the two read ahead of it. A time more than a day
     * from that median is a stray. A gap in the logs is no stray (the times after it agree with
     * it); one record, or two in a row, with a wrong clock are.
     */
    static final class Recent {
        static final int AHEAD = 2;
        private static final int KEPT = 2;

        private final long[] kept = new long[KEPT];
        private int keptCount;

        boolean stray(Instant time, Deque<Event> ahead) {
            long at = time.getEpochSecond();
            long[] window = new long[keptCount + 1 + ahead.size()];
            System.arraycopy(kept, 0, window, 0, keptCount);
            int n = keptCount;
            window[n++] = at;
            for (Event next : ahead) {
                window[n++] = next.time().getEpochSecond();
            }
            Arrays.sort(window);
            if (Math.abs(at - window[(window.length - 1) / 2]) > STRAY_SECONDS) {
                return true;
            }
            if (keptCount == KEPT) {
                kept[0] = kept[1];
                kept[1] = at;
            } else {
                kept[keptCount++] = at;
            }
            return false;
        }
    }
}
