package dev.tokenward.runtime;

import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class WatchesTest {
    private static final String ACCOUNT = "482910376154";
    private static final Instant NINE = Instant.parse("2026-10-13T09:00:00Z");
    private final Watches watches = new Watches();

    @Test
    void aBusyRegionThatFallsSilentForFiveMinutesIsMissingADelivery() throws BadRecordException {
        everyMinute("us-east-1", at("08:50:00"), at("09:25:00"));
        everyMinute("us-east-1", at("09:30:00"), at("09:40:00"));

        assertThat(watches.silentAt(use("us-east-1", "09:41:00"), at("09:27:40"))).as("inside the silence").isTrue();
        assertThat(watches.silentAt(use("eu-west-1", "09:41:00"), at("09:27:40")))
                .as("the account's other regions ask the same logs' question").isTrue();
        assertThat(watches.silentAt(use("us-east-1", "09:41:00"), at("09:24:10"))).as("a minute that carried events").isFalse();
        assertThat(watches.silentAt(use("us-east-1", "09:41:00"), at("09:35:10"))).isFalse();
        assertThat(watches.since(use("us-east-1", "09:41:00"))).isEqualTo(at("08:50:17"));
    }

    @Test
    void aSilenceIsNotJudgedBeforeItEndsNorInAnotherAccount() throws BadRecordException {
        everyMinute("us-east-1", at("08:50:00"), at("09:25:00"));
        watches.observe(call("eu-west-1", at("09:29:00")));

        assertThat(watches.silentAt(use("us-east-1", "09:29:00"), at("09:27:40"))).as("no event after it yet").isFalse();
        Event elsewhere = new EventBuilder("cloudtrail").time("eventTime", "2026-10-13T09:41:00Z").kind(EventKind.CREDENTIAL_USE)
                .outcome(Outcome.SUCCESS, null).principal("arn:aws:iam::615243987012:user/etl", null, PrincipalType.SERVICE,
                        "615243987012").action("s3", "ListBuckets", null, false).region("us-east-1").build();
        everyMinute("us-east-1", at("09:30:00"), at("09:40:00"));
        assertThat(watches.silentAt(elsewhere, at("09:27:40"))).isFalse();
    }

    @Test
    void aQuietRegionsLullAndABusyHoursEndAreNoSilence() throws BadRecordException {
        for (Instant t = NINE; t.isBefore(at("10:00:00")); t = t.plus(Duration.ofMinutes(3))) {
            watches.observe(call("us-west-2", t));
        }
        watches.observe(call("us-west-2", at("10:06:00")));
        assertThat(watches.silentAt(use("us-west-2", "10:07:00"), at("10:03:00"))).as("events every third minute").isFalse();

        everyMinute("us-east-1", NINE, at("09:30:00"));
        watches.observe(call("us-east-1", at("09:50:00")));
        assertThat(watches.silentAt(use("us-east-1", "09:51:00"), at("09:35:00"))).as("twenty empty minutes").isFalse();

        everyMinute("eu-west-1", NINE, at("09:30:00"));
        everyMinute("eu-west-1", at("09:32:00"), at("09:40:00"));
        assertThat(watches.silentAt(use("eu-west-1", "09:41:00"), at("09:30:30"))).as("two empty minutes").isFalse();
    }

    @Test
    void onlyTheFirstPartsOfATenantAreAskedForSilences() throws BadRecordException {
        for (int i = 0; i < Watches.PARTS_ASKED; i++) {
            watches.observe(call("invented-" + i, at("08:00:00")));
        }
        everyMinute("us-east-1", at("08:50:00"), at("09:25:00"));
        everyMinute("us-east-1", at("09:30:00"), at("09:40:00"));

        assertThat(watches.silentAt(use("us-east-1", "09:41:00"), at("09:27:40"))).isFalse();
        assertThat(watches.since(use("us-east-1", "09:41:00"))).as("still watched").isEqualTo(at("08:50:17"));
    }

    @Test
    void minutesOlderThanTwoDaysAreForgotten() throws BadRecordException {
        everyMinute("us-east-1", at("08:50:00"), at("09:25:00"));
        everyMinute("us-east-1", at("09:30:00"), at("09:40:00"));
        watches.observe(call("us-east-1", at("09:40:00").plus(Duration.ofDays(2))));

        assertThat(watches.silentAt(use("us-east-1", "09:41:00"), at("09:27:40"))).isFalse();
    }

    private void everyMinute(String region, Instant from, Instant to) throws BadRecordException {
        for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(1))) {
            watches.observe(call(region, t.plusSeconds(17)));
        }
    }

    private static Instant at(String time) {
        return Instant.parse("2026-10-13T" + time + "Z");
    }

    private static Event use(String region, String time) throws BadRecordException {
        return call(region, at(time));
    }

    private static Event call(String region, Instant time) throws BadRecordException {
        return new EventBuilder("cloudtrail").time("eventTime", time.toString()).kind(EventKind.CREDENTIAL_USE)
                .outcome(Outcome.SUCCESS, null).principal("arn:aws:iam::" + ACCOUNT + ":user/svc-reporting-etl", null,
                        PrincipalType.SERVICE, ACCOUNT).action("s3", "ListBuckets", null, false).region(region).build();
    }
}
