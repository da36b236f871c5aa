import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a flood for the memory bounds: CloudTrail records (JSON lines, gzip, 250,000 a file) each
 * made by a new role session with a new temporary key, as a credential-stuffing tool or a
 * misbehaving job that assumes a role for every call would produce. Every record is a new
 * principal and a new credential to the analytics; nothing repeats but the role, a pool of 1,000
 * addresses and the API calls. Deterministic.
 *
 * <pre>
 * java bench/GenerateFlood.java OUT_DIR EVENTS [HOURS]
 * java bench/GenerateFlood.java /tmp/flood 5000000 48
 * </pre>
 */
public final class GenerateFlood {
    private static final String ACCOUNT = "482910376154";
    private static final int PER_FILE = 250_000;
    private static final String[][] CALLS = {
        {"s3.amazonaws.com", "GetObject"}, {"sts.amazonaws.com", "GetCallerIdentity"}, {"ec2.amazonaws.com", "DescribeInstances"},
        {"secretsmanager.amazonaws.com", "ListSecrets"}, {"iam.amazonaws.com", "ListUsers"},
    };
    private static final String AGENT = "aws-cli/2.22.4 md/awscrt#0.23.4 ua/2.0 os/linux#6.1.112 md/arch#x86_64 lang/python#3.12.7 "
            + "md/pyimpl#CPython cfg/retry-mode#standard";
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private GenerateFlood() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java bench/GenerateFlood.java OUT_DIR EVENTS [HOURS]");
            System.exit(2);
        }
        Path out = Files.createDirectories(Path.of(args[0]));
        long events = Long.parseLong(args[1]);
        long hours = args.length > 2 ? Long.parseLong(args[2]) : 48;
        Instant start = Instant.parse("2026-11-16T00:00:00Z");
        long stepNanos = hours * 3_600_000_000_000L / Math.max(1, events);
        Writer writer = null;
        for (long n = 0; n < events; n++) {
            if (n % PER_FILE == 0) {
                if (writer != null) {
                    writer.close();
                }
                Path file = out.resolve(String.format(Locale.ROOT, "flood-%04d.jsonl.gz", n / PER_FILE));
                writer = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16),
                        StandardCharsets.UTF_8), 1 << 16);
            }
            Instant time = start.plusNanos(n * stepNanos);
            String session = "flood-" + Long.toString(n, 36);
            String key = "ASIA" + base32(n, 16);
            String[] call = CALLS[(int) (n % CALLS.length)];
            long address = n * 7919 % 1000;
            writer.write(String.format(Locale.ROOT, "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\","
                    + "\"principalId\":\"AROAXQ4BRJ6GFLOODROLE:%s\",\"arn\":\"arn:aws:sts::%s:assumed-role/flood-role/%s\","
                    + "\"accountId\":\"%s\",\"accessKeyId\":\"%s\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\","
                    + "\"principalId\":\"AROAXQ4BRJ6GFLOODROLE\",\"arn\":\"arn:aws:iam::%s:role/flood-role\",\"accountId\":\"%s\","
                    + "\"userName\":\"flood-role\"},\"attributes\":{\"creationDate\":\"%s\",\"mfaAuthenticated\":\"false\"}}},"
                    + "\"eventTime\":\"%s\",\"eventSource\":\"%s\",\"eventName\":\"%s\",\"awsRegion\":\"us-east-1\","
                    + "\"sourceIPAddress\":\"198.51.%d.%d\",\"userAgent\":\"%s\",\"requestParameters\":null,\"responseElements\":null,"
                    + "\"requestID\":\"%s\",\"eventID\":\"%s\",\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                    + "\"recipientAccountId\":\"%s\",\"eventCategory\":\"Management\"}%n",
                    session, ACCOUNT, session, ACCOUNT, key, ACCOUNT, ACCOUNT, time.minusSeconds(30).toString().replaceAll("\\.\\d+Z", "Z"),
                    time, call[0], call[1], 100 + address / 250, address % 250 + 1, AGENT, base32(n * 31 + 7, 16),
                    String.format(Locale.ROOT, "0f100d00-0000-4000-8000-%012x", n), ACCOUNT));
        }
        if (writer != null) {
            writer.close();
        }
        System.err.printf(Locale.ROOT, "%,d records in %s%n", events, out);
    }

    private static String base32(long value, int length) {
        char[] out = new char[length];
        long v = value;
        for (int i = length - 1; i >= 0; i--) {
            out[i] = BASE32.charAt((int) (v & 31));
            v >>>= 5;
        }
        return new String(out);
    }
}
