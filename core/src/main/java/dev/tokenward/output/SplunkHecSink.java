package dev.tokenward.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.signal.Alert;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sends alerts to Splunk's HTTP Event Collector ({@code /services/collector/event}), one event per
 * alert ({@code time} the alert's, {@code sourcetype} {@code tokenward:alert}, the alert as the
 * event), batched, with indexer acknowledgement: a batch counts as delivered only when
 * {@code /services/collector/ack} says its {@code ackId} was indexed, polled until it is or
 * {@code ackTimeout} passes. A batch refused (4xx other than 429) is named; one that fails, is
 * throttled, or is not acknowledged in time is sent again with doubling backoff. Delivery is at
 * least once; Splunk does not deduplicate, so the {@link DeliveryLedger} keeps a run again from
 * sending what was acknowledged.
 */
public final class SplunkHecSink implements AlertSink {
    private static final int BATCH = 100;

    private final URI events;
    private final URI acks;
    private final String token;
    private final String index;
    private final String channel;
    private final int attempts;
    private final Duration backoff;
    private final Duration ackTimeout;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param base    the collector's URL ({@code https://splunk.example.com:8088})
     * @param token   the HEC token
     * @param index   the index to write to; null for the token's default
     * @param channel the acknowledgement channel (a GUID); one per run when null
     */
    public SplunkHecSink(URI base, String token, String index, String channel, int attempts, Duration backoff, Duration ackTimeout) {
        this.events = AlertSink.under(base, "services/collector/event");
        this.token = token;
        this.index = index;
        this.channel = channel != null ? channel : UUID.randomUUID().toString();
        this.acks = AlertSink.under(base, "services/collector/ack?channel=" + this.channel);
        this.attempts = Math.max(1, attempts);
        this.backoff = backoff;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public Report deliver(List<Alert> alerts, DeliveryLedger ledger) throws IOException {
        List<Alert> pending = ledger.unacknowledged(alerts);
        int skipped = alerts.size() - pending.size();
        int delivered = 0;
        List<String> failed = new ArrayList<>();
        for (List<Alert> batch : AlertSink.batches(pending, BATCH)) {
            String problem = send(batch);
            if (problem == null) {
                for (Alert alert : batch) {
                    ledger.record(alert.id());
                }
                delivered += batch.size();
            } else {
                batch.forEach(alert -> failed.add(alert.id() + ": " + problem));
            }
        }
        return new Report(delivered, skipped, failed);
    }

    /** Sends one batch until indexed; null when it was, else why not. */
    private String send(List<Alert> batch) throws IOException {
        byte[] body = body(batch);
        Duration wait = backoff;
        String problem = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<String> response = client.send(post(events, body), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    JsonNode answer = Json.mapper().readTree(response.body());
                    if (!answer.has("ackId")) {
                        return "the collector gave no ackId: indexer acknowledgement is off for this token (turn it on, or "
                                + "nothing can be known to be indexed)";
                    }
                    if (indexed(answer.get("ackId").asLong())) {
                        return null;
                    }
                    problem = "not acknowledged as indexed within " + ackTimeout.toSeconds() + " s";
                } else if (status == 429 || status >= 500) {
                    problem = "HTTP " + status;
                } else {
                    return "HTTP " + status + " (refused, not retried): " + response.body();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt < attempts && !pause(wait)) {
                return "interrupted";
            }
            wait = wait.multipliedBy(2);
        }
        return problem + " after " + attempts + " tries";
    }

    /** Polls the acknowledgement endpoint until the id is indexed or the timeout passes. */
    private boolean indexed(long ackId) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        Duration poll = Duration.ofMillis(Math.max(10, Math.min(1000, ackTimeout.toMillis() / 20)));
        byte[] query = Json.mapper().writeValueAsBytes(Map.of("acks", List.of(ackId)));
        while (true) {
            HttpResponse<String> response = client.send(post(acks, query), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2
                    && Json.mapper().readTree(response.body()).path("acks").path(Long.toString(ackId)).asBoolean(false)) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(poll.toMillis());
        }
    }

    private byte[] body(List<Alert> batch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(batch.size() * 2048);
        for (Alert alert : batch) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("time", alert.time().toEpochMilli() / 1000.0);
            event.put("source", "tokenward");
            event.put("sourcetype", "tokenward:alert");
            if (index != null) {
                event.put("index", index);
            }
            event.put("event", alert);
            out.write(Json.mapper().writeValueAsBytes(event));
            out.write('\n');
        }
        return out.toByteArray();
    }

    private HttpRequest post(URI to, byte[] body) {
        return HttpRequest.newBuilder(to).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Splunk " + token)
                .header("X-Splunk-Request-Channel", channel)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static boolean pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
