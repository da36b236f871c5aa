package dev.tokenward.respond;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * HTTPS calls to a provider's REST API with its rate limiting honoured: on 429 the request is
 * sent again after the wait the provider asks for ({@code Retry-After} seconds, or Okta's
 * {@code X-Rate-Limit-Reset} epoch second), at most {@value #ATTEMPTS} times and never longer than
 * {@link #LONGEST_WAIT} a time.
 */
final class Http {
    static final int ATTEMPTS = 3;
    static final Duration LONGEST_WAIT = Duration.ofSeconds(60);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** The answer, or the reason there is none (a network failure) as a failed response of status 0. */
    Response send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(TIMEOUT).build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = client.send(built, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                return new Response(0, "", "no answer from " + built.uri().getHost() + ": " + e.getMessage(), attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Response(0, "", "interrupted", attempt);
            }
            if (response.statusCode() != 429 || attempt == ATTEMPTS) {
                return new Response(response.statusCode(), response.body(), null, attempt);
            }
            try {
                Thread.sleep(wait(response).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Response(429, response.body(), "interrupted while waiting to retry", attempt);
            }
        }
    }

    private static Duration wait(HttpResponse<?> response) {
        Optional<String> retryAfter = response.headers().firstValue("Retry-After");
        Optional<String> reset = response.headers().firstValue("X-Rate-Limit-Reset");
        Duration wait = Duration.ofSeconds(1);
        try {
            if (retryAfter.isPresent()) {
                wait = Duration.ofSeconds(Long.parseLong(retryAfter.get().trim()));
            } else if (reset.isPresent()) {
                wait = Duration.between(Instant.now(), Instant.ofEpochSecond(Long.parseLong(reset.get().trim())));
            }
        } catch (NumberFormatException e) {
            wait = Duration.ofSeconds(1);
        }
        return wait.isNegative() ? Duration.ZERO : wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    static URI uri(String base, String pathAndQuery) {
        return URI.create(base.replaceAll("/+$", "") + pathAndQuery);
    }

    /**
     * @param status   the HTTP status, 0 when there was no answer
     * @param body     the answer's body
     * @param failure  why there was no answer; null when there was one
     * @param attempts how many times it was sent
     */
    record Response(int status, String body, String failure, int attempts) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }
}
