package dev.tokenward.analytic.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NewCredentialUnusualApiTest {

    @Test
    void theRoleSessionsNamedAfterAPersonLeadToThatPersonsProfile() {
        assertThat(NewCredentialUnusualApi.person(
                "arn:aws:sts::482910376154:assumed-role/AWSReservedSSO_AdministratorAccess_8c41e7d2b9a05f36/Tom.Becker@tidewateranalytics.com"))
                .isEqualTo("tom.becker@tidewateranalytics.com");
        assertThat(NewCredentialUnusualApi.person("arn:aws:sts::482910376154:assumed-role/etl-worker-instance-role/i-0a3f5c9e2b7d41e86"))
                .as("an instance is nobody").isNull();
        assertThat(NewCredentialUnusualApi.person("arn:aws:sts::482910376154:federated-user/aws-support")).isNull();
    }
}
