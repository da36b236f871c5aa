package dev.tokenward.source;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A quarantined record's excerpt shows where it went wrong, never the secrets it carried. */
class QuarantineRedactionTest {
    private final List<Quarantined> quarantined = new ArrayList<>();

    private Quarantined quarantine(String name, String record) {
        try (InputReader reader = InputReader.open(InputFile.ofBytes(name, (record + "\n").getBytes(StandardCharsets.UTF_8)), quarantined::add)) {
            assertThat(reader.next()).isNull();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(quarantined).hasSize(1);
        return quarantined.get(0);
    }

    @Test
    void anAssumeRoleResponseKeepsItsKeyIdButNotItsSessionTokenOrSecret() {
        String sessionToken = "IQoJb3JpZ2luX2VjEFkaCXVzLWVhc3QtMSJHMEUCIQDqYm9vZXJ0eXVpb3BhcwIgRk9PQkFSQkFaUVVYMTIzNDU2Nzg5MGFiY2RlZmdoaWprbA";
        Quarantined entry = quarantine("cloudtrail.jsonl", """
                {"eventVersion":"1.08","eventTime":"2026-11-17T25:61:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole",\
                "responseElements":{"credentials":{"accessKeyId":"ASIAXQ4BRJ6GW7NE3KDP","sessionToken":"%s",\
                "secretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq3Lt7vB2u","expiration":"Nov 17, 2026, 3:05:02 PM"}}}"""
                .formatted(sessionToken));
        assertThat(entry.reason()).startsWith("eventTime is not a timestamp");
        assertThat(entry.excerpt()).contains("\"accessKeyId\":\"ASIAXQ4BRJ6GW7NE3KDP\"")
                .contains("\"sessionToken\":\"[redacted]\"").contains("\"secretAccessKey\":\"[redacted]\"")
                .doesNotContain(sessionToken.substring(0, 12)).doesNotContain("wJalrXUtnFEMI");
    }

    @Test
    void aSessionTokenCutByTheEndOfTheExcerptIsStillMasked() {
        String sessionToken = "IQoJb3JpZ2luX2VjE" + "FkaCXVzLWVhc3QtMSJHMEUCIQD".repeat(40);
        Quarantined entry = quarantine("cloudtrail.jsonl", ("{\"eventTime\":\"never\",\"eventSource\":\"sts.amazonaws.com\",\"eventName\":\"AssumeRole\","
                + "\"requestParameters\":{\"roleSessionName\":\"%s\"},\"responseElements\":{\"credentials\":{\"sessionToken\":\"%s\"}}}")
                .formatted("x".repeat(400), sessionToken));
        assertThat(entry.excerpt()).hasSize(Quarantined.EXCERPT_LIMIT).doesNotContain("IQoJb3Jp").doesNotContain("FkaCXVz");
    }

    @Test
    void oktaUrlsLoseTheirTokensAndCodes() {
        Quarantined entry = quarantine("okta.jsonl", """
                {"actor":{"id":"00u8q3vzk2XbLw4Jp5d7","type":"User","alternateId":"priya.raman@tidewateranalytics.com"},\
                "eventType":"user.authentication.sso","published":"not yet","uuid":"2b3e64ad-e29d-11f1-90b0-205466f6c0d8",\
                "debugContext":{"debugData":{"requestUri":"/oauth2/v1/authorize?client_id=0oa4p2m9qL1nV7xR8d5&code=Qm9vZmFyYmF6cXV4&state=af0ifjsldkj",\
                "url":"/login/sessionCookieRedirect?token=20111ZnVkdmRsYWtzZGprbGZhcw&redirectUrl=https%3A%2F%2Fapp.slack.com"}}}""");
        assertThat(entry.reason()).startsWith("published is not a timestamp");
        assertThat(entry.excerpt()).contains("client_id=0oa4p2m9qL1nV7xR8d5").contains("code=[redacted]").contains("token=[redacted]")
                .doesNotContain("Qm9vZmFyYmF6cXV4").doesNotContain("20111ZnVkdmRsYWtzZGprbGZhcw");
    }

    @Test
    void entraKeyValuePairsAndBearerHeadersAreMasked() {
        Quarantined entry = quarantine("entra.jsonl", """
                {"time":"2026-13-01T00:00:00Z","category":"AuditLogs","operationName":"Update application – Certificates and secrets management ",\
                "properties":{"additionalDetails":[{"key":"User-Agent","value":"Microsoft Azure Graph Client Library 1.0"},\
                {"key":"client_secret","value":"Xq8Q~4nVbz1.tkPq3Lr9sWm2YhGf7Dc5JeA0uK"}],\
                "requestHeaders":"Authorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiIwMDAwMDAwMy0wMDAw.c2lnbmF0dXJl"}}""");
        assertThat(entry.excerpt()).contains("\"key\":\"User-Agent\",\"value\":\"Microsoft Azure Graph Client Library 1.0\"")
                .contains("\"key\":\"client_secret\",\"value\":\"[redacted]\"").contains("Bearer [redacted]")
                .doesNotContain("Xq8Q~4nVbz1").doesNotContain("eyJ0eXAiOiJKV1Q");
    }

    @Test
    void secretsInTextThatIsNotJsonAreMaskedToo() {
        assertThat(Excerpts.redacted("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq3Lt7vB2u\nPATH=/usr/bin\npassword: hunter2"))
                .isEqualTo("AWS_SECRET_ACCESS_KEY=[redacted]\nPATH=/usr/bin\npassword: [redacted]");
    }
}
