import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Writes a large CloudTrail corpus for memory and throughput runs: delivered-file shape
 * ({"Records":[...]}), records unordered within each 5-minute delivery, a workforce of role
 * sessions, instance profiles and CI keys. Deterministic for a seed.
 *
 * <pre>
 * java bench/GenerateCloudTrail.java OUT_DIR TOTAL_MB [FILES] [SEED]
 * java bench/GenerateCloudTrail.java /tmp/ct-1g 1024 8 7
 * </pre>
 */
public final class GenerateCloudTrail {
    private static final String ACCOUNT = "482910376154";
    private static final String[][] CALLS = {
        {"ec2.amazonaws.com", "DescribeInstances", "true"}, {"s3.amazonaws.com", "ListBuckets", "true"},
        {"sts.amazonaws.com", "GetCallerIdentity", "true"}, {"ssm.amazonaws.com", "GetParameter", "true"},
        {"logs.amazonaws.com", "PutLogEvents", "false"}, {"kms.amazonaws.com", "Decrypt", "true"},
        {"dynamodb.amazonaws.com", "DescribeTable", "true"}, {"iam.amazonaws.com", "ListRoles", "true"},
        {"lambda.amazonaws.com", "ListFunctions20150331", "true"}, {"ecr.amazonaws.com", "GetAuthorizationToken", "true"},
    };
    private static final String[] AGENTS = {
        "aws-cli/2.34.9 md/awscrt#0.29.2 ua/2.1 os/macos#26.1.0 md/arch#arm64 lang/python#3.13.9 md/pyimpl#CPython cfg/retry-mode#standard",
        "Boto3/1.44.12 md/Botocore#1.44.12 ua/2.1 os/linux#6.1.155-176.282.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.11 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.44.12",
        "aws-sdk-go-v2/1.39.2 ua/2.1 os/linux lang/go#1.25.3 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.258.1 m/E",
        "aws-sdk-java/2.36.1 md/io#sync md/http#Apache ua/2.1 os/Linux#6.1.155 lang/java#21.0.9 md/OpenJDK_64-Bit_Server_VM#21.0.9+10-LTS",
    };

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java bench/GenerateCloudTrail.java OUT_DIR TOTAL_MB [FILES] [SEED]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long totalBytes = Long.parseLong(args[1]) << 20;
        int files = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 7;
        Files.createDirectories(out);
        SplittableRandom random = new SplittableRandom(seed);
        Instant start = Instant.parse("2026-11-02T00:00:00Z");
        long perFile = totalBytes / files;
        long records = 0;
        for (int f = 0; f < files; f++) {
            Path file = out.resolve(String.format(Locale.ROOT, "%s_CloudTrail_us-east-1_part%02d.json", ACCOUNT, f));
            try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 20)) {
                w.write("{\"Records\":[");
                long written = 12;
                Instant clock = start;
                boolean first = true;
                while (written < perFile) {
                    List<String> delivery = new ArrayList<>();
                    for (int i = 0; i < 400; i++) {
                        delivery.add(record(random, clock.plusMillis(random.nextLong(300_000))));
                    }
                    for (int i = delivery.size() - 1; i > 0; i--) {
                        int j = random.nextInt(i + 1);
                        String t = delivery.get(i);
                        delivery.set(i, delivery.get(j));
                        delivery.set(j, t);
                    }
                    for (String record : delivery) {
                        if (!first) {
                            w.write(',');
                        }
                        first = false;
                        w.write(record);
                        written += record.length() + 1;
                        records++;
                    }
                    clock = clock.plus(5, ChronoUnit.MINUTES);
                }
                w.write("]}\n");
            }
            System.err.printf(Locale.ROOT, "wrote %s (%d MB)%n", file, Files.size(file) >> 20);
        }
        System.err.printf(Locale.ROOT, "%d records in %d files under %s%n", records, files, out);
    }

    private static String record(SplittableRandom random, Instant time) {
        int worker = random.nextInt(2000);
        long hour = time.getEpochSecond() / 3600;
        String session = "i-0" + Long.toHexString(0x4a7c3e91f4b2d80L + worker);
        String key = String.format(Locale.ROOT, "ASIAXA35TSDN%08X", (int) ((worker * 7919L + hour) & 0x7fffffff)).substring(0, 20);
        String[] call = CALLS[random.nextInt(CALLS.length)];
        String ip = "3." + (80 + worker % 120) + "." + (worker / 120 % 250) + "." + (10 + worker % 200);
        String agent = AGENTS[worker % AGENTS.length];
        String role = "tidewater-worker-" + (worker % 40);
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROAXA35TSDNQ2LWVZ3M:" + session
                + "\",\"arn\":\"arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/" + session + "\",\"accountId\":\"" + ACCOUNT
                + "\",\"accessKeyId\":\"" + key + "\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAXA35TSDNQ2LWVZ3M\",\"arn\":\"arn:aws:iam::"
                + ACCOUNT + ":role/" + role + "\",\"accountId\":\"" + ACCOUNT + "\",\"userName\":\"" + role
                + "\"},\"attributes\":{\"creationDate\":\"" + Instant.ofEpochSecond(hour * 3600) + "\",\"mfaAuthenticated\":\"false\"},\"ec2RoleDelivery\":\"2.0\"}},"
                + "\"eventTime\":\"" + time.truncatedTo(ChronoUnit.SECONDS) + "\",\"eventSource\":\"" + call[0] + "\",\"eventName\":\"" + call[1]
                + "\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"" + agent
                + "\",\"requestParameters\":{\"maxResults\":1000,\"filterSet\":{\"items\":[{\"name\":\"tag:team\",\"valueSet\":{\"items\":[{\"value\":\"data-platform\"}]}}]}},"
                + "\"responseElements\":null,\"requestID\":\"" + new UUID(random.nextLong(), random.nextLong())
                + "\",\"eventID\":\"" + new UUID(random.nextLong(), random.nextLong()) + "\",\"readOnly\":" + call[2]
                + ",\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"" + ACCOUNT
                + "\",\"eventCategory\":\"Management\",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\""
                + call[0].replace(".amazonaws.com", ".us-east-1.amazonaws.com") + "\"}}";
    }
}
