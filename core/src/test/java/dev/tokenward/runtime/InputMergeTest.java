package dev.tokenward.runtime;

import dev.tokenward.event.Event;
import dev.tokenward.source.InputFile;
import dev.tokenward.source.InputLimits;
import dev.tokenward.source.InputReader;
import dev.tokenward.source.Quarantined;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** Files merged by event time; a record dated far from its neighbours neither holds its file back nor makes it late. */
class InputMergeTest {
    private static final String RECORD = "{\"eventVersion\":\"1.09\",\"eventTime\":\"%s\",\"eventSource\":\"s3.amazonaws.com\","
            + "\"eventName\":\"GetObject\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"73.239.102.57\","
            + "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::482910376154:user/tom.becker\",\"accountId\":\"482910376154\"},"
            + "\"eventID\":\"%s\"}";

    private final RunStats stats = new RunStats();
    private final List<Quarantined> quarantined = new ArrayList<>();

    /** A JSON-lines file of records, each "id@time". */
    private static InputFile file(String name, String... records) {
        StringBuilder lines = new StringBuilder();
        for (String record : records) {
            String[] parts = record.split("@");
            lines.append(String.format(Locale.ROOT, RECORD, parts[1], parts[0])).append('\n');
        }
        return InputFile.ofBytes(name, lines.toString().getBytes(StandardCharsets.UTF_8));
    }

    private List<String> merged(InputFile... files) {
        List<String> ids = new ArrayList<>();
        LateEvents late = new LateEvents();
        ReorderBuffer reorder = new ReorderBuffer(Duration.ofMinutes(15), e -> ids.add(e.origin().recordId()), late);
        new InputMerge(List.of(files), quarantined::add, stats, InputLimits.DEFAULTS).run(reorder::add);
        reorder.flush();
        assertThat(late.count()).as("late events").isZero();
        assertThat(quarantined).isEmpty();
        return ids;
    }

    @Test
    void aFileWrittenNewestFirstIsMergedOldestFirstFromItsEarliestEvent() {
        assertThat(merged(
                file("a.jsonl", "a1@2026-11-17T09:00:00Z", "a2@2026-11-17T11:00:00Z", "a3@2026-11-18T13:00:00Z"),
                file("page.jsonl", "p5@2026-11-18T12:00:00Z", "p4@2026-11-18T08:00:00Z", "p3@2026-11-17T20:00:00Z",
                        "p2@2026-11-17T10:00:00Z", "p1@2026-11-17T08:00:00Z")))
                .containsExactly("p1", "a1", "p2", "a2", "p3", "p4", "p5", "a3");
    }

    @Test
    void anUnorderedDeliveryWhoseFirstRecordsGoBackIsNotNewestFirst() throws Exception {
        // CloudTrail's records are unordered: three going back by chance do not make a file newest first
        InputFile delivery = file("delivery.jsonl", "c3@2026-11-17T10:04:00Z", "c2@2026-11-17T10:02:00Z",
                "c1@2026-11-17T10:01:00Z", "c5@2026-11-17T10:09:00Z", "c4@2026-11-17T10:06:00Z", "c6@2026-11-17T10:11:00Z",
                "c7@2026-11-17T10:12:00Z");
        InputFile page = file("page.jsonl", "p3@2026-11-17T10:04:00Z", "p2@2026-11-17T10:02:00Z", "p1@2026-11-17T10:01:00Z",
                "p0@2026-11-17T09:01:00Z");
        InputFile secondsApart = file("seconds.jsonl", "s4@2026-11-17T10:00:07Z", "s3@2026-11-17T10:00:07Z", "s2@2026-11-17T10:00:05Z",
                "s1@2026-11-17T10:00:05Z", "s0@2026-11-17T09:59:58Z");
        assertThat(newestFirstStart(secondsApart)).as("times to the second repeat: ties say nothing of the order")
                .isEqualTo("2026-11-17T09:59:58Z");
        assertThat(newestFirstStart(delivery)).isNull();
        assertThat(newestFirstStart(page)).isEqualTo("2026-11-17T09:01:00Z");
    }

    private String newestFirstStart(InputFile input) throws Exception {
        try (InputReader reader = InputReader.open(input, quarantined::add)) {
            List<java.time.Instant> first = List.of(reader.next().time(), reader.next().time(), reader.next().time());
            java.time.Instant start = NewestFirst.start(first, reader);
            return start == null ? null : start.toString();
        }
    }

