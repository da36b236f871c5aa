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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A stand-in collector on 127.0.0.1 with indexer acknowledgement: batches are delivered only once indexed. */
class SplunkHecSinkTest {
    private static final String CHANNEL = "0f3c2a4e-8d1b-4c6f-9a7e-5b2d1c3e4f50";

    private HttpServer server;
    private final List<String> batches = new ArrayList<>();
    private final List<String> headers = new ArrayList<>();
    private final AtomicLong nextAck = new AtomicLong();
    /** Ack ids the stand-in will report indexed; others stay pending. */
    private final Set<Long> indexed = new HashSet<>();
    private volatile boolean indexEverything = true;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/services/collector/event", exchange -> {
            batches.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            headers.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + exchange.getRequestHeaders().getFirst("X-Splunk-Request-Channel"));
            long ack = nextAck.getAndIncrement();
            if (indexEverything) {
                indexed.add(ack);
            }
            respond(exchange, "{\"text\":\"Success\",\"code\":0,\"ackId\":" + ack + "}");
        });
        server.createContext("/services/collector/ack", exchange -> {
            JsonNode asked = dev.tokenward.output.Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
            long ack = asked.path("acks").get(0).asLong();
            respond(exchange, "{\"acks\":{\"" + ack + "\":" + indexed.contains(ack) + "}}");
        });
        server.start();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private SplunkHecSink sink(int attempts) {
        return new SplunkHecSink(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "b6d5e1c2-7a3f-4e9d-8c21-0d4f6a9b3e17",
                "security", CHANNEL, attempts, Duration.ofMillis(5), Duration.ofMillis(200));
    }

    @Test
    void sendsEventsOnAChannelAndRecordsThemOnceIndexed(@TempDir Path dir) throws IOException {
        try (DeliveryLedger ledger = DeliveryLedger.open(dir.resolve("ledger.txt"))) {
            AlertSink.Report report = sink(2).deliver(List.of(alert(1), alert(2)), ledger);
            assertThat(report.delivered()).isEqualTo(2);
            assertThat(ledger.acknowledged(alert(2).id())).isTrue();
        }
        assertThat(batches).hasSize(1);
        assertThat(headers.get(0)).isEqualTo("Splunk b6d5e1c2-7a3f-4e9d-8c21-0d4f6a9b3e17 " + CHANNEL);
        JsonNode first = dev.tokenward.output.Json.mapper().readTree(batches.get(0).split("\n")[0]);
        assertThat(first.path("sourcetype").asText()).isEqualTo("tokenward:alert");
        assertThat(first.path("index").asText()).isEqualTo("security");
        assertThat(first.path("time").asDouble()).isEqualTo(alert(1).time().getEpochSecond());
        assertThat(first.path("event").path("id").asText()).isEqualTo(alert(1).id());
    }

    @Test
    void aBatchNeverAcknowledgedIsSentAgainThenNamed(@TempDir Path dir) throws IOException {
        indexEverything = false;
        try (DeliveryLedger ledger = DeliveryLedger.open(dir.resolve("ledger.txt"))) {
            AlertSink.Report report = sink(2).deliver(List.of(alert(1)), ledger);
            assertThat(report.delivered()).isZero();
            assertThat(report.failed()).singleElement().asString().contains("not acknowledged as indexed").contains("after 2 tries");
            assertThat(ledger.acknowledged(alert(1).id())).isFalse();
        }
        assertThat(batches).hasSize(2);
    }

    private static Alert alert(int n) {
        return TestAlerts.replayedSession(n);
    }
}
