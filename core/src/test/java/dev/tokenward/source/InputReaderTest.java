package dev.tokenward.source;

import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Framings, compression and every kind of bad input a reader meets. */
class InputReaderTest {
    private static final String DESCRIBE = """
            {"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAXQ4BRJ6GTQ2LWVZ3M:i-0a7c3e91f4b2d8e65",\
            "arn":"arn:aws:sts::482910376154:assumed-role/reporting-ec2/i-0a7c3e91f4b2d8e65","accountId":"482910376154",\
            "accessKeyId":"ASIAXQ4BRJ6GW7NE3KDP","sessionContext":{"sessionIssuer":{"type":"Role",\
            "principalId":"AROAXQ4BRJ6GTQ2LWVZ3M","arn":"arn:aws:iam::482910376154:role/reporting-ec2",\
            "accountId":"482910376154","userName":"reporting-ec2"},"attributes":{"creationDate":"2026-11-17T14:02:11Z",\
            "mfaAuthenticated":"false"},"ec2RoleDelivery":"2.0"}},"eventTime":"%s","eventSource":"ec2.amazonaws.com",\
            "eventName":"DescribeInstances","awsRegion":"us-east-1","sourceIPAddress":"%s",\
            "userAgent":"Boto3/1.35.60 md/Botocore#1.35.60 ua/2.0 os/linux#6.1.112-124.190.amzn2023.x86_64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.60",\
            "requestParameters":{"instancesSet":{},"filterSet":{}},"responseElements":null,\
            "requestID":"4f1c2a7e-9b3d-4c8e-a1f0-6d2e8b7c5a93","eventID":"%s","readOnly":true,\
            "eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"482910376154","eventCategory":"Management"}""";

    private static String record(String time, String ip, String id) {
        return String.format(java.util.Locale.ROOT, DESCRIBE, time, ip, id);
    }

    private static final String R1 = record("2026-11-17T14:05:02Z", "3.91.204.17", "b6f0d1e2-7a4c-4f0b-9e35-2c1d8a6f7e01");
    private static final String R2 = record("2026-11-17T14:03:40Z", "3.91.204.17", "c2a8e9f1-3b5d-4e7a-8c60-1f9b2d4e6a02");

    private final List<Quarantined> quarantined = new ArrayList<>();

