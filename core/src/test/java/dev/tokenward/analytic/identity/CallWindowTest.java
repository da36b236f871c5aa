package dev.tokenward.analytic.identity;

import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.output.Json;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallWindowTest {
    private static final long MINUTE = 60_000;

    @Test
    void countsCallsTargetsRefusalsAndEnumerationUntilTheyAgeOut() throws BadRecordException {
        CallWindow window = new CallWindow();
        window.add(call("s3", "ListBuckets", null, false, Outcome.SUCCESS), 0);
        window.add(call("s3", "GetObject", "arn:aws:s3:::tidewater-finance-exports/2026/11/ledger.csv", false, Outcome.SUCCESS), MINUTE);
        window.add(call("s3", "GetObject", "arn:aws:s3:::tidewater-finance-exports/2026/11/ledger.csv", false, Outcome.SUCCESS), 2 * MINUTE);
        window.add(call("iam", "ListUsers", null, true, Outcome.FAILURE), 3 * MINUTE);
        window.add(call("iam", "CreateAccessKey", "arn:aws:iam::482910376154:user/svc-backup", true, Outcome.FAILURE), 4 * MINUTE);

        assertThat(window.calls()).isEqualTo(5);
        assertThat(window.distinctTargets()).as("the repeated GetObject is one target").isEqualTo(4);
        assertThat(window.count()).isEqualTo(new CallWindow.Counts(2, 2, 4));
        assertThat(window.span()).isEqualTo(4 * MINUTE);

        window.evictUpTo(MINUTE);
        assertThat(window.calls()).isEqualTo(3);
        assertThat(window.distinctTargets()).as("one GetObject call is left").isEqualTo(3);
        assertThat(window.count()).isEqualTo(new CallWindow.Counts(2, 2, 2));
        assertThat(window.span()).isEqualTo(2 * MINUTE);

        window.evictUpTo(2 * MINUTE);
        assertThat(window.distinctTargets()).as("the GetObject target left with its last call").isEqualTo(2);
        assertThat(window.count()).isEqualTo(new CallWindow.Counts(2, 2, 1));

        window.evictUpTo(4 * MINUTE);
        assertThat(window.isEmpty()).isTrue();
        assertThat(window.distinctTargets()).isZero();
        assertThat(window.span()).isZero();
    }

    @Test
    void aTargetAtAnotherRegionOrSensitivityIsAnotherTarget() throws BadRecordException {
        CallWindow window = new CallWindow();
        window.add(call("ec2", "DescribeInstances", null, false, Outcome.SUCCESS), 0);
        window.add(call("ec2", "DescribeInstances", null, false, Outcome.SUCCESS, "eu-west-1"), 1);
        window.add(call("ec2", "DescribeInstances", null, true, Outcome.SUCCESS), 2);
        assertThat(window.distinctTargets()).isEqualTo(3);
    }

    @Test
    void probingIsThreeRefusedSensitiveCallsAndAFifthRefused() throws BadRecordException {
        CallWindow window = new CallWindow();
        for (int i = 0; i < 12; i++) {
            window.add(call("ec2", "DescribeRegions", null, false, Outcome.SUCCESS), i);
        }
        window.add(call("iam", "ListUsers", null, true, Outcome.FAILURE), 20);
        window.add(call("iam", "ListRoles", null, true, Outcome.FAILURE), 21);
        assertThat(window.probing()).as("two refused sensitive calls").isFalse();
        window.add(call("kms", "ListKeys", null, true, Outcome.FAILURE), 22);
        assertThat(window.probing()).as("three of fifteen refused").isTrue();
        window.add(call("ec2", "DescribeVpcs", null, false, Outcome.SUCCESS), 30);
        assertThat(window.probing()).as("three of sixteen refused: under a fifth").isFalse();
    }

    @Test
    void holdsTheLastTwoThousandCallsInOrder() throws BadRecordException {
        CallWindow window = new CallWindow();
        for (int i = 0; i < CallWindow.MAX_WINDOW + 500; i++) {
            window.add(call("s3", "GetObject", "arn:aws:s3:::tidewater-finance-exports/part-" + i, false, Outcome.SUCCESS), i);
        }
        assertThat(window.calls()).isEqualTo(CallWindow.MAX_WINDOW);
        assertThat(window.distinctTargets()).isEqualTo(CallWindow.MAX_WINDOW);
        assertThat(window.span()).as("from call 500 to call 2499").isEqualTo(CallWindow.MAX_WINDOW - 1);
        window.evictUpTo(999);
        assertThat(window.calls()).isEqualTo(1500);
        assertThat(window.distinctTargets()).isEqualTo(1500);
    }

    @Test
    void aCallCostsTheSameWhateverTheLengthOfItsResource() throws Exception {
        CallWindow shortTargets = new CallWindow();
        CallWindow longTargets = new CallWindow();
        String padding = "x".repeat(4000);
        for (int i = 0; i < CallWindow.MAX_WINDOW; i++) {
            shortTargets.add(call("s3", "GetObject", "arn:aws:s3:::b/" + i, false, Outcome.SUCCESS), i);
            longTargets.add(call("s3", "GetObject", "arn:aws:s3:::b/" + padding + i, false, Outcome.SUCCESS), i);
        }
        int shortBytes = Json.mapper().writeValueAsBytes(shortTargets).length;
        int longBytes = Json.mapper().writeValueAsBytes(longTargets).length;
        assertThat(longBytes).as("2,000 calls with 4,000-character resources hold no text of them")
                .isLessThan(shortBytes + shortBytes / 10).isLessThan(200_000);
    }

    @Test
    void anEmptiedWindowLetsGoOfItsCalls() throws Exception {
        CallWindow window = new CallWindow();
        String empty = Json.mapper().writeValueAsString(window);
        for (int i = 0; i < 100; i++) {
            window.add(call("s3", "GetObject", "arn:aws:s3:::b/" + i, false, Outcome.SUCCESS), i);
        }
        window.evictUpTo(100);
        assertThat(Json.mapper().writeValueAsString(window)).isEqualTo(empty);
        window.add(call("s3", "ListBuckets", null, false, Outcome.SUCCESS), 200);
        assertThat(window.calls()).isEqualTo(1);
        assertThat(window.distinctTargets()).isEqualTo(1);
    }

    private static Event call(String service, String operation, String resource, boolean sensitive, Outcome outcome)
            throws BadRecordException {
        return call(service, operation, resource, sensitive, outcome, "us-east-1");
    }

    private static Event call(String service, String operation, String resource, boolean sensitive, Outcome outcome, String region)
            throws BadRecordException {
        return new EventBuilder("cloudtrail").time("eventTime", "2026-11-18T09:02:41Z").kind(EventKind.CREDENTIAL_USE)
                .outcome(outcome, outcome == Outcome.FAILURE ? "AccessDenied" : null)
                .principal("arn:aws:iam::482910376154:user/svc-backup", null, PrincipalType.UNKNOWN, "482910376154")
                .credential(CredentialKind.API_KEY, "AKIAXH3KQ7LD2M9WPB4R", null, null, Mfa.UNKNOWN, null)
                .action(service, operation, resource, sensitive).region(region).build();
    }
}
