package dev.tokenward.analytic.baseline;

import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Credential;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialRegistryTest {
    private static final String TOM = "arn:aws:iam::482910376154:user/tom.becker";

    @Test
    void followsAnStsKeyFromItsIssuanceToItsUsesAndForgetsItADayAfterItExpires() throws BadRecordException {
        CredentialRegistry registry = new CredentialRegistry(BaselineSettings.DEFAULTS);
        registry.observe(new EventBuilder("cloudtrail").time("eventTime", "2026-11-17T22:41:09Z").kind(EventKind.TOKEN_ISSUED)
                .outcome(Outcome.SUCCESS, null).principal(TOM, "AIDAXA35TSDNGX2K7QF3E", PrincipalType.UNKNOWN, "482910376154")
                .credential(CredentialKind.API_KEY, "AKIAPDEEBCBYR4B7QDPD", null, null, Mfa.FALSE, "ASIAE646QF4TTHY5Z3XW")
                .ip("sourceIPAddress", "185.220.101.34").action("sts", "GetFederationToken", null, true)
                .issued(Credential.Issuance.by("AWS", true, null).issuedTo("arn:aws:sts::482910376154:federated-user/backup-svc",
                        Instant.parse("2026-11-17T23:41:09Z"))).build());
        registry.observe(use("2026-11-17T22:50:00Z"));
        registry.observe(use("2026-11-17T22:52:00Z"));

        Lineage key = registry.get("ASIAE646QF4TTHY5Z3XW");
        assertThat(key.principal).isEqualTo(TOM);
        assertThat(key.parent).isEqualTo("AKIAPDEEBCBYR4B7QDPD");
        assertThat(key.network).isEqualTo("185.220.101.0/24");
        assertThat(key.mfa).isEqualTo(Mfa.FALSE);
        assertThat(key.expires).isEqualTo(Instant.parse("2026-11-17T23:41:09Z"));
        assertThat(key.issuedBy.summary()).startsWith("GetFederationToken SUCCESS by " + TOM);
        assertThat(key.uses).isEqualTo(2);
        assertThat(key.lastUsed).isEqualTo(Instant.parse("2026-11-17T22:52:00Z"));
        Lineage parent = registry.get("AKIAPDEEBCBYR4B7QDPD");
        assertThat(parent.issued()).as("a long-term key's creation is not in these logs").isFalse();
        assertThat(parent.firstSeen).isEqualTo(Instant.parse("2026-11-17T22:41:09Z"));
        assertThat(parent.uses).isEqualTo(1);

        registry.observe(okta(EventKind.SESSION_START, "2026-11-19T00:10:00Z", "idx9nUEO-vZ6812rqnvjohVHr", null));
        assertThat(registry.get("ASIAE646QF4TTHY5Z3XW")).as("gone a day after it expired").isNull();
    }

    @Test
    void anOktaSessionIsIssuedByItsStartAndFollowedThroughItsRootSession() throws BadRecordException {
        CredentialRegistry registry = new CredentialRegistry(BaselineSettings.DEFAULTS);
        registry.observe(okta(EventKind.SESSION_START, "2026-11-12T12:58:41.204Z", "idx9nUEO-vZ6812rqnvjohVHr", null));
        registry.observe(okta(EventKind.CREDENTIAL_USE, "2026-11-12T13:41:07.552Z", "102bNYpO3mJS4yvUEY8IZk9SA", "idx9nUEO-vZ6812rqnvjohVHr"));
        Lineage session = registry.get("idx9nUEO-vZ6812rqnvjohVHr");
        assertThat(session.issuedAt).isEqualTo(Instant.parse("2026-11-12T12:58:41.204Z"));
        assertThat(session.expires).as("Okta does not log a session's lifetime").isNull();
        assertThat(session.uses).isEqualTo(1);
    }

    private static Event use(String time) throws BadRecordException {
        return new EventBuilder("cloudtrail").time("eventTime", time).kind(EventKind.CREDENTIAL_USE).outcome(Outcome.SUCCESS, null)
                .principal("arn:aws:sts::482910376154:federated-user/backup-svc", null, PrincipalType.UNKNOWN, "482910376154")
                .credential(CredentialKind.FEDERATION_TOKEN, "ASIAE646QF4TTHY5Z3XW", null, null, Mfa.FALSE, null)
                .ip("sourceIPAddress", "185.220.101.34").action("iam", "ListUsers", null, true).build();
    }

    private static Event okta(EventKind kind, String time, String session, String root) throws BadRecordException {
        return new EventBuilder("okta").time("published", time).kind(kind).outcome(Outcome.SUCCESS, null)
                .principal("maya.okafor@tidewateranalytics.com", "00u9NygNY0u4P9mH42p7", PrincipalType.HUMAN, null)
                .issuance(Credential.Issuance.by("Okta", true, Duration.ofDays(7)).issuing(kind == EventKind.SESSION_START))
                .credential(CredentialKind.SESSION, session, root, null, Mfa.TRUE, null).ip("client.ipAddress", "73.212.86.141").build();
    }
}
