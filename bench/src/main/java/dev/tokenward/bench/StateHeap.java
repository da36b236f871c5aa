package dev.tokenward.bench;

import dev.tokenward.config.Config;
import dev.tokenward.enrich.Enricher;
import dev.tokenward.runtime.Detection;
import dev.tokenward.runtime.Engine;
import dev.tokenward.runtime.Pipeline;
import dev.tokenward.source.InputFile;

import org.openjdk.jol.info.GraphLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What detection holds in the heap once it has read a corpus: runs every analytic over the
 * directory, with the default configuration (or {@code --config FILE}), and at the end of the input,
 * before the remaining timers fire, walks each holder's object graph with JOL and prints its bytes
 * and objects; objects two holders share are counted in each. Then the state of the analytics, the
 * profiles and the lineages together, shared objects counted once, over the principals and the
 * credentials: the heap's side of {@code detect --stats}.
 *
 * <pre>
 * java -Xmx8g -cp bench/target/benchmarks.jar dev.tokenward.bench.StateHeap DIR [--config FILE] [--classes N]
 * </pre>
 *
 * With {@code --classes N}, each holder's N largest classes follow it (count, bytes, class). Last,
 * the live heap at that moment (the JVM's class histogram, after a full collection) against every
 * holder together: what the holders do not account for, and with {@code --classes N} its largest
 * classes.
 *
 * Needs several times the heap a detect run of the same corpus needs (JOL keeps every object it
 * has visited), and takes minutes on millions of events.
 */
public final class StateHeap {
    private static int classes;

    private StateHeap() {
    }

    public static void main(String[] args) throws Exception {
        Path configFile = null;
        for (int i = 1; i < args.length; i += 2) {
            if (i + 1 < args.length && args[i].equals("--config")) {
                configFile = Path.of(args[i + 1]);
            } else if (i + 1 < args.length && args[i].equals("--classes")) {
                classes = Integer.parseInt(args[i + 1]);
            } else {
                args = new String[0];
            }
        }
        if (args.length == 0) {
            System.err.println("usage: StateHeap DIR [--config FILE] [--classes N]");
            System.exit(2);
        }
        // JOL reads fields of the JDK's hidden classes (lambdas) by this route on JDK 17 and later.
        System.setProperty("jol.magicFieldOffset", "true");
        Config config = configFile != null ? Config.load(configFile) : Config.defaults();
        List<InputFile> inputs = new ArrayList<>();
        try (Stream<Path> tree = Files.walk(Path.of(args[0]))) {
            tree.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md")).sorted()
                    .forEach(p -> inputs.add(InputFile.of(p)));
        }
        long[] alerts = {0};
        try (Enricher enricher = config.enrichment().build()) {
            var stats = Detection.run(inputs, List.of(), config, enricher, alert -> alerts[0]++, incident -> { },
                    quarantined -> { }, Detection.Progress.NONE, StateHeap::measure);
            System.out.printf(Locale.ROOT, "%,d events, %,d alerts%n", stats.events(), alerts[0]);
        }
    }

    private static void measure(Pipeline pipeline) {
        Map<String, Object> holders = pipeline.holders();
        Map<String, long[]> live = liveHistogram();
        System.out.printf(Locale.ROOT, "%-36s %9s %15s %12s %10s%n", "holder", "entries", "bytes", "objects", "bytes/entry");
        List<Object> state = new ArrayList<>();
        for (Map.Entry<String, Object> holder : holders.entrySet()) {
            Object held = holder.getValue();
            GraphLayout graph = GraphLayout.parseInstance(held);
            int entries = held instanceof Collection<?> c ? c.size() : held instanceof Map<?, ?> m ? m.size() : 0;
            System.out.printf(Locale.ROOT, "%-36s %,9d %,15d %,12d %,10d%n", holder.getKey(), entries, graph.totalSize(),
                    graph.totalCount(), entries == 0 ? 0 : graph.totalSize() / entries);
            if (classes > 0) {
                graph.getClasses().stream()
                        .sorted(java.util.Comparator.comparingLong((Class<?> type) -> graph.getClassSizes().count(type)).reversed())
                        .limit(classes)
                        .forEach(type -> System.out.printf(Locale.ROOT, "    %,12d %,15d  %s%n", graph.getClassCounts().count(type),
                                graph.getClassSizes().count(type), type.getName()));
            }
            if (held instanceof Collection<?> states) {
                state.addAll(states);
            } else if (holder.getKey().equals(Engine.PROFILES) || holder.getKey().equals(Engine.LINEAGE)) {
                state.addAll(((Map<?, ?>) held).values());
            }
        }
        int principals = ((Map<?, ?>) holders.get(Engine.PROFILES)).size();
        int credentials = ((Map<?, ?>) holders.get(Engine.LINEAGE)).size();
        long bytes = GraphLayout.parseInstance(state.toArray()).totalSize();
        System.out.printf(Locale.ROOT, "analytics, profiles and lineages together: %,d bytes for %,d principals and %,d credentials%n",
                bytes, principals, credentials);
        rest(live, GraphLayout.parseInstance(holders.values().toArray()));
    }

    /**
     * What the holders do not account for: the live heap (a class histogram after a full
     * collection, taken before JOL's walk) less every holder together, shared objects counted once;
     * with {@code --classes N}, the N classes with the most bytes unaccounted.
     */
    private static void rest(Map<String, long[]> live, GraphLayout held) {
        long liveBytes = live.values().stream().mapToLong(c -> c[1]).sum();
        System.out.printf(Locale.ROOT, "live heap after a full collection %,d bytes; every holder together %,d; the rest %,d%n",
                liveBytes, held.totalSize(), liveBytes - held.totalSize());
        Map<String, long[]> rest = new java.util.HashMap<>();
        live.forEach((type, counts) -> rest.put(type, counts.clone()));
        for (Class<?> type : held.getClasses()) {
            long[] counts = rest.computeIfAbsent(type.getName(), t -> new long[2]);
            counts[0] -= held.getClassCounts().count(type);
            counts[1] -= held.getClassSizes().count(type);
        }
        rest.entrySet().stream().sorted(java.util.Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
                .limit(classes).forEach(e -> System.out.printf(Locale.ROOT, "    %,12d %,15d  %s%n", e.getValue()[0], e.getValue()[1],
                        e.getKey()));
    }

    /** The JVM's class histogram of live objects (it collects first): class name to instances and bytes. */
    private static Map<String, long[]> liveHistogram() {
        String histogram;
        try {
            histogram = (String) java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (javax.management.JMException e) {
            throw new IllegalStateException("no class histogram from this JVM", e);
        }
        Map<String, long[]> classes = new java.util.HashMap<>();
        for (String line : histogram.split("\\R")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && columns[0].endsWith(":")) {
                classes.merge(columns[3], new long[] {Long.parseLong(columns[1]), Long.parseLong(columns[2])},
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        return classes;
    }
}
