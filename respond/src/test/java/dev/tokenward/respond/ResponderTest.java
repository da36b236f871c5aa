package dev.tokenward.respond;

import dev.tokenward.analytic.Severity;
import dev.tokenward.signal.Incident;
import dev.tokenward.signal.Triage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each provider call against a local server answering as the provider documents it: success,
 * a second run, Okta's E0000007, Graph's 429 with Retry-After, IAM's Throttling and a denial.
 * The test checks the exact method, path, query and body sent.
 */
class ResponderTest {
    private static final String ANNA = "anna.kowalski@tidewateranalytics.com";
    private static final String LI = "li.wei@tidewateranalytics.com";
    private static final String TOM = "arn:aws:iam::482910376154:user/tom.becker";
    private static final String ETL_ROLE = "arn:aws:iam::482910376154:role/etl-worker-instance-role";
    private static final Instant CUTOFF = Instant.parse("2026-11-18T21:30:00Z");
    private static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";

    private final ProviderServer okta = new ProviderServer();
    private final ProviderServer graph = new ProviderServer();
    private final ProviderServer iam = new ProviderServer();
    private final List<AuditRecord> audit = new ArrayList<>();
    private final Responder responder = new Responder(new Responder.Providers(okta.url(), "00QCjAl4MlV-WPXM-test-token", graph.url(),
            "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.test", URI.create(iam.url()),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))));

    @AfterEach
    void stop() {
        responder.close();
        okta.close();
        graph.close();
        iam.close();
    }

    private static Incident incident(Triage.Action... actions) {
        return new Incident("inc-8c55cb31239dbf153be4", "incident", "test", CUTOFF, CUTOFF, Severity.CRITICAL, 2, List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), 0, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(actions), null, List.of());
    }

    private static ProviderServer.Answer answer(int status, String body, String... headers) {
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return new ProviderServer.Answer(status, map, body);
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&")).map(p -> p.split("=", 2)).collect(Collectors.toMap(
                p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8), p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8), (a, b) -> a,
                TreeMap::new));
    }

    @Test
    void oktaLooksTheUserUpThenClearsSessionsAndTokensAndASecondRunDoesNoHarm() {
        okta.answer("GET", "/api/v1/users/anna.kowalski%40tidewateranalytics.com", answer(200, """
                {"id":"00ub0oNGTSWTBKOLGLNR","status":"ACTIVE","created":"2025-03-11T17:02:13.000Z",
                 "profile":{"firstName":"Anna","lastName":"Kowalski","email":"anna.kowalski@tidewateranalytics.com",
                 "login":"anna.kowalski@tidewateranalytics.com"}}""", "Content-Type", "application/json"))
                .answer("DELETE", "/api/v1/users/00ub0oNGTSWTBKOLGLNR/sessions", answer(204, ""));
        Incident incident = incident(new Triage.Action("okta.clear-sessions", ANNA, null));

        responder.execute(incident, CUTOFF, audit::add);
        responder.execute(incident, CUTOFF, audit::add);

        assertThat(okta.received()).hasSize(4);
        ProviderServer.Request lookup = okta.received().get(0);
        assertThat(lookup.method()).isEqualTo("GET");
        assertThat(lookup.path()).isEqualTo("/api/v1/users/anna.kowalski%40tidewateranalytics.com");
        assertThat(lookup.authorization()).isEqualTo("SSWS 00QCjAl4MlV-WPXM-test-token");
        ProviderServer.Request clear = okta.received().get(1);
        assertThat(clear.method()).isEqualTo("DELETE");
        assertThat(clear.path()).isEqualTo("/api/v1/users/00ub0oNGTSWTBKOLGLNR/sessions");
        assertThat(clear.query()).isEqualTo("oauthTokens=true");
        assertThat(clear.body()).isEmpty();
        assertThat(audit).extracting(AuditRecord::status).containsExactly(Outcome.Status.DONE, Outcome.Status.DONE);
        assertThat(audit.get(0).request()).isEqualTo("DELETE " + okta.url() + "/api/v1/users/00ub0oNGTSWTBKOLGLNR/sessions?oauthTokens=true");
        assertThat(audit.get(0).toString()).doesNotContain("test-token");
    }

    @Test
    void oktasResourceNotFoundIsAFailureThatSaysSoAndTheNextActionStillRuns() {
        okta.answer("GET", "/api/v1/users/ghost%40tidewateranalytics.com", answer(404, """
                {"errorCode":"E0000007","errorSummary":"Not found: Resource not found: ghost@tidewateranalytics.com (User)",
                 "errorLink":"E0000007","errorId":"oaeXtTBmRfmSvaRj3FZYbEa5w","errorCauses":[]}""", "Content-Type", "application/json"));
        graph.answer("POST", "/v1.0/users/li.wei%40tidewateranalytics.com/revokeSignInSessions",
                answer(200, "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean\",\"value\":true}"));

        responder.execute(incident(new Triage.Action("okta.clear-sessions", "ghost@tidewateranalytics.com", null),
                new Triage.Action("entra.revoke-sessions", LI, null)), CUTOFF, audit::add);

        assertThat(audit).extracting(AuditRecord::status).containsExactly(Outcome.Status.FAILED, Outcome.Status.DONE);
        assertThat(audit.get(0).detail()).isEqualTo("Okta answered 404 E0000007 Not found: Resource not found: ghost@tidewateranalytics.com (User)");
        assertThat(okta.received()).extracting(ProviderServer.Request::method).containsExactly("GET");
    }

    @Test
    void graphIsAskedAgainAfterTheRetryAfterItGivesWith429() {
        graph.answer("POST", "/v1.0/users/li.wei%40tidewateranalytics.com/revokeSignInSessions",
                answer(429, "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Too many requests.\"}}", "Retry-After", "1"),
                answer(200, "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean\",\"value\":true}"));

        responder.execute(incident(new Triage.Action("entra.revoke-sessions", LI, null)), CUTOFF, audit::add);

        assertThat(graph.received()).hasSize(2).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/v1.0/users/li.wei%40tidewateranalytics.com/revokeSignInSessions");
            assertThat(r.query()).isNull();
            assertThat(r.authorization()).isEqualTo("Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.test");
            assertThat(r.body()).isEmpty();
        });
        assertThat(audit.get(0).status()).isEqualTo(Outcome.Status.DONE);
        assertThat(audit.get(0).detail()).contains("after 2 attempts, rate limited");
    }

    @Test
    void graphsDenialIsReportedWithItsCode() {
        graph.answer("POST", "/v1.0/users/li.wei%40tidewateranalytics.com/revokeSignInSessions", answer(403, """
                {"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.",
                 "innerError":{"date":"2026-11-18T21:30:02","request-id":"b1f3c2d4-8e5a-4f6b-9c7d-0a1e2f3b4c5d"}}}"""));

        responder.execute(incident(new Triage.Action("entra.revoke-sessions", LI, null)), CUTOFF, audit::add);

        assertThat(audit.get(0).status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(audit.get(0).detail()).isEqualTo("Graph answered 403 Authorization_RequestDenied: Insufficient privileges to complete the operation.");
    }

    @Test
    void iamDeactivatesTheKeyAfterThrottlingAndDeniesTheUsersOlderSessions() {
        iam.answer("POST", "/", answer(400, """
                        <ErrorResponse xmlns="%s"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>
                        <RequestId>0c7ab2f1-5e9d-4c11-8b6a-3d2f0e9a7b41</RequestId></ErrorResponse>""".formatted(IAM_NS), "Content-Type", "text/xml"),
                answer(200, """
                        <UpdateAccessKeyResponse xmlns="%s"><ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
                        </ResponseMetadata></UpdateAccessKeyResponse>""".formatted(IAM_NS), "Content-Type", "text/xml"),
                answer(200, """
                        <PutUserPolicyResponse xmlns="%s"><ResponseMetadata><RequestId>4b2f9e01-7c3d-4a58-9e61-2d8c5b7a3f90</RequestId>
                        </ResponseMetadata></PutUserPolicyResponse>""".formatted(IAM_NS), "Content-Type", "text/xml"));

        responder.execute(incident(new Triage.Action("aws.deactivate-key", TOM, "AKIAPDEEBCBYR4B7QDPD"),
                new Triage.Action("aws.deny-before", TOM, null)), CUTOFF, audit::add);

        List<ProviderServer.Request> sent = iam.received();
        assertThat(sent).hasSize(3).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/");
            assertThat(r.contentType()).startsWith("application/x-www-form-urlencoded");
            assertThat(r.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/");
        });
        Map<String, String> deactivate = Map.of("Action", "UpdateAccessKey", "Version", "2010-05-08", "UserName", "tom.becker",
                "AccessKeyId", "AKIAPDEEBCBYR4B7QDPD", "Status", "Inactive");
        assertThat(form(sent.get(0).body())).isEqualTo(deactivate);
        assertThat(form(sent.get(1).body())).as("the same request again after Throttling").isEqualTo(deactivate);
        assertThat(form(sent.get(2).body())).isEqualTo(Map.of("Action", "PutUserPolicy", "Version", "2010-05-08", "UserName", "tom.becker",
                "PolicyName", "TokenwardDenySessionsIssuedBefore", "PolicyDocument", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":"
                        + "\"TokenwardDenySessionsIssuedBefore\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":"
                        + "{\"DateLessThan\":{\"aws:TokenIssueTime\":\"2026-11-18T21:30:00Z\"}}}]}"));
        assertThat(audit).extracting(AuditRecord::status).containsExactly(Outcome.Status.DONE, Outcome.Status.DONE);
        assertThat(audit.get(0).credential()).isEqualTo("AKIAPDEEBCBYR4B7QDPD");
    }

    @Test
    void iamsDenialOfARolePolicyIsAFailureWithItsMessage() {
        iam.answer("POST", "/", answer(403, """
                <ErrorResponse xmlns="%s"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::482910376154:user/soc-responder is not authorized to perform: iam:PutRolePolicy on resource: role etl-worker-instance-role because no identity-based policy allows the iam:PutRolePolicy action</Message></Error>
                <RequestId>9d3e1c47-2b6a-4f80-a5c9-7e1d2f3a4b5c</RequestId></ErrorResponse>""".formatted(IAM_NS), "Content-Type", "text/xml"));

        responder.execute(incident(new Triage.Action("aws.deny-before", ETL_ROLE, null)), CUTOFF, audit::add);

        assertThat(form(iam.received().get(0).body())).containsEntry("Action", "PutRolePolicy").containsEntry("RoleName", "etl-worker-instance-role");
        assertThat(audit.get(0).status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(audit.get(0).detail()).startsWith("IAM answered 403 AccessDenied: User: arn:aws:iam::482910376154:user/soc-responder is not authorized");
    }

    @Test
    void aDryRunDescribesEveryRequestAndSendsNothing() {
        Incident incident = incident(new Triage.Action("okta.clear-sessions", ANNA, null), new Triage.Action("entra.revoke-sessions", LI, null),
                new Triage.Action("aws.deactivate-key", TOM, "AKIAPDEEBCBYR4B7QDPD"), new Triage.Action("aws.deny-before", ETL_ROLE, null));

        assertThat(responder.describe(incident, CUTOFF)).containsExactly(
                "GET " + okta.url() + "/api/v1/users/anna.kowalski%40tidewateranalytics.com, then DELETE " + okta.url()
                        + "/api/v1/users/{its id}/sessions?oauthTokens=true",
                "POST " + graph.url() + "/v1.0/users/li.wei%40tidewateranalytics.com/revokeSignInSessions",
                "iam:UpdateAccessKey UserName=tom.becker AccessKeyId=AKIAPDEEBCBYR4B7QDPD Status=Inactive",
                "iam:PutRolePolicy RoleName=etl-worker-instance-role PolicyName=TokenwardDenySessionsIssuedBefore "
                        + "(deny all when aws:TokenIssueTime < 2026-11-18T21:30:00Z)");
        assertThat(okta.received()).isEmpty();
        assertThat(graph.received()).isEmpty();
        assertThat(iam.received()).isEmpty();
    }

    @Test
    void aProviderWithoutSettingsIsNamedBeforeAnythingRuns() {
        try (Responder unconfigured = new Responder(new Responder.Providers(null, null, "https://graph.microsoft.com", null, URI.create(iam.url()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "secret"))))) {
            Incident incident = incident(new Triage.Action("okta.clear-sessions", ANNA, null), new Triage.Action("entra.revoke-sessions", LI, null),
                    new Triage.Action("aws.deny-before", TOM, null));
            assertThat(unconfigured.missing(incident)).containsExactly("Okta needs --okta-org and OKTA_API_TOKEN in the environment",
                    "Microsoft Graph needs GRAPH_TOKEN in the environment (an access token with User.RevokeSessions.All)");
        }
    }
}
