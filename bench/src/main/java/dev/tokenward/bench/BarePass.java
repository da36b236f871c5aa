package dev.tokenward.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The practical ceiling of a JVM JSON pipeline: a Jackson streaming pass that reads every token of
 * the same files detect reads (decompressing gzip, decoding every name and string), and nothing
 * else. It passes twice in one JVM: the first cold (class loading, the JIT compiling as it goes, the
 * files perhaps not yet in the page cache), the second warmed. Prints a line for each:
 * {@code bare-pass cold files=N bytes=N tokens=N seconds=S mb_per_s=X}, then {@code bare-pass warm ...}.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.tokenward.bench.BarePass DIR...
 * </pre>
 */
public final class BarePass {
    private BarePass() {
    }

    public static void main(String[] args) throws IOException {
        pass("cold", args);
        pass("warm", args);
    }

    private static void pass(String which, String[] args) throws IOException {
        JsonFactory json = new JsonFactory();
        long bytes = 0;
        long tokens = 0;
        int files = 0;
        long started = System.nanoTime();
        for (String arg : args) {
            List<Path> paths;
            try (Stream<Path> tree = Files.walk(Path.of(arg))) {
                paths = tree.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".md")).sorted().toList();
            }
            for (Path path : paths) {
                files++;
                bytes += Files.size(path);
                try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
                     InputStream in = path.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                     JsonParser parser = json.createParser(in)) {
                    for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                        tokens++;
                        if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
                            parser.getText();
                        }
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "bare-pass %s files=%d bytes=%d tokens=%d seconds=%.2f mb_per_s=%.1f%n", which, files, bytes,
                tokens, seconds, bytes / 1e6 / seconds);
    }
}
