package dev.tokenward.analytic.identity;

import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NewCredentialUnusualApiTest {

    @Test
    void theRoleSessionsNamedAfterAPersonLeadToThatPersonsProfile() throws BadRecordException {
        assertThat(ApiBaseline.person(use(
                "arn:aws:sts::482910376154:assumed-role/AWSReservedSSO_AdministratorAccess_8c41e7d2b9a05f36/Tom.Becker@tidewateranalytics.com",
                "arn:aws:iam::482910376154:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_8c41e7d2b9a05f36",
                CredentialKind.TEMPORARY_KEY)))
                .isEqualTo("tom.becker@tidewateranalytics.com");
        assertThat(ApiBaseline.person(use("arn:aws:sts::482910376154:assumed-role/etl-worker-instance-role/i-0a3f5c9e2b7d41e86",
                "arn:aws:iam::482910376154:role/etl-worker-instance-role", CredentialKind.TEMPORARY_KEY)))
                .as("an instance is nobody").isNull();
        assertThat(ApiBaseline.person(use("arn:aws:sts::482910376154:federated-user/aws-support@tidewateranalytics.com",
                "arn:aws:iam::482910376154:user/support-broker", CredentialKind.FEDERATION_TOKEN)))
                .as("a federated user's name is its minter's choice").isNull();
    }

    private static Event use(String principal, String parent, CredentialKind kind) throws BadRecordException {
        return new EventBuilder("cloudtrail").time("eventTime", "2026-11-18T09:02:41Z").kind(EventKind.CREDENTIAL_USE)
                .principal(principal, null, PrincipalType.UNKNOWN, "482910376154").parent(parent)
                .credential(kind, "ASIAKUXIKL4YFDKZZT3D", null, null, Mfa.UNKNOWN, null)
                .action("iam", "ListUsers", null, true).region("us-east-1").build();
    }
}
