import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Scales the bundled samples to a large corpus for end-to-end runs: the three days of samples/ are
 * repeated COPIES times, each copy shifted three days later (every timestamp moved, record and
 * session ids made unique per copy), keeping the files' formats and framings.
 *
 * <pre>
 * java bench/ScaleSamples.java samples /tmp/samples-1m 1900     # about 1,000,000 events
 * </pre>
 */
public final class ScaleSamples {
    private static final Pattern TIMESTAMP = Pattern.compile("(20\\d\\d-\\d\\d-\\d\\d)([T ])(\\d\\d:\\d\\d:\\d\\d)");
    private static final Pattern IDS = Pattern.compile("\"(eventID|uuid|id|sessionId|externalSessionId|rootSessionId|"
            + "uniqueTokenIdentifier|accessKeyId|requestID|correlationId)\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java bench/ScaleSamples.java SAMPLES_DIR OUT_DIR COPIES");
            System.exit(2);
        }
        Path samples = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int copies = Integer.parseInt(args[2]);
        List<Path> files;
        try (Stream<Path> tree = Files.walk(samples)) {
            files = tree.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".md")).sorted().toList();
        }
        for (Path file : files) {
            boolean gzip = file.toString().endsWith(".gz");
            String text;
            try (InputStream in = gzip ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Path relative = samples.relativize(file);
            for (int copy = 0; copy < copies; copy++) {
                String name = relative.toString().replace('/', '_');
                Path target = out.resolve(String.format(Locale.ROOT, "copy%04d", copy)).resolve(name);
                Files.createDirectories(target.getParent());
                try (Writer w = new BufferedWriter(new OutputStreamWriter(gzip ? new GZIPOutputStream(Files.newOutputStream(target))
                        : Files.newOutputStream(target), StandardCharsets.UTF_8), 1 << 16)) {
                    w.write(shift(text, copy));
                }
            }
        }
        System.err.printf(Locale.ROOT, "%d copies of %d files under %s%n", copies, files.size(), out);
    }

    private static String shift(String text, int copy) {
        if (copy == 0) {
            return text;
        }
        Matcher ids = IDS.matcher(text);
        StringBuilder renamed = new StringBuilder(text.length() + 1024);
        while (ids.find()) {
            ids.appendReplacement(renamed, Matcher.quoteReplacement("\"" + ids.group(1) + "\":\"" + ids.group(2) + "-" + copy + "\""));
        }
        ids.appendTail(renamed);
        Matcher times = TIMESTAMP.matcher(renamed);
        StringBuilder shifted = new StringBuilder(renamed.length());
        while (times.find()) {
            LocalDate date = LocalDate.parse(times.group(1)).plusDays(3L * copy);
            times.appendReplacement(shifted, date + times.group(2) + times.group(3));
        }
        times.appendTail(shifted);
        return shifted.toString();
    }
}
