package dev.tokenward.signal;

import dev.tokenward.event.Action;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class PlaybookMemoryTest {
    private static final String TOM = "arn:aws:iam::482910376154:user/tom.reyes";
    private static final String KEY = "AKIAXRMJQ5QGVNF3KD2W";
    private static final String SESSION = "102Qv9Fm3qzRg-7tIVmGQXR1A";

    @Test
    void remembersACredentialsOperationsAppsAndMintedKeysOnceEachInTheOrderFirstSeenAndAFewOfThem() throws BadRecordException {
        PlaybookMemory memory = new PlaybookMemory(1000);
        for (String operation : List.of("ListBuckets", "DescribeInstances", "ListBuckets", "GetCallerIdentity")) {
            memory.observe(new EventBuilder("cloudtrail").time("eventTime", "2026-11-18T09:02:41Z").kind(EventKind.CREDENTIAL_USE)
                    .outcome(Outcome.SUCCESS, null).principal(TOM, "AIDAXRMJQ5QGT3HUW7ZPA", PrincipalType.HUMAN, "482910376154")
                    .credential(CredentialKind.API_KEY, KEY, null, null, Mfa.FALSE, null).ip("sourceIPAddress", "81.2.69.160")
                    .action(operation.startsWith("Get") ? "sts" : operation.startsWith("List") ? "s3" : "ec2", operation, null, false)
                    .tactic(Action.Tactic.DISCOVERY).build());
        }
        for (int i = 0; i < 15; i++) {
            memory.observe(new EventBuilder("cloudtrail").time("eventTime", "2026-11-18T09:10:0" + (i % 10) + "Z")
                    .kind(EventKind.TOKEN_ISSUED).outcome(Outcome.SUCCESS, null)
                    .principal(TOM, "AIDAXRMJQ5QGT3HUW7ZPA", PrincipalType.HUMAN, "482910376154")
                    .credential(CredentialKind.API_KEY, KEY, null, null, Mfa.FALSE, "ASIAXRMJQ5QGQ" + String.format("%07d", i % 14))
                    .ip("sourceIPAddress", "81.2.69.160").action("sts", "GetSessionToken", null, false).build());
        }
        for (String app : List.of("Slack", "Salesforce", "Slack", "Workday")) {
            memory.observe(new EventBuilder("okta").time("published", "2026-11-18T09:20:00Z").kind(EventKind.SESSION_START)
                    .outcome(Outcome.SUCCESS, null).principal("tom.reyes@tidewateranalytics.com", "00u9NygNY0u4P9mH42p8", PrincipalType.HUMAN, null)
                    .credential(CredentialKind.SESSION, SESSION, null, null, Mfa.TRUE, null).ip("client.ipAddress", "81.2.69.160")
                    .appName(app, false).build());
        }

        PlaybookMemory.CredentialFacts key = memory.credential(KEY);
        assertThat(key.tactics()).containsEntry(Action.Tactic.DISCOVERY, 4);
        assertThat(key.examples(Action.Tactic.DISCOVERY)).containsExactly("s3:ListBuckets", "ec2:DescribeInstances", "sts:GetCallerIdentity");
        assertThat(key.examples(Action.Tactic.PERSISTENCE)).isEmpty();
        assertThat(key.minted()).as("fourteen distinct keys, twelve kept").containsExactlyElementsOf(
                IntStream.range(0, 12).mapToObj(i -> "ASIAXRMJQ5QGQ" + String.format("%07d", i)).toList());
        assertThat(memory.credential("ASIAXRMJQ5QGQ0000003").mintedBy()).isEqualTo(KEY);
        assertThat(memory.credential(SESSION).apps()).containsExactly("Slack", "Salesforce", "Workday");
        assertThat(key.apps()).isEmpty();
    }

    @Test
    void remembersWhoActedFromAnAddressTheLeastRecentFirstAndSixteenAtMost() throws BadRecordException {
        PlaybookMemory memory = new PlaybookMemory(1000);
        for (int i = 0; i < 18; i++) {
            memory.observe(signIn(i, "user" + i + "@tidewateranalytics.com", Outcome.SUCCESS));
        }
        memory.observe(signIn(18, "user5@tidewateranalytics.com", Outcome.FAILURE));

        List<PlaybookMemory.Actor> others = memory.othersFrom("185.220.101.34", "user17@tidewateranalytics.com",
                java.time.Instant.parse("2026-11-18T09:00:00Z"), java.time.Instant.parse("2026-11-18T10:00:00Z"));
        assertThat(others).extracting(PlaybookMemory.Actor::principal).as("user0 and user1 made room; user5 came back last")
                .containsExactlyElementsOf(IntStream.of(2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 5)
                        .mapToObj(i -> "user" + i + "@tidewateranalytics.com").toList());
        assertThat(others.get(others.size() - 1).failedOnly()).as("it also succeeded before").isFalse();
        assertThat(others.get(others.size() - 1).last()).isEqualTo(java.time.Instant.parse("2026-11-18T09:18:00Z"));
    }

    private static Event signIn(int minute, String principal, Outcome outcome) throws BadRecordException {
        return new EventBuilder("okta").time("published", String.format("2026-11-18T09:%02d:00Z", minute)).kind(EventKind.SESSION_START)
                .outcome(outcome, null).principal(principal, null, PrincipalType.HUMAN, null)
                .credential(CredentialKind.SESSION, "102Qv9Fm3qzRg-7tIVmGQX" + minute, null, null, Mfa.TRUE, null)
                .ip("client.ipAddress", "185.220.101.34").build();
    }
}
