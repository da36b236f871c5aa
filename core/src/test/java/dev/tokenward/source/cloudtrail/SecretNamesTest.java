package dev.tokenward.source.cloudtrail;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SecretNamesTest {
    private static final String ACCOUNT = "482910376154";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            prod/warehouse/admin                                                                  | prod/warehouse/admin
            arn:aws:secretsmanager:us-east-1:482910376154:secret:prod/warehouse/admin-Xq3LbT      | prod/warehouse/admin
            arn:aws:secretsmanager:us-east-1:482910376154:secret:prod/warehouse/admin             | prod/warehouse/admin
            arn:aws:secretsmanager:us-east-1:739102846531:secret:shared/datadog-api-key-p8RkZe    | arn:aws:secretsmanager:us-east-1:739102846531:secret:shared/datadog-api-key
            arn:aws-us-gov:secretsmanager:us-gov-west-1:482910376154:secret:ci/github-token-9fKq2W | ci/github-token
            prod/rotation-a1b2c3                                                                  | prod/rotation-a1b2c3
            arn:aws:secretsmanager:us-east-1:482910376154:secret:app/db-config                    | app/db-config
            arn:aws:secretsmanager:us-east-1:482910376154:secret:app/db-config-AbC123             | app/db-config
            arn:aws-cn:secretsmanager:cn-north-1:482910376154:secret:payments/alipay-key-4TqZ8m   | payments/alipay-key
            arn:aws:s3:::prod-warehouse-exports                                                   | arn:aws:s3:::prod-warehouse-exports
            """)
    void namesASecretOnceHoweverTheCallReferredToIt(String secretId, String named) {
        assertThat(SecretNames.secret(secretId, ACCOUNT)).isEqualTo(named);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /billing/prod/db-password                                                  | /billing/prod/db-password
            /billing/prod/db-password:4                                                | /billing/prod/db-password
            /billing/prod/db-password:prod                                             | /billing/prod/db-password
            arn:aws:ssm:us-east-1:482910376154:parameter/billing/prod/stripe-api-key   | /billing/prod/stripe-api-key
            arn:aws:ssm:us-east-1:482910376154:parameter/billing/prod/stripe-api-key:2 | /billing/prod/stripe-api-key
            arn:aws:ssm:us-east-1:482910376154:parameter/StripeApiKey                  | arn:aws:ssm:us-east-1:482910376154:parameter/StripeApiKey
            arn:aws:ssm:us-east-1:739102846531:parameter/shared/ca-bundle              | arn:aws:ssm:us-east-1:739102846531:parameter/shared/ca-bundle
            StripeApiKey                                                               | StripeApiKey
            """)
    void namesAParameterOnceWithoutItsVersionOrLabel(String nameOrArn, String named) {
        assertThat(SecretNames.parameter(nameOrArn, ACCOUNT)).isEqualTo(named);
    }
}
