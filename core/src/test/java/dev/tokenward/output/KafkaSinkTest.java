package dev.tokenward.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.signal.Alert;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Against a real broker started in this JVM (KRaft, one node on 127.0.0.1). */
class KafkaSinkTest {
    private static KafkaClusterTestKit cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build()).build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void eachAlertIsOneRecordKeyedByItsIdAndARunAgainSendsNothingTwice() throws Exception {
        List<Alert> alerts = List.of(TestAlerts.replayedSession(1), TestAlerts.replayedSession(2));
        KafkaSink sink = new KafkaSink(cluster.bootstrapServers(), "tokenward-alerts", Map.of(), Duration.ofSeconds(30));

        AlertSink.Report first;
        try (DeliveryLedger ledger = DeliveryLedger.open(dir.resolve("kafka-ledger.txt"))) {
            first = sink.deliver(alerts, ledger);
        }
        AlertSink.Report again;
        try (DeliveryLedger ledger = DeliveryLedger.open(dir.resolve("kafka-ledger.txt"))) {
            again = sink.deliver(List.of(alerts.get(0), alerts.get(1), TestAlerts.replayedSession(3)), ledger);
        }

        assertThat(first.delivered()).isEqualTo(2);
        assertThat(first.failed()).isEmpty();
        assertThat(again.delivered()).isEqualTo(1);
        assertThat(again.skipped()).isEqualTo(2);
        List<ConsumerRecord<String, byte[]>> records = read("tokenward-alerts", 3);
        assertThat(records).extracting(ConsumerRecord::key)
                .containsExactly(alerts.get(0).id(), alerts.get(1).id(), TestAlerts.replayedSession(3).id());
        JsonNode value = Json.mapper().readTree(records.get(0).value());
        assertThat(value.path("id").asText()).isEqualTo(alerts.get(0).id());
        assertThat(value.path("analytic").asText()).isEqualTo("credential-roaming");
        assertThat(records.get(0).timestamp()).isEqualTo(alerts.get(0).time().toEpochMilli());
        assertThat(new String(records.get(0).headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                .isEqualTo("application/json");
    }

    @Test
    void aBrokerThatCannotBeReachedLeavesEveryAlertUndeliveredAndUnrecorded() throws Exception {
        KafkaSink sink = new KafkaSink("127.0.0.1:1", "tokenward-alerts", Map.of(), Duration.ofSeconds(2));
        try (DeliveryLedger ledger = DeliveryLedger.open(dir.resolve("unreachable-ledger.txt"))) {
            AlertSink.Report report = sink.deliver(List.of(TestAlerts.replayedSession(4)), ledger);
            assertThat(report.delivered()).isZero();
            assertThat(report.failed()).singleElement().asString().startsWith(TestAlerts.replayedSession(4).id() + ": TimeoutException");
            assertThat(ledger.acknowledged(TestAlerts.replayedSession(4).id())).isFalse();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> read(String topic, int wanted) {
        // no consumer group: a one-node cluster cannot hold the offsets topic's three replicas
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < wanted && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
