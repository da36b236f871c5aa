package dev.tokenward.source;

import dev.tokenward.event.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input costs the record it is in and nothing more: each case breaks record 3 of ten in a
 * CloudTrail delivery (compact and pretty), an Okta array, JSON lines and a page nested as Duo's
 * ({@code {"response":{"authlogs":[...]}}}), and the other nine must still be read.
 */
class RecordIsolationTest {
    private static final String CLOUDTRAIL = """
            {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAXQ4BRJ6GQ3VZ7LM2K",\
            "arn":"arn:aws:iam::482910376154:user/tom.becker","accountId":"482910376154","accessKeyId":"AKIAXQ4BRJ6GZ2VQ7N4D",\
            "userName":"tom.becker"},"eventTime":"2026-11-17T14:%02d:02Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets",\
            "awsRegion":"us-east-1","sourceIPAddress":"73.239.102.57","userAgent":"aws-cli/2.22.4 md/awscrt#0.23.4 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#s3.ls",\
            "requestParameters":{"Host":"s3.amazonaws.com"},"responseElements":null,"requestID":"7QK4ZP2N8R1M5W3T",\
            "eventID":"5c0e1f7a-3d92-4b6e-8a14-0f2d9c6b7e%02d","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,\
            "recipientAccountId":"482910376154","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3",\
            "cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"s3.amazonaws.com"}}""";

    private static final String OKTA = """
            {"actor":{"id":"00u8q3vzk2XbLw4Jp5d7","type":"User","alternateId":"priya.raman@tidewateranalytics.com",\
            "displayName":"Priya Raman"},"client":{"userAgent":{"rawUserAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) \
            AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36","os":"Mac OS X","browser":"CHROME"},\
            "zone":"null","device":"Computer","ipAddress":"73.239.102.57","geographicalContext":{"city":"Seattle","state":"Washington",\
            "country":"United States","postalCode":"98109","geolocation":{"lat":47.6229,"lon":-122.3165}}},\
            "authenticationContext":{"externalSessionId":"102vLNJgBfyMhLGUzEMScrbZc"},"displayMessage":"User single sign on to app",\
            "eventType":"user.authentication.sso","outcome":{"result":"SUCCESS"},"published":"2026-11-17T15:%02d:08.844Z",\
            "securityContext":{"asNumber":7922,"asOrg":"comcast cable communications, llc","isp":"comcast","domain":"comcast.net",\
            "isProxy":false},"severity":"INFO","debugContext":{"debugData":{"requestUri":"/app/slack/exk4p2m9qL1nV7xR8d5/sso/saml",\
            "dtHash":"ff5afb0f9b1e2c7d4a3869e0b5c21f7d"}},"legacyEventType":"app.auth.sso","transaction":{"type":"WEB",\
            "id":"aQ3kZpW9xR2vLm7N%02d"},"uuid":"2b3e64ad-e29d-11f1-90b0-2054%08d","version":"0"}""";

    private final List<Quarantined> quarantined = new ArrayList<>();

    private enum Layout {
        CLOUDTRAIL_DELIVERY, OKTA_ARRAY, JSON_LINES, PRETTY_DELIVERY,
        /** The records array inside a wrapping object's wrapping object, paging after it, as Duo's log API pages. */
        NESTED_PAGE
    }