    @Test
    void bitwardenEventsAreNamedByTheMemberListingBesideThem() {
        InputFile members = InputFile.ofBytes("bitwarden-members.json", """
                {"object":"list","data":[{"object":"member","id":"7c1f0e35-9a2d-4b58-8e61-b3d0a4f72c19",\
                "userId":"2e5a9c71-4d3b-4f08-9b62-a1c7e8d05f34","name":"Priya Natarajan","email":"Priya.Natarajan@harborline-freight.com",\
                "twoFactorEnabled":true,"status":2,"type":2,"externalId":null,"resetPasswordEnrolled":false,"collections":null}],\
                "continuationToken":null}""".getBytes(StandardCharsets.UTF_8));
        InputFile events = InputFile.ofBytes("bitwarden-events.json", """
                {"object":"list","data":[\
                {"object":"event","type":1114,"itemId":"b3e1c2d4-5f60-4a7b-8c9d-0e1f2a3b4c5d","collectionId":null,"groupId":null,\
                "policyId":null,"memberId":null,"actingUserId":"2e5a9c71-4d3b-4f08-9b62-a1c7e8d05f34","installationId":null,\
                "date":"2026-11-18T17:41:10.52Z","device":2,"ipAddress":"73.181.19.244"},\
                {"object":"event","type":1501,"itemId":null,"collectionId":null,"groupId":null,"policyId":null,\
                "memberId":"7c1f0e35-9a2d-4b58-8e61-b3d0a4f72c19","actingUserId":null,"installationId":null,\
                "date":"2026-11-18T17:42:00Z","device":9,"ipAddress":"73.181.19.244"},\
                {"object":"event","type":1000,"itemId":null,"collectionId":null,"groupId":null,"policyId":null,"memberId":null,\
                "actingUserId":"0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a","installationId":null,\
                "date":"2026-11-18T17:43:00Z","device":9,"ipAddress":"73.181.19.244"}],"continuationToken":null}\
                """.getBytes(StandardCharsets.UTF_8));
        List<String> principals = new ArrayList<>();
        new InputMerge(List.of(events, members), quarantined::add, stats, InputLimits.DEFAULTS)
                .run(e -> principals.add(e.principal().name()));
        assertThat(principals).as("the acting user by userId, the member by id; an id the listing lacks stays an id")
                .containsExactly("priya.natarajan@harborline-freight.com", "priya.natarajan@harborline-freight.com",
                        "0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a");
        assertThat(quarantined).isEmpty();
    }

    @Test
    void oneLoginEventsAreNamedByTheirUsersEmailWhereTheUsersListingIsBesideThem() {
        InputFile users = InputFile.ofBytes("onelogin-users.json", """
                [{"id":118203344,"email":"Anna.Kowalski@tidewateranalytics.com","username":"akowalski","firstname":"Anna",                "lastname":"Kowalski","status":1,"state":1,"role_ids":[],"group_id":null,"directory_id":null,                "created_at":"2025-03-02T09:14:51.000Z","updated_at":"2026-11-02T08:00:12.000Z","last_login":"2026-11-18T16:05:40.000Z"}]                """.getBytes(StandardCharsets.UTF_8));
        InputFile events = InputFile.ofBytes("onelogin-events.json", """
                {"id":48213390417,"created_at":"2026-11-18T16:02:11.184Z","account_id":213754,"user_id":118203344,"event_type_id":6,                "ipaddr":"185.220.101.47","actor_user_id":118203344,"user_name":"Anna Kowalski","actor_user_name":"Anna Kowalski"}
                {"id":48213390921,"created_at":"2026-11-18T16:05:40.551Z","account_id":213754,"user_id":118209917,"event_type_id":5,                "ipaddr":"73.97.44.180","actor_user_id":118209917,"user_name":"Marcus Lee","actor_user_name":"Marcus Lee"}
                """.getBytes(StandardCharsets.UTF_8));
        List<String> principals = new ArrayList<>();
        new InputMerge(List.of(events, users), quarantined::add, stats, InputLimits.DEFAULTS)
                .run(e -> principals.add(e.principal().name()));
        assertThat(principals).as("a user the listing names by e-mail; one it lacks keeps the display name")
                .containsExactly("anna.kowalski@tidewateranalytics.com", "Marcus Lee");
        assertThat(quarantined).isEmpty();
    }

    @Test
    void aFileInAnExportLayoutIsReadInItWhenTheMergeOpensItAgain() {
        InputFile graph = InputFile.ofBytes("signins.json", """
                {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns","value":[
                {"id":"4f8e2b71-9c3d-4a56-b1e0-7d2c9a6f3e00","createdDateTime":"2026-11-18T16:41:07.3812447Z",\
                "userPrincipalName":"priya.raman@tidewateranalytics.com","userId":"b2d7e4a1-6c39-4f85-9a0e-3c1f8d5b7e92",\
                "appId":"00000002-0000-0ff1-ce00-000000000000","appDisplayName":"Office 365 Exchange Online",\
                "ipAddress":"95.217.134.58","clientAppUsed":"Browser","isInteractive":true,"status":{"errorCode":0}}]}
                """.getBytes(StandardCharsets.UTF_8));
        List<String> principals = new ArrayList<>();
        new InputMerge(List.of(graph), quarantined::add, stats, InputLimits.DEFAULTS).run(e -> principals.add(e.principal().name()));
        assertThat(quarantined).as("planning recognised the layout; reading must use it too").isEmpty();
        assertThat(principals).containsExactly("priya.raman@tidewateranalytics.com");
    }

    @Test
    void filesAreMergedByTime() {
        assertThat(merged(
                file("b.jsonl", "b1@2026-11-17T10:00:00Z", "b2@2026-11-17T12:00:00Z"),
                file("a.jsonl", "a1@2026-11-17T09:00:00Z", "a2@2026-11-17T11:00:00Z", "a3@2026-11-17T13:00:00Z")))
                .containsExactly("a1", "b1", "a2", "b2", "a3");
        assertThat(stats.strays()).isZero();
    }

