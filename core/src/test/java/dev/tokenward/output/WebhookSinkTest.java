package dev.tokenward.output;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Delivery to a receiver on 127.0.0.1 that answers as told: acknowledgements, retries, refusals, the ledger. */
class WebhookSinkTest {
    private static final byte[] SECRET = "whsec_5b1f0c0e9d7a".getBytes(StandardCharsets.UTF_8);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T09:00:00Z"), ZoneOffset.UTC);

    private HttpServer server;
    private final Deque<Integer> answers = new ArrayDeque<>();
    private final List<Map<String, String>> received = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hooks/tokenward", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (received) {
                received.add(Map.of("id", exchange.getRequestHeaders().getFirst("X-Tokenward-Alert-Id"),
                        "timestamp", exchange.getRequestHeaders().getFirst("X-Tokenward-Timestamp"),
                        "signature", String.valueOf(exchange.getRequestHeaders().getFirst("X-Tokenward-Signature")),
                        "body", new String(body, StandardCharsets.UTF_8)));
            }
            Integer status = answers.poll();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private WebhookSink sink() {
        return new WebhookSink(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/tokenward"), SECRET, 3,
                Duration.ofMillis(5), CLOCK);
    }

    @Test
    void signsEachAlertAndRecordsWhatWasAcknowledged(@TempDir Path dir) throws IOException {
        AlertSink.Report report;
        try (DeliveryLedger ledger = DeliveryLedger.open(dir.resolve("ledger.txt"))) {
            report = sink().deliver(List.of(alert(1), alert(2)), ledger);
        }
        assertThat(report.delivered()).isEqualTo(2);
        assertThat(received).hasSize(2);
        Map<String, String> first = received.get(0);
        assertThat(first.get("id")).isEqualTo(alert(1).id());
        assertThat(first.get("timestamp")).isEqualTo("1795165200");
        assertThat(first.get("signature")).isEqualTo("sha256=" + WebhookSink.sign(SECRET, first.get("timestamp"),
                first.get("body").getBytes(StandardCharsets.UTF_8)));
        assertThat(first.get("body")).contains("\"analytic\":\"credential-roaming\"");
    }

    @Test
    void aRunAgainSendsOnlyWhatWasNotAcknowledged(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ledger.txt");
        answers.add(200);
        answers.add(400);
        try (DeliveryLedger ledger = DeliveryLedger.open(file)) {
            AlertSink.Report first = sink().deliver(List.of(alert(1), alert(2)), ledger);
            assertThat(first.delivered()).isEqualTo(1);
            assertThat(first.failed()).singleElement().asString().contains(alert(2).id()).contains("HTTP 400 (refused, not retried)");
        }
        received.clear();
        try (DeliveryLedger ledger = DeliveryLedger.open(file)) {
            AlertSink.Report again = sink().deliver(List.of(alert(1), alert(2), alert(3)), ledger);
            assertThat(again.skipped()).isEqualTo(1);
            assertThat(again.delivered()).isEqualTo(2);
        }
        assertThat(received).extracting(r -> r.get("id")).containsExactly(alert(2).id(), alert(3).id());
    }

    @Test
    void retriesServerErrorsWithBackoffAndGivesUpAfterItsTries(@TempDir Path dir) throws IOException {
        answers.add(503);
        answers.add(429);
        answers.add(200);
        answers.add(500);
        answers.add(502);
        answers.add(504);
        try (DeliveryLedger ledger = DeliveryLedger.open(dir.resolve("ledger.txt"))) {
            AlertSink.Report report = sink().deliver(List.of(alert(1), alert(2)), ledger);
            assertThat(report.delivered()).isEqualTo(1);
            assertThat(report.failed()).singleElement().asString().contains(alert(2).id()).contains("HTTP 504 after 3 tries");
            assertThat(ledger.acknowledged(alert(1).id())).isTrue();
            assertThat(ledger.acknowledged(alert(2).id())).isFalse();
        }
        assertThat(received).hasSize(6);
    }

    private static Alert alert(int n) {
        return TestAlerts.replayedSession(n);
    }
}