    /** Ten records in the layout, record 3 (index 2) changed by {@code breaking}. */
    private static byte[] file(Layout layout, UnaryOperator<String> breaking) {
        StringBuilder out = new StringBuilder();
        out.append(switch (layout) {
            case CLOUDTRAIL_DELIVERY -> "{\"Records\":[";
            case NESTED_PAGE -> "{\"response\":{\"authlogs\":[";
            case PRETTY_DELIVERY -> "{\n  \"Records\": [\n    ";
            case OKTA_ARRAY -> "[";
            case JSON_LINES -> "";
        });
        for (int i = 0; i < 10; i++) {
            String record = layout == Layout.OKTA_ARRAY ? String.format(Locale.ROOT, OKTA, i, i, i)
                    : String.format(Locale.ROOT, CLOUDTRAIL, i, i);
            if (i == 2) {
                record = breaking.apply(record);
            }
            out.append(switch (layout) {
                case JSON_LINES -> record + "\n";
                case PRETTY_DELIVERY -> (i == 0 ? "" : ",\n    ") + record;
                default -> (i == 0 ? "" : ",") + record;
            });
        }
        out.append(switch (layout) {
            case CLOUDTRAIL_DELIVERY -> "]}";
            case NESTED_PAGE -> "],\"metadata\":{\"next_offset\":null,\"total_objects\":10}},\"stat\":\"OK\"}";
            case PRETTY_DELIVERY -> "\n  ]\n}\n";
            case OKTA_ARRAY -> "]";
            case JSON_LINES -> "";
        });
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private List<Event> read(byte[] bytes, InputLimits limits) {
        List<Event> events = new ArrayList<>();
        try (InputReader reader = InputReader.open(InputFile.ofBytes("hostile.json", bytes), quarantined::add, null, limits)) {
            for (Event e = reader.next(); e != null; e = reader.next()) {
                events.add(e);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return events;
    }

    /** The first match of {@code pattern} in a record replaced by {@code replacement}, taken literally. */
    private static UnaryOperator<String> replacing(String pattern, String replacement) {
        return r -> r.replaceFirst(pattern, java.util.regex.Matcher.quoteReplacement(replacement));
    }

    private static final String TIME = "2026-11-17T1[45]:02:02Z|2026-11-17T15:02:08.844Z";

    /** A change to one record (of either source) and the start of the reason it must be quarantined with. */
    static Stream<Arguments> breakages() {
        return Stream.of(
                Arguments.of("invalid UTF-8 in a field never read", replacing("TLSv1.3|CHROME", "TLSv1\u00ff\u00fe3"), "malformed JSON"),
                Arguments.of("a raw NUL byte", replacing("Management\"|INFO\"", "Manage\u0000ment\""), "malformed JSON"),
                Arguments.of("a bad escape", replacing("Management\"|INFO\"", "Manage\\qment\""), "malformed JSON"),
                Arguments.of("nesting 200 deep", replacing("\"responseElements\":null|\"zone\":\"null\"",
                        "\"responseElements\":" + "[".repeat(200) + "]".repeat(200)), "record exceeds a parser limit"),
                Arguments.of("a closing quote lost", replacing("\"ListBuckets\"|\"user.authentication.sso\"", "\"ListBuckets"), ""),
                Arguments.of("an opening quote lost", replacing("\"readOnly\"|\"severity\"", "readOnly\""), ""),
                Arguments.of("an opening bracket too many, closed by the wrapper's own",
                        replacing("\"readOnly\"|\"severity\"", "\"extra\":[{\"n\":1,\"readOnly\""), "(malformed JSON|truncated record)"),
                Arguments.of("a quote inserted into a string, turning what follows inside out",
                        replacing("TLSv1.3|CHROME", "TLS\"v1.3]"), "malformed JSON"),
                Arguments.of("a closing brace lost", (UnaryOperator<String>) r -> r.substring(0, r.length() - 1), ""),
                Arguments.of("cut in the middle", (UnaryOperator<String>) r -> r.substring(0, r.length() / 2), ""),
                Arguments.of("a lone surrogate in a time", replacing("02Z\"|844Z\"", "02Z\\ud800\""), "(eventTime|published) holds a lone surrogate"),
                Arguments.of("a lone surrogate in a user agent", replacing("aws-cli/2|Chrome/131", "aws-cli\\udfff/2"),
                        "(userAgent|client.userAgent.rawUserAgent) holds a lone surrogate"),
                Arguments.of("a time before 1970", replacing(TIME, "-999999999-01-01T00:00:00Z"), "event time"),
                Arguments.of("a time after 2100", replacing(TIME, "+999999999-12-31T23:59:59Z"), "event time"),
                Arguments.of("a time of the wrong type", replacing("\"(" + TIME + ")\"", "{\"value\":\"2026-11-17\"}"),
                        "(eventTime|published) is an object, not a value"));
    }

    static Stream<Arguments> everyLayout() {
        return breakages().flatMap(b -> Stream.of(Layout.values()).map(layout -> Arguments.of(layout, b.get()[0], b.get()[1], b.get()[2])));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyLayout")
    void aBrokenRecordCostsOnlyItself(Layout layout, String what, UnaryOperator<String> breaking, String reason) {
        List<Event> events = read(file(layout, breaking), InputLimits.DEFAULTS);

        assertThat(events).as(what + "; quarantined: " + quarantined).hasSize(9);
        assertThat(events).extracting(e -> e.origin().recordId()).doesNotHaveDuplicates()
                .noneMatch(id -> id.endsWith("e02") || id.endsWith("00000002"));
        assertThat(quarantined).as(what).singleElement().satisfies(q -> {
            assertThat(q.reason()).containsPattern("^(" + (reason.isEmpty() ? ".*" : reason) + ")");
            assertThat(q.format()).isEqualTo(layout == Layout.OKTA_ARRAY ? "okta" : "cloudtrail");
        });
    }

    /**
     * After a broken record is cut, the records after it keep their place: each event's offset is
     * where its record begins in the file, and its line is that offset's, in every document layout
     * (the pretty delivery puts each record on a line of its own, after white space).
     */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyDocumentLayout")
    void recordsAfterABrokenOneKeepTheirPlace(Layout layout, String what, UnaryOperator<String> breaking, String reason) {
        byte[] file = file(layout, breaking);
        String text = new String(file, StandardCharsets.ISO_8859_1);
        for (Event e : read(file, InputLimits.DEFAULTS)) {
            int offset = (int) e.origin().offset();
            assertThat(text.substring(offset)).as(what + ": the event of record " + e.origin().recordId())
                    .startsWith(layout == Layout.OKTA_ARRAY ? "{\"actor\"" : "{\"eventVersion\"");
            assertThat(e.origin().line()).as(what).isEqualTo(1 + text.substring(0, offset).chars().filter(c -> c == '\n').count());
        }
    }

    static Stream<Arguments> everyDocumentLayout() {
        return everyLayout().filter(a -> a.get()[0] != Layout.JSON_LINES);
    }

    @Test
    void aBraceTooManyIsQuarantinedByItselfInADocumentAndWithItsLineInJsonLines() {
        for (Layout layout : List.of(Layout.CLOUDTRAIL_DELIVERY, Layout.PRETTY_DELIVERY, Layout.OKTA_ARRAY)) {
            quarantined.clear();
            assertThat(read(file(layout, r -> r + "}"), InputLimits.DEFAULTS)).as(layout.name()).hasSize(10);
            assertThat(quarantined).singleElement().satisfies(q -> {
                assertThat(q.reason()).isEqualTo("a record must be a JSON object, found '}'");
                assertThat(q.excerpt()).isEqualTo("}");
            });
        }
        quarantined.clear();
        assertThat(read(file(Layout.JSON_LINES, r -> r + "}"), InputLimits.DEFAULTS)).hasSize(9);
        assertThat(quarantined).singleElement().satisfies(q -> {
            assertThat(q.reason()).isEqualTo("unexpected data after the JSON object on this line");
            assertThat(q.line()).isEqualTo(3);
        });
    }

    /**
     * A record's last bytes written twice ({@code ]"}}} after its own end): the {@code ]} closes the
     * records array, and the quote after it opens what looks like a member of the wrapping object,
     * whose name runs into the next record. The name stops at the record start, so only the repeated
     * bytes are quarantined and the next record is read.
     */
    @Test
    void bytesClosingTheArrayEarlyCostOnlyThemselves() {
        for (Layout layout : List.of(Layout.CLOUDTRAIL_DELIVERY, Layout.PRETTY_DELIVERY, Layout.OKTA_ARRAY)) {
            quarantined.clear();
            assertThat(read(file(layout, r -> r + "]\"}}"), InputLimits.DEFAULTS)).as(layout.name() + "; " + quarantined).hasSize(10);
            assertThat(quarantined).as(layout.name()).singleElement().satisfies(q -> {
                assertThat(q.reason()).isEqualTo(layout == Layout.OKTA_ARRAY ? "unexpected data after the end of the records"
                        : "unexpected data in the wrapping object");
                assertThat(q.excerpt()).isEqualTo("\"}}");
            });
        }
    }

    @Test
    void aRecordOverTheLimitIsSkippedToItsEnd() {
        InputLimits small = new InputLimits(null, null, null, null, 16 << 10, null, null, null);
        for (Layout layout : Layout.values()) {
            quarantined.clear();
            byte[] file = file(layout, replacing("\"Host\":\"s3.amazonaws.com\"|\"version\":\"0\"", "\"Host\":\"" + "x".repeat(40_000) + "\""));
            assertThat(read(file, small)).as(layout.name()).hasSize(9);
            assertThat(quarantined).as(layout.name()).singleElement().satisfies(q -> {
                assertThat(q.reason()).matches("(record|line) (larger|longer) than 16 KiB \\(input.maxRecordBytes\\).*");
                assertThat(q.excerpt()).hasSizeLessThanOrEqualTo(Quarantined.EXCERPT_LIMIT);
            });
        }
    }

    @Test
    void longValuesAreCutWithAMarker() {
        String agent = "Mozilla/5.0 (X11; Linux x86_64) " + "AppleWebKit/537.36 ".repeat(300);
        List<Event> events = read(file(Layout.CLOUDTRAIL_DELIVERY, r -> r.replaceFirst("\"userAgent\":\"[^\"]*\"",
                "\"userAgent\":\"" + agent + "\"")), InputLimits.DEFAULTS);
        assertThat(quarantined).isEmpty();
        String kept = events.get(2).client().userAgent();
        assertThat(kept).startsWith(agent.substring(0, 1024)).endsWith("…[cut: " + (agent.length() - 1024) + " more characters]");

        String principal = "arn:aws:iam::482910376154:user/" + "t".repeat(6000);
        events = read(file(Layout.CLOUDTRAIL_DELIVERY, r -> r.replace("arn:aws:iam::482910376154:user/tom.becker", principal)),
                InputLimits.DEFAULTS);
        assertThat(events.get(2).principal().name()).startsWith(principal.substring(0, 4096))
                .endsWith("t…[cut: " + (principal.length() - 4096) + " more characters]");
    }

    @Test
    void theAcceptedRangeOfTimesIsASetting() {
        InputLimits range = new InputLimits(Instant.parse("2026-11-17T14:05:00Z"), Instant.parse("2026-11-17T14:08:00Z"),
                null, null, null, null, null, null);
        List<Event> events = read(file(Layout.CLOUDTRAIL_DELIVERY, r -> r), range);
        assertThat(events).extracting(e -> e.time().toString())
                .containsExactly("2026-11-17T14:05:02Z", "2026-11-17T14:06:02Z", "2026-11-17T14:07:02Z");
        assertThat(quarantined).hasSize(7).allSatisfy(q -> assertThat(q.reason())
                .endsWith("is outside the accepted range, 2026-11-17T14:05:00Z to 2026-11-17T14:08:00Z (input.earliest, input.latest)"));
    }

    @Test
    void aCompressionBombIsStoppedAtTheRatio() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(file(Layout.JSON_LINES, r -> r));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                gzip.write(spaces);
            }
        }
        List<Event> events = read(compressed.toByteArray(), InputLimits.DEFAULTS);
        assertThat(events).hasSize(10);
        assertThat(quarantined).singleElement().satisfies(q -> assertThat(q.reason())
                .startsWith("compressed data inflates more than 200 times")
                .endsWith("a compression bomb? (input.maxInflateRatio) after 10 records; the rest of the file could not be read"));

        quarantined.clear();
        InputLimits small = new InputLimits(null, null, 4L << 20, 100_000, null, null, null, null);
        assertThat(read(compressed.toByteArray(), small)).hasSize(10);
        assertThat(quarantined).singleElement().satisfies(q -> assertThat(q.reason())
                .startsWith("compressed data inflates past 4 MiB (input.maxInflatedBytes)"));
    }
}
