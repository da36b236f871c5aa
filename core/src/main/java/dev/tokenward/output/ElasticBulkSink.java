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
import java.util.List;
import java.util.Map;

/**
 * Indexes alerts into Elasticsearch (or OpenSearch) with the bulk API as ECS documents
 * ({@link EcsAlert}), each a {@code create} with {@code _id} the alert id: a document already there
 * (409) is an alert indexed before, so delivery is at least once and never twice. Items refused with
 * 429 or 5xx, or a whole request that fails, are retried with doubling backoff; an item refused
 * otherwise (a mapping conflict) is named and not retried. Acknowledged ids go to the
 * {@link DeliveryLedger}, so a run again does not even ask.
 */
public final class ElasticBulkSink implements AlertSink {
    private static final int BATCH = 500;

    private final URI bulk;
    private final String index;
    private final String authorization;
    private final int attempts;
    private final Duration backoff;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param base          the cluster's URL ({@code https://es.example.com:9200})
     * @param authorization the Authorization header's value ({@code ApiKey ...}); null for none
     */
    public ElasticBulkSink(URI base, String index, String authorization, int attempts, Duration backoff) {
        this.bulk = AlertSink.under(base, "_bulk");
        this.index = index;
        this.authorization = authorization;
        this.attempts = Math.max(1, attempts);
        this.backoff = backoff;
    }

    @Override
    public Report deliver(List<Alert> alerts, DeliveryLedger ledger) throws IOException {
        List<Alert> pending = ledger.unacknowledged(alerts);
        int skipped = alerts.size() - pending.size();
        int delivered = 0;
        List<String> failed = new ArrayList<>();
        for (List<Alert> batch : AlertSink.batches(pending, BATCH)) {
            delivered += send(new ArrayList<>(batch), ledger, failed);
        }
        return new Report(delivered, skipped, failed);
    }

    /** Sends one batch until every item is acknowledged, refused or out of tries; how many were acknowledged. */
    private int send(List<Alert> batch, DeliveryLedger ledger, List<String> failed) throws IOException {
        int acknowledged = 0;
        Duration wait = backoff;
        String problem = null;
        for (int attempt = 1; attempt <= attempts && !batch.isEmpty(); attempt++) {
            try {
                HttpResponse<String> response = client.send(request(batch), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 != 2) {
                    problem = "HTTP " + response.statusCode();
                    if (response.statusCode() < 500 && response.statusCode() != 429) {
                        for (Alert alert : batch) {
                            failed.add(alert.id() + ": " + problem + " (refused, not retried)");
                        }
                        return acknowledged;
                    }
                } else {
                    JsonNode items = Json.mapper().readTree(response.body()).path("items");
                    List<Alert> retry = new ArrayList<>();
                    for (int i = 0; i < batch.size(); i++) {
                        JsonNode result = items.path(i).path("create");
                        int status = result.path("status").asInt(0);
                        if (status / 100 == 2 || status == 409) {
                            ledger.record(batch.get(i).id());
                            acknowledged++;
                        } else if (status == 429 || status >= 500 || status == 0) {
                            retry.add(batch.get(i));
                            problem = "item status " + status;
                        } else {
                            failed.add(batch.get(i).id() + ": refused, " + status + " " + result.path("error").path("type").asText("")
                                    + " (not retried)");
                        }
                    }
                    batch = retry;
                }
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem = "interrupted";
                break;
            }
            if (!batch.isEmpty() && attempt < attempts) {
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                wait = wait.multipliedBy(2);
            }
        }
        for (Alert alert : batch) {
            failed.add(alert.id() + ": " + problem + " after " + attempts + " tries");
        }
        return acknowledged;
    }

    private HttpRequest request(List<Alert> batch) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(batch.size() * 2048);
        for (Alert alert : batch) {
            body.write(Json.mapper().writeValueAsBytes(Map.of("create", Map.of("_index", index, "_id", alert.id()))));
            body.write('\n');
            body.write(Json.mapper().writeValueAsBytes(EcsAlert.of(alert)));
            body.write('\n');
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(bulk).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }
}
