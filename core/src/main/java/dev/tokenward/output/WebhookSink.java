package dev.tokenward.output;

import dev.tokenward.signal.Alert;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Delivers alerts to an HTTP endpoint, one JSON alert per POST, at least once: an alert is sent
 * until the receiver answers 2xx, then its id goes into the {@link DeliveryLedger}, and an alert the
 * ledger holds is never sent again (a run interrupted and run again sends only the rest). A 5xx,
 * 408, 429 or a network failure is retried after a backoff that doubles from {@code backoff} (a
 * 429's {@code Retry-After} is honoured up to {@link #MAX_WAIT}); another 4xx is the receiver
 * refusing the alert and is not retried. Receivers deduplicate by the {@code X-Tokenward-Alert-Id}
 * header.
 *
 * <p>Signature: with a secret, {@code X-Tokenward-Signature: sha256=HEX}, the HMAC-SHA256 of
 * {@code TIMESTAMP.BODY} under the secret, where {@code X-Tokenward-Timestamp} is the sending time
 * in Unix seconds: a receiver recomputes it and refuses old timestamps, so a captured request cannot
 * be replayed later.
 */
public final class WebhookSink implements AlertSink {
    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final URI endpoint;
    private final byte[] secret;
    private final int attempts;
    private final Duration backoff;
    private final HttpClient client;
    private final Clock clock;

    /**
     * @param secret   the HMAC key; null to send unsigned
     * @param attempts tries per alert, at least 1
     * @param backoff  the wait before the first retry; each next one doubles it
     */
    public WebhookSink(URI endpoint, byte[] secret, int attempts, Duration backoff, Clock clock) {
        if (!"https".equalsIgnoreCase(endpoint.getScheme()) && !"http".equalsIgnoreCase(endpoint.getScheme())) {
            throw new IllegalArgumentException("a webhook needs an http or https URL: " + endpoint);
        }
        this.endpoint = endpoint;
        this.secret = secret == null ? null : secret.clone();
        this.attempts = Math.max(1, attempts);
        this.backoff = backoff;
        this.clock = clock;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public Report deliver(List<Alert> alerts, DeliveryLedger ledger) throws IOException {
        List<Alert> pending = ledger.unacknowledged(alerts);
        int skipped = alerts.size() - pending.size();
        int delivered = 0;
        List<String> failed = new ArrayList<>();
        for (Alert alert : pending) {
            Optional<String> problem = send(alert);
            if (problem.isEmpty()) {
                ledger.record(alert.id());
                delivered++;
            } else {
                failed.add(alert.id() + ": " + problem.get());
            }
        }
        return new Report(delivered, skipped, failed);
    }

    /** Sends one alert until acknowledged or out of tries; what went wrong, or empty when acknowledged. */
    private Optional<String> send(Alert alert) throws IOException {
        byte[] body = Json.mapper().writeValueAsBytes(alert);
        Duration wait = backoff;
        String problem = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Duration retryAfter = null;
            try {
                HttpResponse<String> response = client.send(request(alert.id(), body), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return Optional.empty();
                }
                problem = "HTTP " + status;
                boolean retryable = status >= 500 || status == 408 || status == 429;
                if (!retryable) {
                    return Optional.of(problem + " (refused, not retried)");
                }
                retryAfter = response.headers().firstValue("Retry-After").map(WebhookSink::seconds).orElse(null);
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted");
            }
            if (attempt < attempts) {
                pause(retryAfter != null ? retryAfter : wait);
                wait = wait.multipliedBy(2);
            }
        }
        return Optional.of(problem + " after " + attempts + " tries");
    }

    private HttpRequest request(String id, byte[] body) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Tokenward-Alert-Id", id)
                .header("X-Tokenward-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) {
            request.header("X-Tokenward-Signature", "sha256=" + sign(secret, timestamp, body));
        }
        return request.build();
    }

    /** The hex HMAC-SHA256 of {@code timestamp + "." + body} under {@code secret}: what a receiver recomputes. */
    public static String sign(byte[] secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static Duration seconds(String value) {
        try {
            long seconds = Long.parseLong(value.trim());
            return Duration.ofSeconds(Math.max(0, Math.min(seconds, MAX_WAIT.toSeconds())));
        } catch (NumberFormatException httpDate) {
            return null;
        }
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(Math.min(wait.toMillis(), MAX_WAIT.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
