package dev.tokenward.bench;

import dev.tokenward.enrich.ClientClassifier;
import dev.tokenward.enrich.Enricher;
import dev.tokenward.enrich.EnrichmentSettings;
import dev.tokenward.enrich.GeoData;
import dev.tokenward.event.IpAddress;
import dev.tokenward.event.Network;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Enrichment lookups per second: addresses and user agents, each cold (every one new, so every
 * lookup goes to the MMDB, the ASN table or the user-agent parser) and repeated (a working set
 * that fits the caches, as real logs do). Uses the geo data of $TOKENWARD_GEO_DIR or the default
 * directory; run {@code tokenward geo update} first.
 *
 * <pre>
 * ./mvnw -q -B package -DskipTests
 * java -jar bench/target/benchmarks.jar EnrichmentBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class EnrichmentBenchmark {
    private static final String[] BROWSERS = {
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36 Edg/%d.0.3889.51",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%d.1 Mobile/15E148 Safari/604.1",
        "aws-cli/2.%d.9 md/awscrt#0.29.2 ua/2.1 os/macos#26.1.0 md/arch#arm64 lang/python#3.13.9 md/pyimpl#CPython",
        "Boto3/1.%d.12 md/Botocore#1.44.12 ua/2.1 os/linux#6.1.155-176.282.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.11",
    };

    private Enricher enricher;
    private ClientClassifier classifier;
    private IpAddress[] repeatedIps;
    private String[] repeatedAgents;
    private SplittableRandom random;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        enricher = EnrichmentSettings.DEFAULTS.build();
        classifier = ClientClassifier.withYauaa();
        classifier.classify(BROWSERS[0]);
        random = new SplittableRandom(7);
        repeatedIps = new IpAddress[2_000];
        for (int i = 0; i < repeatedIps.length; i++) {
            repeatedIps[i] = randomPublicIp();
        }
        repeatedAgents = new String[500];
        for (int i = 0; i < repeatedAgents.length; i++) {
            repeatedAgents[i] = agent(i);
        }
        if (!enricher.geo().hasPlaces()) {
            System.err.println("no geo data in " + GeoData.defaultDirectory() + ": address lookups measure the classifier alone");
        }
    }

    @Benchmark
    public Network ipCold() {
        return enricher.lookup(randomPublicIp());
    }

    @Benchmark
    public Network ipRepeated() {
        return enricher.lookup(repeatedIps[next++ % repeatedIps.length]);
    }

    @Benchmark
    public Object userAgentCold() {
        return classifier.classify(agent(random.nextInt(1_000_000)));
    }

    @Benchmark
    public Object userAgentRepeated() {
        return enricher.agent(repeatedAgents[next++ % repeatedAgents.length]);
    }

    private IpAddress randomPublicIp() {
        long a = 1 + random.nextInt(223);
        while (a == 10 || a == 127 || a == 100 || a == 172 || a == 192 || a == 169) {
            a = 1 + random.nextInt(223);
        }
        return IpAddress.of(a + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254)));
    }

    private static String agent(int i) {
        String template = BROWSERS[i % BROWSERS.length];
        int version = 100 + i / BROWSERS.length;
        return String.format(java.util.Locale.ROOT, template, version, version);
    }
}
