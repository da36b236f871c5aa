package dev.tokenward.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Paths are captured whatever the order and case of the fields, record after record, on any number of threads. */
class RecordShapeTest {
    private static final JsonFactory JSON = new JsonFactory();

    private static final RecordShape.Builder BUILDER = RecordShape.builder();
    private static final RecordShape.Field TIME = BUILDER.scalar("eventTime");
    private static final RecordShape.Field USER = BUILDER.scalar("userIdentity.arn");
    private static final RecordShape.Field KEY = BUILDER.scalar("userIdentity.accessKeyId");
    private static final RecordShape.Field IP = BUILDER.scalar("sourceIPAddress");
    private static final RecordShape SHAPE = BUILDER.build();

    private static final String USUAL = """
            {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::482910376154:user/tom","accessKeyId":"AKIAXQ4BRJ6GZ2VQ7N4D"},\
            "eventTime":"2026-11-17T14:05:02Z","eventName":"ListBuckets","sourceIPAddress":"203.0.113.24"}""";
    /** The same facts with fields reordered, one missing, one added and keys lower-cased, as some exports write them. */
    private static final String SHUFFLED = """
            {"sourceipaddress":"198.51.100.7","eventtime":"2026-11-17T14:06:40Z","useridentity":{"accesskeyid":"ASIAXQ4BRJ6GW7NE3KDP",\
            "type":"AssumedRole","arn":"arn:aws:sts::482910376154:assumed-role/etl/run-41"},"eventName":"GetObject"}""";
    private static final String SPARSE = """
            {"eventTime":"2026-11-17T14:07:00Z","userIdentity":{"type":"AWSService"},"eventName":"Decrypt"}""";

    private static String[] read(String json) {
        Record record = new Record(SHAPE);
        try (JsonParser parser = JSON.createParser(json)) {
            parser.nextToken();
            SHAPE.read(parser, record);
        } catch (IOException | BadRecordException e) {
            throw new AssertionError(e);
        }
        return Arrays.stream(record.values()).map(v -> (String) v).toArray(String[]::new);
    }

    private static String[] expected(String time, String user, String key, String ip) {
        String[] values = new String[SHAPE.size()];
        values[TIME.index()] = time;
        values[USER.index()] = user;
        values[KEY.index()] = key;
        values[IP.index()] = ip;
        return values;
    }

    private static final String[] USUAL_VALUES = expected("2026-11-17T14:05:02Z", "arn:aws:iam::482910376154:user/tom",
            "AKIAXQ4BRJ6GZ2VQ7N4D", "203.0.113.24");
    private static final String[] SHUFFLED_VALUES = expected("2026-11-17T14:06:40Z",
            "arn:aws:sts::482910376154:assumed-role/etl/run-41", "ASIAXQ4BRJ6GW7NE3KDP", "198.51.100.7");
    private static final String[] SPARSE_VALUES = expected("2026-11-17T14:07:00Z", null, null, null);

    @Test
    void recordsInDifferentOrdersFollowingOneAnotherAreEachReadRight() {
        for (int round = 0; round < 3; round++) {
            assertThat(read(USUAL)).containsExactly(USUAL_VALUES);
            assertThat(read(USUAL)).containsExactly(USUAL_VALUES);
            assertThat(read(SHUFFLED)).containsExactly(SHUFFLED_VALUES);
            assertThat(read(SPARSE)).containsExactly(SPARSE_VALUES);
            assertThat(read(USUAL)).containsExactly(USUAL_VALUES);
        }
    }

    @Test
    void readersOnManyThreadsShareTheShapeSafely() {
        List<String> records = List.of(USUAL, SHUFFLED, SPARSE);
        List<String[]> wanted = List.of(USUAL_VALUES, SHUFFLED_VALUES, SPARSE_VALUES);
        long wrong = IntStream.range(0, 60_000).parallel()
                .filter(i -> !Arrays.equals(read(records.get(i % 3)), wanted.get(i % 3)))
                .count();
        assertThat(wrong).isZero();
    }
}
