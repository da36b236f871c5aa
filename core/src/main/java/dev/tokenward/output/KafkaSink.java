package dev.tokenward.output;

import dev.tokenward.signal.Alert;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Sends alerts to a Kafka topic, one record per alert: the key is the alert id (so an alert sent
 * twice lands in the same partition and a compacted topic keeps one), the value the alert as JSON,
 * with a {@code content-type} header. The producer is idempotent ({@code enable.idempotence},
 * {@code acks=all}): its own retries never write a record twice. An alert counts as delivered when
 * the broker acknowledged its record; the {@link DeliveryLedger} keeps a run again from sending it
 * again. Further producer settings (TLS, SASL) come from {@code properties}.
 */
public final class KafkaSink implements AlertSink {
    private final String topic;
    private final Map<String, Object> config = new LinkedHashMap<>();

    /**
     * @param bootstrap  the brokers ({@code host:9092,host2:9092})
     * @param topic      the topic written to
     * @param properties further producer settings ({@code security.protocol}, {@code sasl.mechanism}, ...)
     * @param timeout    how long a record may take to be acknowledged, retries included
     */
    public KafkaSink(String bootstrap, String topic, Map<String, String> properties, Duration timeout) {
        this.topic = topic;
        config.putAll(properties);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "tokenward");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        // the producer wants delivery.timeout.ms >= linger.ms + request.timeout.ms
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis() / 2, 30_000));
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    }

    @Override
    public Report deliver(List<Alert> alerts, DeliveryLedger ledger) throws IOException {
        List<Alert> pending = ledger.unacknowledged(alerts);
        int skipped = alerts.size() - pending.size();
        List<String> failed = new ArrayList<>();
        int delivered = 0;
        if (pending.isEmpty()) {
            return new Report(0, skipped, failed);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            KafkaException unreachable = null;
            for (Alert alert : pending) {
                if (unreachable != null) {
                    // the topic's metadata could not be had in time: the others would wait as long for nothing
                    sent.add(java.util.concurrent.CompletableFuture.failedFuture(unreachable));
                    continue;
                }
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, alert.time().toEpochMilli(), alert.id(),
                        Json.mapper().writeValueAsBytes(alert));
                record.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
                record.headers().add("tokenward-analytic", alert.analytic().getBytes(StandardCharsets.UTF_8));
                try {
                    sent.add(producer.send(record));
                } catch (KafkaException refused) {
                    sent.add(java.util.concurrent.CompletableFuture.failedFuture(refused));
                    unreachable = refused instanceof org.apache.kafka.common.errors.TimeoutException ? refused : null;
                }
            }
            producer.flush();
            for (int i = 0; i < pending.size(); i++) {
                String id = pending.get(i).id();
                try {
                    sent.get(i).get();
                    ledger.record(id);
                    delivered++;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    failed.add(id + ": " + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.add(id + ": interrupted");
                }
            }
        } catch (KafkaException e) {
            // the producer could not be made (a setting it refuses): nothing was sent
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String why = "the producer could not be made: " + cause.getMessage();
            pending.forEach(alert -> failed.add(alert.id() + ": " + why));
        }
        return new Report(delivered, skipped, failed);
    }
}