    private List<Event> read(String name, byte[] bytes) {
        List<Event> events = new ArrayList<>();
        try (InputReader reader = InputReader.open(InputFile.ofBytes(name, bytes), quarantined::add)) {
            for (Event e = reader.next(); e != null; e = reader.next()) {
                events.add(e);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return events;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static final String LASTPASS_PAGE = """
            {"status":"OK","next":null,"data":{
             "Event1":{"Time":"2026-11-18 14:21:37","Username":"renee.okafor@harborline-freight.com","IP_Address":"98.46.112.17",\
            "Action":"Open secure note","Data":"Secure Note (VID: 7608813617878138489)"},
             "Event2":"not an event",
             "Event3":{"Time":"18/11/2026 14:20","Username":"renee.okafor@harborline-freight.com","IP_Address":"98.46.112.17",\
            "Action":"Log in","Data":""},
             "Event4":{"Time":"2026-11-18 14:19:58","Username":"renee.okafor@harborline-freight.com","IP_Address":"98.46.112.17",\
            "Action":"Log in","Data":"VID: 4963227935627314198"}}}
            """;

    @Test
    void readsALastPassPageWhoseRecordsAreKeyedByNameAndQuarantinesWhatIsNoEvent() {
        List<Event> events = read("lastpass.json", utf8(LASTPASS_PAGE));
        assertThat(events).extracting(e -> e.time().toString())
                .as("US Eastern by default: 14:21:37 EST is 19:21:37Z")
                .containsExactly("2026-11-18T19:21:37Z", "2026-11-18T19:19:58Z");
        assertThat(quarantined).extracting(Quarantined::reason).containsExactly(
                "a record must be a JSON object, found a string",
                "Time is not a LastPass time (yyyy-MM-dd HH:mm:ss): 18/11/2026 14:20");
    }

    @Test
    void aLastPassPageWhoseFirstMemberIsNoEventLosesOnlyThatMember() {
        List<Event> events = read("lastpass.json", utf8("""
                {"status":"OK","next":null,"data":{"Event1":"not an event",
                 "Event2":{"Time":"2026-02-30 10:00:00","Username":"dana.whitfield@harborline-freight.com","IP_Address":"98.46.112.40",\
                "Action":"Log in","Data":""},
                 "Event3":{"Time":"2026-11-18 14:19:58","Username":"renee.okafor@harborline-freight.com","IP_Address":"98.46.112.17",\
                "Action":"Log in","Data":"VID: 4963227935627314198"}}}
                """));
        assertThat(events).extracting(e -> e.principal().name()).containsExactly("renee.okafor@harborline-freight.com");
        assertThat(quarantined).extracting(Quarantined::reason).containsExactly(
                "a record must be a JSON object, found a string",
                "Time is not a LastPass time (yyyy-MM-dd HH:mm:ss): 2026-02-30 10:00:00");
    }

    /** A LastPass page of three records, the first and second changed by {@code first} and {@code second}. */
    private static byte[] lastPassPage(java.util.function.UnaryOperator<String> first, java.util.function.UnaryOperator<String> second) {
        String record = """
                {"Time":"2026-11-18 14:%02d:37","Username":"renee.okafor@harborline-freight.com","IP_Address":"98.46.112.17",\
                "Action":"Open secure note","Data":"Secure Note (VID: 760881361787813848%d)"}""";
        return utf8("{\"status\":\"OK\",\"next\":null,\"data\":{\"Event1\":" + first.apply(String.format(record, 21, 1))
                + ",\"Event2\":" + second.apply(String.format(record, 22, 2)) + ",\"Event3\":" + String.format(record, 23, 3) + "}}");
    }

    @Test
    void aLastPassPageWhoseFirstRecordOpensWithAStrayByteIsStillReadAsAPage() throws IOException {
        byte[] page = lastPassPage(r -> "~" + r.substring(1), r -> r);
        List<Event> events = read("lastpass.json", page);
        assertThat(events).extracting(e -> e.time().toString()).containsExactly("2026-11-18T19:22:37Z", "2026-11-18T19:23:37Z");
        assertThat(quarantined).singleElement().satisfies(q -> {
            assertThat(q.reason()).isEqualTo("a record must be a JSON object, found '~'");
            assertThat(q.excerpt()).startsWith("~\"Time\":\"2026-11-18 14:21:37\"");
        });
        try (InputReader reader = InputReader.open(InputFile.ofBytes("lastpass.json", page), q -> { }, null, InputLimits.DEFAULTS)) {
            reader.next();
            assertThat(reader.framing()).isEqualTo(Framing.WRAPPED);
        }
    }

    @Test
    void aBraceTooManyClosingALastPassPageEarlyLosesNoRecordAfterIt() {
        List<Event> events = read("lastpass.json", lastPassPage(r -> r, r -> r + "}"));
        assertThat(events).extracting(e -> e.time().toString())
                .containsExactly("2026-11-18T19:21:37Z", "2026-11-18T19:22:37Z", "2026-11-18T19:23:37Z");
        assertThat(quarantined).singleElement().satisfies(q -> {
            assertThat(q.reason()).isEqualTo("unexpected data after the end of the records");
            assertThat(q.excerpt()).isEqualTo("}");
        });
    }

    /**
     * Damage to a LastPass page's first record that the keys' form (Event1, Event2, ...) gets over:
     * what the damage costs is that record, quarantined, and the two after it are read.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("firstRecordDamage")
    void damageToALastPassPagesFirstRecordCostsOnlyThatRecord(String what, java.util.function.UnaryOperator<String> damage, String reason) {
        List<Event> events = read("lastpass.json", lastPassPage(damage, r -> r));
        assertThat(events).as(what + "; " + quarantined).extracting(e -> e.time().toString())
                .containsExactly("2026-11-18T19:22:37Z", "2026-11-18T19:23:37Z");
        assertThat(quarantined).singleElement().satisfies(q -> assertThat(q.reason()).startsWith(reason));
    }

    static Stream<Arguments> firstRecordDamage() {
        return Stream.of(
                Arguments.of("its closing brace lost: the next record became a field of it, and the two parsed",
                        (java.util.function.UnaryOperator<String>) r -> r.substring(0, r.length() - 1), "malformed JSON"),
                Arguments.of("cut short after three bytes", (java.util.function.UnaryOperator<String>) r -> r.substring(0, 3),
                        "truncated record: it ends inside a JSON value"),
                Arguments.of("its first quote lost, before any record of the page was read",
                        (java.util.function.UnaryOperator<String>) r -> "{" + r.substring(2), "malformed JSON"));
    }

    @Test
    void aLastPassTimeIsReadInTheConfiguredZone() throws IOException {
        InputLimits london = new InputLimits(null, null, null, null, null, null, null, null, java.time.ZoneId.of("Europe/London"));
        try (InputReader reader = InputReader.open(InputFile.ofBytes("lastpass.json", utf8(LASTPASS_PAGE)), quarantined::add, null, london)) {
            assertThat(reader.next().time()).hasToString("2026-11-18T14:21:37Z");
        }
    }

    @Test
    void readsCloudTrailDeliveredFilesWhetherCompressedOrNot() throws IOException {
        byte[] file = utf8("{\"Records\":[" + R1 + "," + R2 + "]}");
        assertThat(read("plain.json", file)).extracting(e -> e.origin().recordId())
                .containsExactly("b6f0d1e2-7a4c-4f0b-9e35-2c1d8a6f7e01", "c2a8e9f1-3b5d-4e7a-8c60-1f9b2d4e6a02");
        assertThat(read("no-extension", gzip(file))).hasSize(2);
        assertThat(quarantined).isEmpty();
    }

    @Test
    void readsDeliveredFilesConcatenatedIntoOneStream() throws IOException {
        byte[] one = utf8("{\"Records\":[" + R1 + "]}");
        byte[] two = utf8("{\"Records\":[" + R2 + "]}\n");
        byte[] both = new byte[one.length + two.length];
        System.arraycopy(one, 0, both, 0, one.length);
        System.arraycopy(two, 0, both, one.length, two.length);
        assertThat(read("cat.json", both)).hasSize(2);
        assertThat(read("cat.json.gz", gzip(both))).hasSize(2);
        assertThat(quarantined).isEmpty();
    }

    @Test
    void readsJsonLinesArraysAndPrettyPrintedObjects() {
        assertThat(read("lines.jsonl", utf8(R1 + "\n\n" + R2 + "\r\n"))).hasSize(2);
        assertThat(read("array.json", utf8("[\n" + R1 + ",\n" + R2 + "\n]\n"))).hasSize(2);
        String pretty = "{\n  \"Records\": [\n" + R1 + "\n  ]\n}\n";
        assertThat(read("pretty.json", utf8(pretty))).hasSize(1);
        String concatenated = "{\n" + R1.substring(1) + "\n{\n" + R2.substring(1) + "\n";
        assertThat(read("concatenated.json", utf8(concatenated))).hasSize(2);
        assertThat(quarantined).isEmpty();
    }

    @Test
    void aMalformedLineIsQuarantinedAndTheRestIsRead() {
        List<Event> events = read("lines.jsonl", utf8(R1 + "\n{\"eventVersion\":\"1.09\",\"eventTime\":\n" + R2 + "\n"));
        assertThat(events).hasSize(2);
        assertThat(quarantined).singleElement().satisfies(q -> {
            assertThat(q.file()).isEqualTo("lines.jsonl");
            assertThat(q.line()).isEqualTo(2);
            assertThat(q.reason()).startsWith("truncated record");
            assertThat(q.excerpt()).startsWith("{\"eventVersion\"");
        });
    }

    @Test
    void aDamagedFirstLineLongerThanTheSniffedHeadCostsOnlyItself() {
        String padded = R1.replace("\"eventVersion\"", "\"requestParameters\":{\"filter\":\"" + "x".repeat(6000) + "\"},\"eventVersion\"");
        byte[] first = utf8(padded);
        first[0] = (byte) 0xbb;
        byte[] rest = utf8("\n" + R2 + "\n");
        byte[] file = Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, file, first.length, rest.length);

        assertThat(read("lines.jsonl", file)).hasSize(1);
        assertThat(quarantined).singleElement().satisfies(q -> {
            assertThat(q.line()).isEqualTo(1);
            assertThat(q.reason()).startsWith("malformed JSON at line 1, column 1");
        });
    }

    @Test
    void aTruncatedFileKeepsWhatCameBeforeTheCut() throws IOException {
        StringBuilder many = new StringBuilder("{\"Records\":[" + R1);
        for (int i = 0; i < 300; i++) {
            many.append(',').append(record("2026-11-17T14:05:02Z", "3.91.204.17", String.format(java.util.Locale.ROOT, "b6f0d1e2-7a4c-4f0b-9e35-%012d", i)));
        }
        byte[] whole = gzip(utf8(many.append("]}").toString()));
        List<Event> events = read("cut.json.gz", Arrays.copyOf(whole, whole.length - 30));
        assertThat(events.size()).isBetween(250, 300);
        assertThat(quarantined).singleElement().satisfies(q ->
                assertThat(q.reason()).matches("truncated: .* after \\d+ records; the rest of the file could not be read"));

        quarantined.clear();
        String text = "{\"Records\":[" + R1 + "," + R2.substring(0, 200);
        assertThat(read("cut.json", utf8(text))).hasSize(1);
        assertThat(quarantined).singleElement().satisfies(q -> assertThat(q.reason()).startsWith("truncated"));
    }

    @Test
    void binaryJunkAndOtherFormatsAreQuarantinedWhole() {
        byte[] junk = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
        assertThat(read("logo.png", junk)).isEmpty();
        assertThat(quarantined).singleElement().satisfies(q -> {
            assertThat(q.reason()).startsWith("not JSON: the input begins with byte 0x89");
            assertThat(q.format()).isNull();
        });

        quarantined.clear();
        String suricata = "{\"timestamp\":\"2026-11-23T16:05:02.118204+0000\",\"flow_id\":1419086052447128,\"in_iface\":\"ens5\","
                + "\"event_type\":\"flow\",\"src_ip\":\"10.20.4.17\",\"dest_ip\":\"52.94.236.248\",\"proto\":\"TCP\"}\n";
        assertThat(read("eve.json", utf8(suricata))).isEmpty();
        assertThat(quarantined).singleElement().satisfies(q ->
                assertThat(q.reason()).startsWith("unrecognised format: the first record has fields timestamp, flow_id, in_iface"));

        quarantined.clear();
        assertThat(read("notes.txt", utf8("Incident 4471: tokens rotated at 14:10 UTC\n"))).isEmpty();
        assertThat(quarantined).singleElement().satisfies(q -> assertThat(q.reason()).startsWith("not JSON: the input begins with 'I'"));
    }

    @Test
    void aSquidAccessLogIsReadLineByLineAndALineOfAnotherLayoutIsQuarantined() {
        String log = "1794276963.512    184 10.40.8.23 TCP_TUNNEL/200 5012 CONNECT api.telegram.org:443 - HIER_DIRECT/149.154.167.220 -\n"
                + "Nov 10 02:16:05 proxy01 squid[1187]: WARNING: 3 swap files open\n"
                + "1794277002.205  60311 10.40.12.61 TCP_TUNNEL/200 48211 CONNECT slack.com:443 jkowalski HIER_DIRECT/34.195.110.21 -\n";
        List<Event> events = read("access.log", utf8(log));
        assertThat(events).extracting(e -> e.endpoint().destination().name()).containsExactly("api.telegram.org", "slack.com");
        assertThat(quarantined).singleElement().satisfies(q -> {
            assertThat(q.line()).isEqualTo(2);
            assertThat(q.format()).isEqualTo("proxy");
            assertThat(q.reason()).isEqualTo("not a line of the squid native access log the file began with");
            assertThat(q.excerpt()).startsWith("Nov 10 02:16:05 proxy01");
        });

        quarantined.clear();
        String apache = "10.40.8.23 - - [10/Nov/2026:02:16:03 +0000] \"GET /index.html HTTP/1.1\" 200 5012 \"-\" \"curl/8.7.1\"\n";
        assertThat(read("access_log", utf8(apache))).isEmpty();
        assertThat(quarantined).singleElement().satisfies(q -> assertThat(q.reason()).startsWith("not JSON: the input begins with '1'"));
    }

    @Test
    void aPurviewCsvExportIsReadRowByRowAndARowThatDoesNotFitIsQuarantined() {
        String audit = "{\"\"CreationTime\"\":\"\"2026-11-18T16:41:09\"\",\"\"Id\"\":\"\"7b2e9c41-3d58-4f06-a1e7-9c2d4b8f0e31\"\","
                + "\"\"Operation\"\":\"\"UserLoggedIn\"\",\"\"OrganizationId\"\":\"\"3f6a9b12-7c4d-4e85-a0b1-2d9c8e7f6a54\"\","
                + "\"\"RecordType\"\":15,\"\"ResultStatus\"\":\"\"Success\"\",\"\"UserKey\"\":\"\"b2d7e4a1-6c39-4f85-9a0e-3c1f8d5b7e92\"\","
                + "\"\"UserType\"\":0,\"\"Version\"\":1,\"\"Workload\"\":\"\"AzureActiveDirectory\"\",\"\"ClientIP\"\":\"\"73.239.102.57\"\","
                + "\"\"UserId\"\":\"\"priya.raman@tidewateranalytics.com\"\"}";
        String csv = "\uFEFFRecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames\r\n"
                + "7b2e9c41-3d58-4f06-a1e7-9c2d4b8f0e31,2026-11-18T16:41:09.0000000Z,15,UserLoggedIn,priya.raman@tidewateranalytics.com,\""
                + audit + "\",,\r\n"
                + "9d1f0c52-8e47-4b3a-b6d2-0f5e7a9c1b84,2026-11-18T16:47:52.0000000Z,6,FileDownloaded\r\n"
                + "7b2e9c41-3d58-4f06-a1e7-9c2d4b8f0e32,2026-11-18T16:52:14.0000000Z,15,UserLoggedIn,priya.raman@tidewateranalytics.com,\""
                + audit.replace("16:41:09", "16:52:14").replace("0e31", "0e32") + "\",,\r\n";
        List<Event> events = read("AuditLog_2026-11-18.csv", utf8(csv));
        assertThat(events).extracting(e -> e.time().toString()).containsExactly("2026-11-18T16:41:09Z", "2026-11-18T16:52:14Z");
        assertThat(quarantined).singleElement().satisfies(q -> {
            assertThat(q.line()).isEqualTo(3);
            assertThat(q.format()).isEqualTo("m365");
            assertThat(q.reason()).isEqualTo("a row of 4 columns, where the header has 8");
        });
    }

    private static final String PURVIEW_HEADER =
            "RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames\r\n";

    /** A Purview export's row of a sign-in at {@code time} ("16:41:09"), the record id ending in {@code id} ("0e31"). */
    private static String purviewRow(String time, String id) {
        String recordId = "7b2e9c41-3d58-4f06-a1e7-9c2d4b8f" + id;
        return recordId + ",2026-11-18T" + time + ".0000000Z,15,UserLoggedIn,priya.raman@tidewateranalytics.com,\""
                + "{\"\"CreationTime\"\":\"\"2026-11-18T" + time + "\"\",\"\"Id\"\":\"\"" + recordId + "\"\","
                + "\"\"Operation\"\":\"\"UserLoggedIn\"\",\"\"OrganizationId\"\":\"\"3f6a9b12-7c4d-4e85-a0b1-2d9c8e7f6a54\"\","
                + "\"\"RecordType\"\":15,\"\"ResultStatus\"\":\"\"Success\"\",\"\"UserKey\"\":\"\"b2d7e4a1-6c39-4f85-9a0e-3c1f8d5b7e92\"\","
                + "\"\"UserType\"\":0,\"\"Version\"\":1,\"\"Workload\"\":\"\"AzureActiveDirectory\"\",\"\"ClientIP\"\":\"\"73.239.102.57\"\","
                + "\"\"UserId\"\":\"\"priya.raman@tidewateranalytics.com\"\"}\",,\r\n";
    }

    @Test
    void aCsvExportIsReadAsOneWhereAValueOnALineOfItsOwnBeginsWithABrace() {
        List<Event> events = read("AuditLog_2026-11-18.csv", utf8(PURVIEW_HEADER
                + purviewRow("16:41:09", "0e31").replace(",\"{", ",\"\r\n{") + purviewRow("16:52:14", "0e32")));
        assertThat(events).extracting(e -> e.time().toString()).containsExactly("2026-11-18T16:41:09Z", "2026-11-18T16:52:14Z");
        assertThat(quarantined).isEmpty();
    }

    @Test
    void aCsvQuoteNeverClosedCostsOnlyItsRowNotTheMemory() {
        String open = purviewRow("16:41:09", "0e31").replace("{", "{" + "x".repeat(3 << 20)).replace("}\",,", "},,");
        String cutAtTheEnd = purviewRow("16:58:30", "0e33");
        InputLimits small = new InputLimits(null, null, null, null, 1 << 20, null, null, null, null);
        List<Event> events = new ArrayList<>();
        try (InputReader reader = InputReader.open(InputFile.ofBytes("AuditLog_cut.csv", utf8(PURVIEW_HEADER + open
                + purviewRow("16:52:14", "0e32") + cutAtTheEnd.substring(0, cutAtTheEnd.length() / 2))), quarantined::add, null, small)) {
            for (Event e = reader.next(); e != null; e = reader.next()) {
                events.add(e);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(events).extracting(e -> e.time().toString()).containsExactly("2026-11-18T16:52:14Z");
        assertThat(quarantined).extracting(Quarantined::line, Quarantined::reason).containsExactly(
                tuple(2L, "a row longer than the record limit of 1048576 bytes"),
                tuple(4L, "a quoted value not closed: the file ends inside it"));
    }

    @Test
    void aCsvQuoteNeverClosedOverManyLinesEndsAtTheNextRow() {
        String open = purviewRow("16:41:09", "0e31").replace("}\",,", "},,") + "  and more of the record,\r\n".repeat(50_000);
        InputLimits small = new InputLimits(null, null, null, null, 1 << 20, null, null, null, null);
        List<Event> events = new ArrayList<>();
        try (InputReader reader = InputReader.open(InputFile.ofBytes("AuditLog_cut.csv", utf8(PURVIEW_HEADER + open
                + purviewRow("16:52:14", "0e32"))), quarantined::add, null, small)) {
            for (Event e = reader.next(); e != null; e = reader.next()) {
                events.add(e);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(events).extracting(e -> e.time().toString()).containsExactly("2026-11-18T16:52:14Z");
        assertThat(quarantined).extracting(Quarantined::line, Quarantined::reason).containsExactly(tuple(2L,
                "a quoted value not closed before the next row (line 50003), the row longer than the record limit of 1048576 bytes"));
    }

    @Test
    void aCsvExportWhoseHeaderIsLongerThanWhatIsFirstReadIsRecognised() throws IOException {
        // a union of Windows security events, CEF firewall logs, sign-ins and audit events exported
        // from the portal: every table's columns, each once
        List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(
                "src/test/resources/sources/entra/17-log-analytics-portal-export.csv"), StandardCharsets.UTF_8);
        java.util.Set<String> present = new java.util.HashSet<>();
        for (String column : lines.get(0).split(",")) {
            present.add(column.toLowerCase(java.util.Locale.ROOT));
        }
        List<String> extra = java.util.stream.Stream.concat(SECURITY_EVENT_COLUMNS.stream(), COMMON_SECURITY_LOG_COLUMNS.stream())
                .filter(column -> present.add(column.toLowerCase(java.util.Locale.ROOT))).toList();
        // the tables queried first come first: TimeGenerated and Type lie beyond the first 4 KiB
        StringBuilder wide = new StringBuilder(String.join(",", extra)).append(',').append(lines.get(0).replace("\uFEFF", ""))
                .append("\r\n");
        for (String row : lines.subList(1, lines.size())) {
            wide.append(",".repeat(extra.size())).append(row).append("\r\n");
        }
        assertThat(wide.indexOf("TimeGenerated")).isGreaterThan(4096);
        List<Event> narrow = read("export.csv", utf8(String.join("\r\n", lines) + "\r\n"));
        assertThat(narrow).isNotEmpty();
        quarantined.clear();
        List<Event> events = read("export-wide.csv", utf8(wide.toString()));
        assertThat(quarantined).isEmpty();
        assertThat(events).extracting(e -> e.time().toString() + " " + e.principal())
                .containsExactlyElementsOf(narrow.stream().map(e -> e.time().toString() + " " + e.principal()).toList());
    }

    /** CommonSecurityLog's columns in Log Analytics (CEF), as a union query adds them to an export. */
    private static final List<String> COMMON_SECURITY_LOG_COLUMNS = List.of("AdditionalExtensions", "ApplicationProtocol",
            "CollectorHostName", "CommunicationDirection", "DestinationDnsDomain", "DestinationHostName", "DestinationIP",
            "DestinationMACAddress", "DestinationNTDomain", "DestinationPort", "DestinationProcessId", "DestinationProcessName",
            "DestinationServiceName", "DestinationTranslatedAddress", "DestinationTranslatedPort", "DestinationUserID",
            "DestinationUserName", "DestinationUserPrivileges", "DeviceAction", "DeviceAddress", "DeviceCustomDate1",
            "DeviceCustomDate1Label", "DeviceCustomDate2", "DeviceCustomDate2Label", "DeviceCustomFloatingPoint1",
            "DeviceCustomFloatingPoint1Label", "DeviceCustomIPv6Address1", "DeviceCustomIPv6Address1Label", "DeviceCustomNumber1",
            "DeviceCustomNumber1Label", "DeviceCustomNumber2", "DeviceCustomNumber2Label", "DeviceCustomNumber3",
            "DeviceCustomNumber3Label", "DeviceCustomString1", "DeviceCustomString1Label", "DeviceCustomString2",
            "DeviceCustomString2Label", "DeviceCustomString3", "DeviceCustomString3Label", "DeviceCustomString4",
            "DeviceCustomString4Label", "DeviceCustomString5", "DeviceCustomString5Label", "DeviceCustomString6",
            "DeviceCustomString6Label", "DeviceDnsDomain", "DeviceEventCategory", "DeviceEventClassID", "DeviceExternalID",
            "DeviceFacility", "DeviceInboundInterface", "DeviceMacAddress", "DeviceName", "DeviceNtDomain", "DeviceOutboundInterface",
            "DevicePayloadId", "DeviceProduct", "DeviceTimeZone", "DeviceTranslatedAddress", "DeviceVendor", "DeviceVersion",
            "EndTime", "EventCount", "EventOutcome", "EventType", "ExternalID", "FileCreateTime", "FileID", "FileModificationTime",
            "FileName", "FilePermission", "FileSize", "FileType", "FlexDate1", "FlexDate1Label", "FlexNumber1", "FlexNumber1Label",
            "FlexString1", "FlexString1Label", "IndicatorThreatType", "LogSeverity", "MaliciousIP", "Message", "OldFileCreateTime",
            "OldFileHash", "OldFileID", "OldFileModificationTime", "OldFileName", "OldFilePath", "OldFilePermission", "OldFileSize",
            "OldFileType", "OriginalLogSeverity", "ProcessID", "Protocol", "ReceiptTime", "ReceivedBytes", "RemoteIP",
            "RequestClientApplication", "RequestContext", "RequestCookies", "RequestMethod", "RequestURL", "SentBytes",
            "SimplifiedDeviceAction", "SourceDnsDomain", "SourceHostName", "SourceIP", "SourceMACAddress", "SourceNTDomain",
            "SourcePort", "SourceProcessId", "SourceProcessName", "SourceServiceName", "SourceTranslatedAddress",
            "SourceTranslatedPort", "SourceUserID", "SourceUserName", "SourceUserPrivileges", "StartTime", "ThreatConfidence",
            "ThreatDescription", "ThreatSeverity");

    /** SecurityEvent's columns in Log Analytics, as a union query adds them to an export. */
    private static final List<String> SECURITY_EVENT_COLUMNS = List.of("AccessList", "AccessMask", "AccessReason", "Account",
            "AccountDomain", "AccountExpires", "AccountName", "AccountSessionIdentifier", "AccountType", "Activity", "AdditionalInfo",
            "AdditionalInfo2", "AllowedToDelegateTo", "Attributes", "AuditPolicyChanges", "AuditsDiscarded", "AuthenticationLevel",
            "AuthenticationPackageName", "AuthenticationProvider", "AuthenticationServer", "AuthenticationService",
            "AuthenticationType", "CACertificateHash", "CalledStationID", "CallerProcessId", "CallerProcessName", "CallingStationID",
            "CAPublicKeyHash", "CategoryId", "CertificateDatabaseHash", "Channel", "ClassId", "ClassName", "ClientAddress",
            "ClientIPAddress", "ClientName", "CommandLine", "CompatibleIds", "Computer", "DCDNSName", "DeviceDescription", "DeviceId",
            "DisplayName", "Disposition", "DomainBehaviorVersion", "DomainName", "DomainPolicyChanged", "DomainSid", "EAPType",
            "ElevatedToken", "ErrorCode", "EventData", "EventID", "EventSourceName", "ExtendedQuarantineState", "FailureReason",
            "FileHash", "FilePath", "FilePathNoUser", "Filter", "ForceLogoff", "Fqbn", "FullyQualifiedSubjectMachineName",
            "FullyQualifiedSubjectUserName", "GroupMembership", "HandleId", "HardwareIds", "HomeDirectory", "HomePath",
            "ImpersonationLevel", "IpPort", "KeyLength", "LmPackageName", "LocationInformation", "LockoutDuration",
            "LockoutObservationWindow", "LockoutThreshold", "LoggingResult", "LogonGuid", "LogonHours", "LogonID", "LogonProcessName",
            "LogonType", "LogonTypeName", "MachineAccountQuota", "MachineInventory", "MachineLogon", "MandatoryLabel", "MaxPasswordAge",
            "MemberName", "MemberSid", "MinPasswordAge", "MinPasswordLength", "MixedDomainMode", "NASIdentifier", "NASIPv4Address",
            "NASIPv6Address", "NASPort", "NASPortType", "NetworkPolicyName", "NewDate", "NewMaxUsers", "NewProcessId", "NewProcessName",
            "NewRemark", "NewShareFlags", "NewTime", "NewUacValue", "NewValue", "NewValueType", "ObjectName", "ObjectServer",
            "ObjectType", "ObjectValueName", "OemInformation", "OldMaxUsers", "OldRemark", "OldShareFlags", "OldUacValue", "OldValue",
            "OldValueType", "OperationType", "PackageName", "ParentProcessName", "PasswordHistoryLength", "PasswordLastSet",
            "PasswordProperties", "PreviousDate", "PreviousTime", "PrimaryGroupId", "PrivateKeyUsageCount", "PrivilegeList", "Process",
            "ProcessId", "ProcessName", "ProfilePath", "Properties", "ProtocolSequence", "ProxyPolicyName", "QuarantineHelpURL",
            "QuarantineSessionID", "QuarantineSessionIdentifier", "QuarantineState", "QuarantineSystemHealthResult",
            "RelativeTargetName", "RemoteIpAddress", "RemotePort", "Requester", "RequestId", "RestrictedAdminMode", "RowsDeleted",
            "SamAccountName", "ScriptPath", "SecurityDescriptor", "ServiceAccount", "ServiceFileName", "ServiceName",
            "ServiceStartType", "ServiceType", "SessionName", "ShareLocalPath", "ShareName", "SidHistory", "SourceComputerId",
            "StorageAccount", "SubcategoryGuid", "SubcategoryId", "Subject", "SubjectAccount", "SubjectDomainName",
            "SubjectKeyIdentifier", "SubjectLogonId", "SubjectMachineName", "SubjectMachineSID", "SubjectUserName", "SubjectUserSid",
            "SubStatus", "TableId", "TargetAccount", "TargetDomainName", "TargetInfo", "TargetLinkedLogonId", "TargetLogonGuid",
            "TargetLogonId", "TargetOutboundDomainName", "TargetOutboundUserName", "TargetServerName", "TargetSid", "TargetUser",
            "TargetUserName", "TargetUserSid", "TemplateContent", "TemplateDSObjectFQDN", "TemplateInternalName", "TemplateOID",
            "TemplateSchemaVersion", "TemplateVersion", "TokenElevationType", "TransmittedServices", "UserAccountControl",
            "UserParameters", "UserWorkstations", "VirtualAccount", "VendorIds", "Workstation", "WorkstationName");

    @Test
    void aDamagedCsvRowCostsOnlyItself() {
        String quotedThenMore = purviewRow("16:42:00", "0e34").replace(",UserLoggedIn,", ",\"UserLoggedIn\"x,");
        String lostItsQuote = purviewRow("16:44:00", "0e35").replaceFirst(",\"\\{", ",{");
        String loneCarriageReturn = purviewRow("16:46:00", "0e36").replace(",15,UserLoggedIn,", ",15\rUserLoggedIn,");
        List<Event> events = read("AuditLog_2026-11-18.csv", utf8(PURVIEW_HEADER + purviewRow("16:41:09", "0e31") + quotedThenMore
                + purviewRow("16:43:00", "0e37") + lostItsQuote + purviewRow("16:45:00", "0e38") + loneCarriageReturn
                + purviewRow("16:52:14", "0e32")));
        assertThat(events).extracting(e -> e.time().toString())
                .containsExactly("2026-11-18T16:41:09Z", "2026-11-18T16:43:00Z", "2026-11-18T16:45:00Z", "2026-11-18T16:52:14Z");
        assertThat(quarantined).extracting(Quarantined::line).containsExactly(3L, 5L, 7L);
        assertThat(quarantined.get(0).reason()).startsWith("not a CSV row: Unexpected character ('x' (code 120)): Expected column separator");
        assertThat(quarantined.get(1).reason()).isEqualTo("a quoted value not closed before the next row (line 6)");
        assertThat(quarantined.get(2).reason())
                .isEqualTo("not a CSV row: a line break outside quotes within the line (a lone carriage return)");
        assertThat(quarantined).allSatisfy(q -> assertThat(q.format()).isEqualTo("m365"));
    }

    @Test
    void recordsMissingWhatMakesThemEventsAreQuarantinedWithTheirReason() {
        String noTime = R1.replace("\"eventTime\":\"2026-11-17T14:05:02Z\",", "");
        String badTime = R1.replace("2026-11-17T14:05:02Z", "17/11/2026 14:05");
        List<Event> events = read("records.json", utf8("{\"Records\":[" + noTime + "," + badTime + ",42," + R2 + "]}"));
        assertThat(events).hasSize(1);
        assertThat(quarantined).extracting(Quarantined::reason).containsExactly(
                "missing eventTime", "eventTime is not a timestamp: 17/11/2026 14:05",
                "a record must be a JSON object, found a number");
        assertThat(quarantined.get(0).excerpt()).startsWith("{\"eventVersion\":\"1.09\"");
        assertThat(quarantined.get(0).offset()).isEqualTo(12);
    }

    @Test
    void aMalformedButInessentialFieldKeepsItsRecordAndItsRawValue() {
        List<Event> events = read("odd.jsonl", utf8(record("2026-11-17T14:05:02Z", "255.090.254.5", "d1e2f3a4-5b6c-4d7e-8f90-a1b2c3d4e5f6")
                + "\n" + record("2026-11-17T14:05:03Z", "AWS Internal", "e2f3a4b5-6c7d-4e8f-90a1-b2c3d4e5f607")
                + "\n" + record("2026-11-17T14:05:04Z", "ec2.amazonaws.com", "f3a4b5c6-7d8e-4f90-a1b2-c3d4e5f60718") + "\n"));
        assertThat(quarantined).isEmpty();
        assertThat(events).hasSize(3).allSatisfy(e -> assertThat(e.kind()).isEqualTo(EventKind.CREDENTIAL_USE));
        assertThat(events.get(0).client().ip()).isNull();
        assertThat(events.get(0).invalid()).singleElement().satisfies(issue -> {
            assertThat(issue.field()).isEqualTo("client.ip");
            assertThat(issue.raw()).isEqualTo("255.090.254.5");
            assertThat(issue.reason()).isEqualTo("sourceIPAddress is not an IP address");
        });
        assertThat(events.get(1).invalid()).extracting(i -> i.raw()).containsExactly("AWS Internal");
        assertThat(events.get(2).invalid()).isEmpty();
        assertThat(events.get(2).client().host()).isEqualTo("ec2.amazonaws.com");
    }

    @Test
    void emptyFilesAndCloudTrailDigestsAreNotErrors() {
        try (InputReader empty = InputReader.open(InputFile.ofBytes("empty.json", new byte[0]), quarantined::add)) {
            assertThat(empty.next()).isNull();
            assertThat(empty.status()).isEqualTo(InputReader.Status.EMPTY);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        String digest = "{\"awsAccountId\":\"482910376154\",\"digestStartTime\":\"2026-11-17T13:00:00Z\","
                + "\"digestEndTime\":\"2026-11-17T14:00:00Z\",\"digestS3Bucket\":\"tidewater-cloudtrail\","
                + "\"digestSignatureAlgorithm\":\"SHA256withRSA\",\"logFiles\":[]}";
        try (InputReader reader = InputReader.open(InputFile.ofBytes("digest.json", utf8(digest)), quarantined::add)) {
            assertThat(reader.next()).isNull();
            assertThat(reader.status()).isEqualTo(InputReader.Status.SKIPPED);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(quarantined).isEmpty();
    }

    @Test
    void oddInputsAreQuarantinedNeverThrown() throws IOException {
        assertThat(read("header-only.gz", new byte[] {0x1f, (byte) 0x8b, 0x08})).isEmpty();
        assertThat(quarantined).singleElement().satisfies(q -> assertThat(q.reason()).startsWith("truncated"));

        quarantined.clear();
        String huge = R1.replace("\"readOnly\":true", "\"readOnly\":" + "9".repeat(1200));
        assertThat(read("huge-number.jsonl", utf8(huge + "\n" + R2 + "\n"))).hasSize(1);
        assertThat(quarantined).singleElement().satisfies(q -> assertThat(q.reason()).contains("parser limit"));

        quarantined.clear();
        assertThat(read("spaces.json", utf8(" ".repeat(5000) + "{\"Records\":[" + R1 + "]}"))).isEmpty();
        assertThat(quarantined).singleElement().satisfies(q -> assertThat(q.reason()).startsWith("no JSON within the first 4 KiB"));

        quarantined.clear();
        assertThat(read("numbers.json", utf8("[1, 2, 3]"))).isEmpty();
        assertThat(quarantined).singleElement().satisfies(q -> assertThat(q.reason()).isEqualTo("the array holds no JSON objects"));
    }

    @Test
    void aBlankPrincipalKeepsItsRecordWithoutAPrincipal() {
        List<Event> events = read("blank.jsonl", utf8(R1.replace(
                "\"arn\":\"arn:aws:sts::482910376154:assumed-role/reporting-ec2/i-0a7c3e91f4b2d8e65\"", "\"arn\":\" \"") + "\n"));
        assertThat(quarantined).isEmpty();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.principal()).isNull();
            assertThat(e.invalid()).extracting(i -> i.field()).containsExactly("principal.name");
        });
    }

    @Test
    void arraysConcatenatedIntoOneStreamAreAllRead() {
        assertThat(read("pages.json", utf8("[" + R1 + "]\n[" + R2 + "]\n"))).hasSize(2);
        assertThat(quarantined).isEmpty();
    }

    @Test
    void aReaderOpenedForTheHeadReadsWhatAFullReaderReads() throws IOException {
        StringBuilder records = new StringBuilder();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String id = String.format(java.util.Locale.ROOT, "b6f0d1e2-7a4c-4f0b-9e35-2c1d8a6f%04d", i);
            String r = record(String.format(java.util.Locale.ROOT, "2026-11-17T14:%02d:%02dZ", i / 60, i % 60), "3.91.204.17", id);
            records.append(i == 0 ? "" : ",").append(r);
            lines.append(r).append('\n');
        }
        byte[] delivery = gzip(utf8("{\"Records\":[" + records + "]}"));
        byte[] jsonLines = utf8(lines.toString());
        for (byte[] file : List.of(delivery, jsonLines)) {
            List<Event> head = new ArrayList<>();
            try (InputReader reader = InputReader.openHead(InputFile.ofBytes("file", file), quarantined::add, InputLimits.DEFAULTS)) {
                for (Event e = reader.next(); e != null; e = reader.next()) {
                    head.add(e);
                }
            }
            assertThat(head).hasSize(200).isEqualTo(read("file", file));
        }
        assertThat(quarantined).isEmpty();
    }
}
