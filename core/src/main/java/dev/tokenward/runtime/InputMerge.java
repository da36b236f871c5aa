package dev.tokenward.runtime;

import dev.tokenward.event.Event;
import dev.tokenward.source.InputFile;
import dev.tokenward.source.InputReader;
import dev.tokenward.source.Quarantined;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Reads many inputs as one stream in (near) event-time order, with memory bounded by how much the
 * inputs overlap in time rather than by their size.
 *
 * <p>Plan: the first event of every file is read ahead, and files are ordered by it (then by its
 * content, never by name). Merge: a file is opened only when the merge reaches its first event;
 * open files are merged by their next event. Records out of order inside a file (CloudTrail files
 * are unordered) are put in order downstream by the {@link ReorderBuffer}.
 */
public final class InputMerge {
    private final List<InputFile> inputs;
    private final Consumer<Quarantined> quarantine;
    private final RunStats stats;
    private final dev.tokenward.source.InputLimits limits;
    private long bytesOfClosedFiles;
    private final List<Open> open = new ArrayList<>();

    public InputMerge(List<InputFile> inputs, Consumer<Quarantined> quarantine, RunStats stats,
                      dev.tokenward.source.InputLimits limits) {
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
        PriorityQueue<Open> heads = new PriorityQueue<>((a, b) -> a.head.compareTo(b.head));
        while (!pending.isEmpty() || !heads.isEmpty()) {
            Planned next = pending.peek();
            if (next != null && (heads.isEmpty() || !next.firstTime.isAfter(heads.peek().head.event().time()))) {
                pending.poll();
                Open file = next.opened != null ? next.opened : openFile(next.input, next.format);
                if (file != null) {
                    heads.add(file);
                }
                continue;
            }
            Open file = heads.poll();
            downstream.accept(file.head.event());
            Event following = file.reader.next();
            if (following == null) {
                close(file);
            } else {
                file.head = EventOrder.Keyed.of(following);
                heads.add(file);
            }
        }
    }

    private Open openFile(InputFile input, dev.tokenward.source.Format format) {
        InputReader reader = InputReader.open(input, quarantine, format, limits);
        Event first = reader.next();
        Open file = new Open(reader, first == null ? null : EventOrder.Keyed.of(first));
        open.add(file);
        if (first == null) {
            close(file);
            return null;
        }
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
     * Reads the first event of every file, files in parallel (each read is independent and the
     * detecting side has nothing to do yet), then orders them.
     */
    private List<Planned> plan() {
        List<Planned> ahead = inputs.parallelStream().map(input -> input.reopenable() ? firstOf(input, limits) : null).toList();
        List<Planned> planned = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            InputFile input = inputs.get(i);
            if (input.reopenable()) {
                planned.add(ahead.get(i));
            } else {
                InputReader reader = InputReader.open(input, quarantine, null, limits);
                Event first = reader.next();
                if (first == null) {
                    stats.fileRead(reader);
                } else {
                    Open stream = new Open(reader, EventOrder.Keyed.of(first));
                    open.add(stream);
                    planned.add(new Planned(input, first.time(), stream.head.fingerprint(), stream, null));
                }
            }
        }
        planned.sort(Comparator.comparing((Planned p) -> p.firstTime == null ? Instant.MIN : p.firstTime)
                .thenComparingLong(Planned::fingerprint)
                .thenComparing(p -> p.input.name()));
        List<Planned> withFirst = new ArrayList<>();
        for (Planned p : planned) {
            if (p.firstTime == null) {
                Open file = openFile(p.input, null);
                if (file != null) {
                    withFirst.add(new Planned(p.input, file.head.event().time(), file.head.fingerprint(), file, null));
                }
            } else {
                withFirst.add(p);
            }
        }
        return withFirst;
    }

    /** A file's first event, read ahead and forgotten: problems are reported when the file is read for real. */
    private static Planned firstOf(InputFile input, dev.tokenward.source.InputLimits limits) {
        Event first;
        dev.tokenward.source.Format format;
        try (InputReader ahead = InputReader.openHead(input, skipped -> { }, limits)) {
            first = ahead.next();
            format = ahead.format();
        } catch (IOException | UncheckedIOException unreadable) {
            first = null;
            format = null;
        }
        return first == null ? new Planned(input, null, 0, null, null)
                : new Planned(input, first.time(), EventOrder.fingerprint(first), null, format);
    }

    /**
     * A file in the plan: only the time and fingerprint of its first event, and the format it was
     * recognised as, are kept until it is opened.
     */
    private record Planned(InputFile input, Instant firstTime, long fingerprint, Open opened, dev.tokenward.source.Format format) {
    }

    private static final class Open {
        final InputReader reader;
        EventOrder.Keyed head;

        Open(InputReader reader, EventOrder.Keyed head) {
            this.reader = reader;
            this.head = head;
        }
    }
}