    @Test
    void aRecordDatedYearsAheadDoesNotHoldItsFileBack() {
        assertThat(merged(
                file("okta.jsonl", "o1@2026-11-17T09:00:00Z", "clock@2030-01-01T00:00:00Z", "o2@2026-11-17T11:00:00Z",
                        "o3@2026-11-17T13:00:00Z"),
                file("cloudtrail.jsonl", "c1@2026-11-17T10:00:00Z", "c2@2026-11-17T12:00:00Z")))
                .containsExactly("o1", "c1", "o2", "c2", "o3", "clock");
        assertThat(stats.strays()).isEqualTo(1);
    }

    @Test
    void twoWrongClocksInARowAreStraysToo() {
        assertThat(merged(file("okta.jsonl", "o1@2026-11-17T09:00:00Z", "o2@2026-11-17T09:01:00Z", "x@2031-06-01T00:00:00Z",
                "y@2031-06-01T00:00:05Z", "o3@2026-11-17T09:02:00Z", "o4@2026-11-17T09:03:00Z")))
                .containsExactly("o1", "o2", "o3", "o4", "x", "y");
        assertThat(stats.strays()).isEqualTo(2);
    }

    @Test
    void aFileWhoseFirstRecordIsAStrayIsPlannedByTheOthers() {
        assertThat(merged(
                file("okta.jsonl", "clock@2030-01-01T00:00:00Z", "o1@2026-11-17T09:30:00Z", "o2@2026-11-17T11:00:00Z"),
                file("cloudtrail.jsonl", "c1@2026-11-17T10:00:00Z", "c2@2026-11-17T12:00:00Z")))
                .containsExactly("o1", "c1", "o2", "c2", "clock");
        assertThat(stats.strays()).isEqualTo(1);
    }

    @Test
    void aRecordDatedInTheDistantPastComesFirstWithoutDelayingTheRest() {
        assertThat(merged(file("okta.jsonl", "o1@2026-11-17T09:00:00Z", "epoch@1970-01-01T00:00:01Z", "o2@2026-11-17T09:10:00Z",
                "o3@2026-11-17T09:20:00Z")))
                .containsExactly("epoch", "o1", "o2", "o3");
        assertThat(stats.strays()).isEqualTo(1);
    }

    @Test
    void aGapInTheLogsIsTheFileMovingOnNotAStray() {
        assertThat(merged(file("okta.jsonl", "fri1@2026-11-13T17:00:00Z", "fri2@2026-11-13T18:00:00Z", "mon1@2026-11-16T08:00:00Z",
                "mon2@2026-11-16T08:05:00Z", "mon3@2026-11-16T09:00:00Z")))
                .containsExactly("fri1", "fri2", "mon1", "mon2", "mon3");
        assertThat(stats.strays()).isZero();
    }

    @Test
    void aStandardInputStreamGetsTheSameTreatment() {
        byte[] bytes = (String.format(Locale.ROOT, RECORD, "2026-11-17T09:00:00Z", "o1") + "\n"
                + String.format(Locale.ROOT, RECORD, "2030-01-01T00:00:00Z", "clock") + "\n"
                + String.format(Locale.ROOT, RECORD, "2026-11-17T09:05:00Z", "o2") + "\n"
                + String.format(Locale.ROOT, RECORD, "2026-11-17T09:06:00Z", "o3") + "\n").getBytes(StandardCharsets.UTF_8);
        InputFile stdin = InputFile.stdin(new java.io.ByteArrayInputStream(bytes));
        List<String> ids = new ArrayList<>();
        new InputMerge(List.of(stdin), quarantined::add, stats, InputLimits.DEFAULTS).run(e -> ids.add(e.origin().recordId()));
        assertThat(ids).containsExactly("o1", "o2", "o3", "clock");
    }

    @Test
    void lateEventsAreCountedBySourceAndAgainstTheAlertsAfterThem() {
        LateEvents late = new LateEvents();
        List<Event> passed = new ArrayList<>();
        ReorderBuffer reorder = new ReorderBuffer(Duration.ofMinutes(15), passed::add, late);
        InputFile unordered = file("cat.jsonl", "a@2026-11-17T12:00:00Z", "b@2026-11-17T13:00:00Z", "c@2026-11-17T10:00:00Z");
        new InputMerge(List.of(unordered), quarantined::add, stats, InputLimits.DEFAULTS).run(reorder::add);
        reorder.flush();
        assertThat(late.count()).isEqualTo(1);
        assertThat(late.bySource()).containsEntry("cloudtrail", 1L);
        assertThat(late.worst()).isEqualTo(Duration.ofHours(2));
        late.alerted("arn:aws:iam::482910376154:user/someone-else", null);
        assertThat(late.beforeAlerts()).isZero();
        late.alerted("arn:aws:iam::482910376154:user/tom.becker", null);
        assertThat(late.beforeAlerts()).isEqualTo(1);
    }
}
