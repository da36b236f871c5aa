package dev.tokenward.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.tokenward.signal.Alert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Bulk indexing against a stand-in cluster on 127.0.0.1 that answers each item as told. */
class ElasticBulkSinkTest {
    private HttpServer server;
    /** Per request, the status of each item in order. */
    private final Deque<List<Integer>> answers = new ArrayDeque<>();
    private final List<String> bodies = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/_bulk", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            List<Integer> statuses = answers.poll();
            StringBuilder items = new StringBuilder();
            int n = body.split("\n").length / 2;
            for (int i = 0; i < n; i++) {
                int status = statuses == null ? 201 : statuses.get(i);
                items.append(i == 0 ? "" : ",").append("{\"create\":{\"_index\":\"tokenward-alerts\",\"status\":").append(status)
                        .append(status == 400 ? ",\"error\":{\"type\":\"document_parsing_exception\"}" : "").append("}}");
            }
            byte[] response = ("{\"took\":7,\"errors\":false,\"items\":[" + items + "]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, response.length);
            exchange.getResponseBody().write(response);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ElasticBulkSink sink() {
        return new ElasticBulkSink(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "tokenward-alerts",
                "ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==", 3, Duration.ofMillis(5));
    }

    @Test
    void createsEcsDocumentsKeyedByAlertId(@TempDir Path dir) throws IOException {
        try (DeliveryLedger ledger = DeliveryLedger.open(dir.resolve("ledger.txt"))) {
            AlertSink.Report report = sink().deliver(List.of(alert(1), alert(2)), ledger);
            assertThat(report.delivered()).isEqualTo(2);
        }
        String[] lines = bodies.get(0).split("\n");
        JsonNode action = Json.mapper().readTree(lines[0]);
        assertThat(action.path("create").path("_id").asText()).isEqualTo(alert(1).id());
        assertThat(action.path("create").path("_index").asText()).isEqualTo("tokenward-alerts");
        JsonNode doc = Json.mapper().readTree(lines[1]);
        assertThat(doc.path("event").path("kind").asText()).isEqualTo("alert");
        assertThat(doc.path("event").path("severity").asInt()).isEqualTo(73);
        assertThat(doc.path("rule").path("id").asText()).isEqualTo("credential-roaming");
        assertThat(doc.path("threat").path("technique").get(0).path("id").asText()).isEqualTo("T1550.001");
        assertThat(doc.path("related").path("ip").get(0).asText()).isEqualTo("185.220.101.41");
        assertThat(doc.path("tokenward").path("id").asText()).isEqualTo(alert(1).id());
    }

    @Test
    void anAlreadyIndexedAlertCountsAsAcknowledgedAndRefusalsAreNamed(@TempDir Path dir) throws IOException {
        answers.add(List.of(409, 400, 429));
        answers.add(List.of(201));
        try (DeliveryLedger ledger = DeliveryLedger.open(dir.resolve("ledger.txt"))) {
            AlertSink.Report report = sink().deliver(List.of(alert(1), alert(2), alert(3)), ledger);
            assertThat(report.delivered()).isEqualTo(2);
            assertThat(report.failed()).singleElement().asString().contains(alert(2).id()).contains("document_parsing_exception");
            assertThat(ledger.acknowledged(alert(1).id())).isTrue();
            assertThat(ledger.acknowledged(alert(3).id())).isTrue();
        }
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(1)).contains(alert(3).id()).doesNotContain(alert(1).id());
        bodies.clear();
        try (DeliveryLedger ledger = DeliveryLedger.open(dir.resolve("ledger.txt"))) {
            AlertSink.Report again = sink().deliver(List.of(alert(1), alert(3)), ledger);
            assertThat(again.skipped()).isEqualTo(2);
        }
        assertThat(bodies).isEmpty();
    }

    private static Alert alert(int n) {
        return TestAlerts.replayedSession(n);
    }
}
