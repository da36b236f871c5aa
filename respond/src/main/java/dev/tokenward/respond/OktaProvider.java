package dev.tokenward.respond;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.output.Json;
import dev.tokenward.signal.Triage;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Okta's Users API with an API token ({@code Authorization: SSWS}): {@code okta.clear-sessions}
 * looks the user up by login ({@code GET /api/v1/users/{login}}) and clears every session and
 * OAuth token ({@code DELETE /api/v1/users/{id}/sessions?oauthTokens=true}, 204 even when there
 * were none: running it again is harmless).
 */
final class OktaProvider implements Provider {
    static final String CLEAR_SESSIONS = "okta.clear-sessions";
    private final String org;
    private final String token;
    private final Http http = new Http();

    /**
     * @param org   the org's URL, e.g. https://tidewateranalytics.okta.com
     * @param token an API token of an administrator allowed to manage the user
     */
    OktaProvider(String org, String token) {
        this.org = org;
        this.token = token;
    }

    @Override
    public boolean handles(String action) {
        return CLEAR_SESSIONS.equals(action);
    }

    @Override
    public String describe(Triage.Action action, Instant cutoff) {
        return "GET " + org + "/api/v1/users/" + encode(action.subject()) + ", then DELETE " + org
                + "/api/v1/users/{its id}/sessions?oauthTokens=true";
    }

    @Override
    public Outcome execute(Triage.Action action, Instant cutoff) {
        String lookup = "GET " + org + "/api/v1/users/" + encode(action.subject());
        Http.Response user = http.send(request("/api/v1/users/" + encode(action.subject())).GET());
        if (!user.ok()) {
            return Outcome.failed(lookup, error(user));
        }
        String id;
        try {
            id = Json.mapper().readTree(user.body()).path("id").asText(null);
        } catch (IOException e) {
            return Outcome.failed(lookup, "Okta answered " + user.status() + " with a body that is not a user: " + e.getMessage());
        }
        if (id == null) {
            return Outcome.failed(lookup, "Okta's answer names no user id");
        }
        String path = "/api/v1/users/" + encode(id) + "/sessions?oauthTokens=true";
        Http.Response cleared = http.send(request(path).DELETE());
        String request = "DELETE " + org + path;
        return cleared.ok() ? Outcome.done(request, "Okta answered " + cleared.status() + ": every session and OAuth token of "
                + action.subject() + " (" + id + ") revoked") : Outcome.failed(request, error(cleared));
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(Http.uri(org, pathAndQuery)).header("Accept", "application/json")
                .header("Content-Type", "application/json").header("Authorization", "SSWS " + token);
    }

    /** Okta's error object in words: "404 E0000007 Not found: Resource not found: … (User)". */
    private static String error(Http.Response response) {
        if (response.failure() != null) {
            return response.failure();
        }
        try {
            JsonNode error = Json.mapper().readTree(response.body());
            return "Okta answered " + response.status() + " " + error.path("errorCode").asText("") + " "
                    + error.path("errorSummary").asText("") + (response.attempts() > 1 ? " (after " + response.attempts() + " attempts)" : "");
        } catch (IOException e) {
            return "Okta answered " + response.status();
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
