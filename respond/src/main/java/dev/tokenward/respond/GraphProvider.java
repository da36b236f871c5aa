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
 * Microsoft Graph with a bearer token: {@code entra.revoke-sessions} is
 * {@code POST /v1.0/users/{userPrincipalName}/revokeSignInSessions}, which invalidates the user's
 * refresh tokens and session cookies (access tokens already issued live on until they expire).
 * Answered {@code 200 {"value": true}}, again on a second call.
 */
final class GraphProvider implements Provider {
    static final String REVOKE_SESSIONS = "entra.revoke-sessions";
    private final String endpoint;
    private final String token;
    private final Http http = new Http();

    /**
     * @param endpoint https://graph.microsoft.com, or a national cloud's
     * @param token    an access token with User.RevokeSessions.All (e.g. from `az account get-access-token --resource-type ms-graph`)
     */
    GraphProvider(String endpoint, String token) {
        this.endpoint = endpoint;
        this.token = token;
    }

    @Override
    public boolean handles(String action) {
        return REVOKE_SESSIONS.equals(action);
    }

    @Override
    public String describe(Triage.Action action, Instant cutoff) {
        return "POST " + endpoint + path(action);
    }

    @Override
    public Outcome execute(Triage.Action action, Instant cutoff) {
        String request = describe(action, cutoff);
        Http.Response response = http.send(HttpRequest.newBuilder(Http.uri(endpoint, path(action)))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (response.ok()) {
            return Outcome.done(request, "Graph answered " + response.status() + ": refresh tokens and sessions of " + action.subject()
                    + " revoked" + (response.attempts() > 1 ? " (after " + response.attempts() + " attempts, rate limited)" : ""));
        }
        return Outcome.failed(request, error(response));
    }

    private static String path(Triage.Action action) {
        return "/v1.0/users/" + URLEncoder.encode(action.subject(), StandardCharsets.UTF_8).replace("+", "%20") + "/revokeSignInSessions";
    }

    /** Graph's error object in words: "403 Authorization_RequestDenied: Insufficient privileges…". */
    private static String error(Http.Response response) {
        if (response.failure() != null) {
            return response.failure();
        }
        try {
            JsonNode error = Json.mapper().readTree(response.body()).path("error");
            return "Graph answered " + response.status() + " " + error.path("code").asText("") + ": " + error.path("message").asText("")
                    + (response.attempts() > 1 ? " (after " + response.attempts() + " attempts)" : "");
        } catch (IOException e) {
            return "Graph answered " + response.status();
        }
    }
}
