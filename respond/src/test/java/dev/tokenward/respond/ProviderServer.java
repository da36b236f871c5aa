package dev.tokenward.respond;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A local HTTP server on 127.0.0.1 that answers as a provider's documentation shows: each answer is
 * queued for a method and path, given in order, and every request is recorded as it arrived
 * (method, path, query, authorisation, body) for the test to check.
 */
public final class ProviderServer implements AutoCloseable {
    public record Request(String method, String path, String query, String authorization, String contentType, String body) {
    }

    public record Answer(int status, Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    private final List<Request> received = new ArrayList<>();
    private final Map<String, Deque<Answer>> answers = new java.util.HashMap<>();

    public ProviderServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            URI uri = exchange.getRequestURI();
            Request request = new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type"), body);
            Answer answer;
            synchronized (this) {
                received.add(request);
                Deque<Answer> queued = answers.get(request.method() + " " + request.path());
                answer = queued == null || queued.isEmpty() ? new Answer(599, Map.of(), "no answer queued for " + request.method() + " "
                        + request.path()) : queued.size() == 1 ? queued.peek() : queued.poll();
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    /** Answers {@code method path} with these, in order; the last one again for any later request. */
    public synchronized ProviderServer answer(String method, String path, Answer... in) {
        answers.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).addAll(List.of(in));
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public synchronized List<Request> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
