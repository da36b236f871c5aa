import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an input for the memory bounds that fills texts rather than principals: IAM users each
 * making 2,000 S3 GetObject calls in the same ten minutes, every object key 4,000 characters long
 * (within the 4,096-character limit on a kept text), one CloudTrail delivery ({"Records":[...]},
 * gzip) per user. Every user's call window fills, and tens of thousands of these records fall
 * within one lateness. Deterministic.
 *
 * <pre>
 * java bench/GenerateLongTexts.java OUT_DIR USERS
 * java bench/GenerateLongTexts.java /tmp/long-texts 80
 * </pre>
 */
public final class GenerateLongTexts {
    private static final String ACCOUNT = "482910376154";
    private static final int CALLS = 2000;
    private static final String AGENT = "[aws-cli/2.22.35 md/awscrt#0.23.4 ua/2.1 os/linux#6.8.0-1019-aws md/arch#x86_64 "
            + "lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/command#s3.cp]";
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private GenerateLongTexts() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java bench/GenerateLongTexts.java OUT_DIR USERS");
            System.exit(2);
        }
        Path out = Files.createDirectories(Path.of(args[0]));
        int users = Integer.parseInt(args[1]);
        Instant start = Instant.parse("2026-11-18T09:00:00Z");
        String padding = "a".repeat(3926);
        java.util.Random random = new java.util.Random(7);
        for (int u = 0; u < users; u++) {
            String user = String.format(Locale.ROOT, "svc-export-%04d", u);
            String key = "AKIA" + base32(u * 7919L + 17, 16);
            Path file = out.resolve(String.format(Locale.ROOT, "%s_CloudTrail_us-east-1_20261118T0900Z_%04d.json.gz", ACCOUNT, u));
            try (Writer writer = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16),
                    StandardCharsets.UTF_8), 1 << 16)) {
                writer.write("{\"Records\":[");
                for (int i = 0; i < CALLS; i++) {
                    Instant time = start.plusMillis(i * 250L).truncatedTo(ChronoUnit.SECONDS);
                    // 64 random characters in each key keep gzip under the 200:1 ratio a compression bomb is taken for
                    String object = String.format(Locale.ROOT, "exports/%04d/%s%016x%016x%016x%016x", i, padding, random.nextLong(),
                            random.nextLong(), random.nextLong(), random.nextLong());
                    long n = (long) u * CALLS + i;
                    writer.write(String.format(Locale.ROOT, "%s{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"IAMUser\","
                            + "\"principalId\":\"AIDA%s\",\"arn\":\"arn:aws:iam::%s:user/%s\",\"accountId\":\"%s\","
                            + "\"accessKeyId\":\"%s\",\"userName\":\"%s\"},\"eventTime\":\"%s\",\"eventSource\":\"s3.amazonaws.com\","
                            + "\"eventName\":\"GetObject\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"52.94.133.%d\","
                            + "\"userAgent\":\"%s\",\"requestParameters\":{\"bucketName\":\"tidewater-finance-exports\","
                            + "\"Host\":\"tidewater-finance-exports.s3.us-east-1.amazonaws.com\",\"key\":\"%s\"},\"responseElements\":null,"
                            + "\"additionalEventData\":{\"bytesTransferredIn\":0,\"bytesTransferredOut\":48213},"
                            + "\"requestID\":\"%s\",\"eventID\":\"%s\",\"readOnly\":true,\"resources\":[{\"type\":\"AWS::S3::Object\","
                            + "\"ARN\":\"arn:aws:s3:::tidewater-finance-exports/%s\"},{\"accountId\":\"%s\",\"type\":\"AWS::S3::Bucket\","
                            + "\"ARN\":\"arn:aws:s3:::tidewater-finance-exports\"}],\"eventType\":\"AwsApiCall\",\"managementEvent\":false,"
                            + "\"recipientAccountId\":\"%s\",\"eventCategory\":\"Data\"}",
                            i == 0 ? "" : ",", key.substring(4), ACCOUNT, user, ACCOUNT, key, user, time, u % 250 + 1, AGENT, object,
                            base32(n * 31 + 7, 16), String.format(Locale.ROOT, "5e1f7a00-0000-4000-8000-%012x", n), object, ACCOUNT,
                            ACCOUNT));
                }
                writer.write("]}");
            }
        }
        System.err.printf(Locale.ROOT, "%,d records in %s%n", (long) users * CALLS, out);
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
