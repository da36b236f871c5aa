package dev.tokenward.bench;

import dev.tokenward.event.Event;
import dev.tokenward.source.Format;
import dev.tokenward.source.InputFile;
import dev.tokenward.source.InputReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Each reader over 8 MB of its format's sample records as JSON lines: one operation reads them all,
 * so the score times 8 MB is the reader's MB/s; records/s is printed at setup.
 *
 * <pre>
 * ./mvnw -q -B package -DskipTests
 * java -jar bench/target/benchmarks.jar ParserBenchmark -f 1 -wi 2 -w 2 -i 3 -r 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ParserBenchmark {
    static final int SIZE = 8 << 20;

    @Param({"cloudtrail", "okta", "entra"})
    public String format;

    private byte[] corpus;

    @Setup(Level.Trial)
    public void setUp() {
        corpus = Corpus.jsonLines(Format.byId(format).orElseThrow(), SIZE);
        System.err.printf(java.util.Locale.ROOT, "%n%s: %,d records in %,d bytes (%d bytes a record)%n", format,
                Corpus.lines(corpus), corpus.length, corpus.length / Corpus.lines(corpus));
    }

    @Benchmark
    public void readAll(Blackhole sink) throws IOException {
        try (InputReader reader = InputReader.open(InputFile.ofBytes(format, corpus), q -> {
            throw new IllegalStateException(q.reason());
        })) {
            for (Event e = reader.next(); e != null; e = reader.next()) {
                sink.consume(e);
            }
        }
    }
}
