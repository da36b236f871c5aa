package dev.tokenward.analytic.baseline;

import dev.tokenward.event.CredentialKind;
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

class ProfilesTest {
    private static final String MAYA = "maya.okafor@tidewateranalytics.com";

    @Test
    void countsEventsAndDistinctDaysPerFactAndLearnsOnlyFromSuccess() throws BadRecordException {
        Profiles profiles = new Profiles(BaselineSettings.DEFAULTS);
        profiles.observe(signIn("2026-11-02T13:00:00Z", "73.212.86.141", Outcome.SUCCESS));
        profiles.observe(signIn("2026-11-02T17:30:00Z", "73.212.86.150", Outcome.SUCCESS));
        profiles.observe(signIn("2026-11-03T13:05:00Z", "73.212.86.141", Outcome.SUCCESS));
        profiles.observe(signIn("2026-11-03T13:06:00Z", "95.217.4.188", Outcome.FAILURE));

        Profile maya = profiles.get(MAYA);
        Seen network = maya.seen(Facet.NETWORK, "73.212.86.0/24");
        assertThat(network.count).isEqualTo(3);
        assertThat(network.days).isEqualTo(2);
        assertThat(network.first()).isEqualTo(Instant.parse("2026-11-02T13:00:00Z"));
        assertThat(network.last()).isEqualTo(Instant.parse("2026-11-03T13:05:00Z"));
        assertThat(maya.seen(Facet.PLACE, "Baltimore, United States").latitude()).isEqualTo(39.2847);
        assertThat(maya.seen(Facet.HOUR, "13").count).isEqualTo(2);
        assertThat(maya.seen(Facet.NETWORK, "95.217.4.0/24")).as("a failed attempt teaches nothing").isNull();
        assertThat(maya.signIns).isEqualTo(3);
        assertThat(network.describe()).isEqualTo("first seen 2026-11-02, 3 events on 2 days, last 2026-11-03");
    }

    @Test
    void learnsUntilBothThePeriodAndTheSignInsAreReached() throws BadRecordException {
        Profiles profiles = new Profiles(new BaselineSettings(Duration.ofDays(3), 4, Duration.ofDays(90)));
        Instant start = Instant.parse("2026-11-02T13:00:00Z");
        for (int i = 0; i < 6; i++) {
            profiles.observe(signIn(start.plus(Duration.ofHours(i)).toString(), "73.212.86.141", Outcome.SUCCESS));
        }
        assertThat(profiles.get(MAYA).learning()).as("six sign-ins in six hours: not three days yet").isTrue();
        profiles.observe(signIn("2026-11-05T12:59:59Z", "73.212.86.141", Outcome.SUCCESS));
        assertThat(profiles.get(MAYA).learning()).as("a second short of three days").isTrue();
        profiles.observe(signIn("2026-11-05T13:00:00Z", "73.212.86.141", Outcome.SUCCESS));
        assertThat(profiles.get(MAYA).learning()).isFalse();
        assertThat(profiles.get(MAYA).describe()).isEqualTo("settled 2026-11-05 (history since 2026-11-02)");
    }

    @Test
    void aFullFacetDropsItsLeastRecentValueAndUnseenFactsAreForgotten() throws BadRecordException {
        Profiles profiles = new Profiles(new BaselineSettings(Duration.ofDays(14), 10, Duration.ofDays(30)));
        Instant start = Instant.parse("2026-11-02T13:00:00Z");
        int capacity = Facet.NETWORK.capacity();
        for (int i = 0; i <= capacity; i++) {
            profiles.observe(signIn(start.plus(Duration.ofMinutes(i)).toString(), "81.2." + i + ".7", Outcome.SUCCESS));
        }
        Profile maya = profiles.get(MAYA);
        assertThat(maya.values(Facet.NETWORK)).hasSize(capacity).doesNotContainKey("81.2.0.0/24").containsKey("81.2." + capacity + ".0/24");

        profiles.observe(signIn("2026-12-20T09:00:00Z", "73.212.86.141", Outcome.SUCCESS));
        profiles.observe(signIn("2026-12-21T09:00:00Z", "73.212.86.141", Outcome.SUCCESS));
        assertThat(profiles.get(MAYA).values(Facet.NETWORK)).containsOnlyKeys("73.212.86.0/24");
    }

    /** The value an event repeats from the one before is counted on itself, even when a full facet just made room for it. */
    @Test
    void aRepeatedValueRightAfterAFullFacetMadeRoomCountsOnItself() throws BadRecordException {
        Profiles profiles = new Profiles(BaselineSettings.DEFAULTS);
        Instant start = Instant.parse("2026-11-02T09:00:00Z");
        int capacity = Facet.NETWORK.capacity();
        for (int i = 0; i < capacity; i++) {
            profiles.observe(signIn(start.plus(Duration.ofMinutes(i)).toString(), "81.2." + i + ".7", Outcome.SUCCESS));
        }
        profiles.observe(signIn(start.plus(Duration.ofMinutes(capacity)).toString(), "73.212.86.141", Outcome.SUCCESS));
        profiles.observe(signIn(start.plus(Duration.ofMinutes(capacity + 1)).toString(), "73.212.86.150", Outcome.SUCCESS));
        Profile maya = profiles.get(MAYA);
        assertThat(maya.values(Facet.NETWORK)).hasSize(capacity).doesNotContainKey("81.2.0.0/24");
        assertThat(maya.seen(Facet.NETWORK, "73.212.86.0/24").count).isEqualTo(2);
        assertThat(maya.seen(Facet.NETWORK, "73.212.86.0/24").last()).isEqualTo(start.plus(Duration.ofMinutes(capacity + 1)));
        for (int i = 1; i < capacity; i++) {
            assertThat(maya.seen(Facet.NETWORK, "81.2." + i + ".0/24").count).as("81.2.%d.0/24", i).isEqualTo(1);
        }
    }

    @Test
    void theDailySweepForgetsWhatIsOldEnoughEvenWhenItArrivedLate() throws BadRecordException {
        Profiles profiles = new Profiles(new BaselineSettings(Duration.ofDays(14), 10, Duration.ofDays(30)));
        profiles.observe(signIn("2026-11-02T13:00:00Z", "73.212.86.141", Outcome.SUCCESS));
        profiles.observe(signIn("2026-11-03T13:00:00Z", "73.212.86.141", Outcome.SUCCESS));
        // a late record from the day before, from another network
        profiles.observe(signIn("2026-11-01T08:00:00Z", "81.2.69.160", Outcome.SUCCESS));
        for (String day : new String[] {"2026-11-10", "2026-11-20", "2026-11-30"}) {
            profiles.observe(signIn(day + "T13:00:00Z", "73.212.86.141", Outcome.SUCCESS));
        }
        assertThat(profiles.get(MAYA).values(Facet.NETWORK)).containsOnlyKeys("73.212.86.0/24", "81.2.69.0/24");

        profiles.observe(signIn("2026-12-01T12:00:00Z", "73.212.86.141", Outcome.SUCCESS));
        assertThat(profiles.get(MAYA).values(Facet.NETWORK)).as("30 days after 2026-11-01T08:00")
                .containsOnlyKeys("73.212.86.0/24");
        assertThat(profiles.get(MAYA).seen(Facet.NETWORK, "73.212.86.0/24").count).isEqualTo(6);
    }

    @Test
    void keepsTimesToTheNanosecondAndWritesFactsAsBefore() throws Exception {
        Profiles profiles = new Profiles(BaselineSettings.DEFAULTS);
        profiles.observe(signIn("2026-11-02T13:00:00.123456789Z", "73.212.86.141", Outcome.SUCCESS));
        profiles.observe(signIn("2026-11-02T13:00:00.123456788Z", "73.212.86.141", Outcome.SUCCESS));
        profiles.observe(signIn("2026-11-04T08:15:00.5Z", "73.212.86.141", Outcome.SUCCESS));
        Profile maya = profiles.get(MAYA);
        Seen network = maya.seen(Facet.NETWORK, "73.212.86.0/24");
        assertThat(network.first()).isEqualTo(Instant.parse("2026-11-02T13:00:00.123456789Z"));
        assertThat(network.last()).isEqualTo(Instant.parse("2026-11-04T08:15:00.5Z"));
        assertThat(network.firstBefore(Instant.parse("2026-11-02T13:00:00.12345679Z"))).isTrue();
        assertThat(network.firstBefore(Instant.parse("2026-11-02T13:00:00.123456789Z"))).isFalse();
        assertThat(network.lastBefore(Instant.parse("2026-11-04T08:15:00.500000001Z"))).isTrue();
        assertThat(network.lastBefore(Instant.parse("2026-11-04T08:15:00.5Z"))).isFalse();
        assertThat(dev.tokenward.output.Json.mapper().writeValueAsString(network))
                .isEqualTo("{\"first\":\"2026-11-02T13:00:00.123456789Z\",\"last\":\"2026-11-04T08:15:00.500Z\",\"count\":3,\"days\":2}");
        assertThat(dev.tokenward.output.Json.mapper().writeValueAsString(maya.seen(Facet.PLACE, "Baltimore, United States")))
                .endsWith("\"count\":3,\"days\":2,\"latitude\":39.2847,\"longitude\":-76.5771}");
    }

    /**
     * A record may fill its texts to the input limit: a profile keeps each value cut (the first
     * 256 characters, with a fingerprint of the whole), finds it by the whole value, and keeps two
     * values that differ past the cut apart.
     */
    @Test
    void aLongValueIsKeptCutAndFoundByTheWholeValue() throws Exception {
        Profiles profiles = new Profiles(BaselineSettings.DEFAULTS);
        String padding = "Describe" + "X".repeat(4000);
        for (int i = 0; i < 256; i++) {
            profiles.observe(new EventBuilder("cloudtrail").time("eventTime", "2026-11-18T09:02:41Z").kind(EventKind.CREDENTIAL_USE)
                    .principal(MAYA, null, PrincipalType.HUMAN, "482910376154")
                    .credential(CredentialKind.API_KEY, "AKIAXH3KQ7LD2M9WPB4R", null, null, Mfa.UNKNOWN, null)
                    .action("ec2", padding + i, null, false).region("us-east-1").build());
        }
        Profile maya = profiles.get(MAYA);
        assertThat(maya.values(Facet.API)).hasSize(256);
        assertThat(maya.seen(Facet.API, "ec2:" + padding + 7)).isNotNull().extracting(seen -> seen.count).isEqualTo(1L);
        assertThat(maya.seen(Facet.API, "ec2:" + padding + 256)).isNull();
        assertThat(maya.values(Facet.API).keySet()).allSatisfy(api -> assertThat(api.length()).isLessThan(320));
        assertThat(dev.tokenward.output.Json.mapper().writeValueAsBytes(maya).length).as("256 APIs of 4,000 characters, kept cut")
                .isLessThan(150_000);
    }

    private static Event signIn(String time, String ip, Outcome outcome) throws BadRecordException {
        return new EventBuilder("okta").time("published", time).kind(EventKind.SESSION_START).outcome(outcome, null)
                .principal(MAYA, "00u9NygNY0u4P9mH42p7", PrincipalType.HUMAN, null)
                .credential(CredentialKind.SESSION, "idx9nUEO-vZ6812rqnvjohVHr", null, null, Mfa.TRUE, null)
                .ip("client.ipAddress", ip).place("United States", "Baltimore", 39.2847, -76.5771)
                .userAgent("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/154.0.0.0 Safari/537.36")
                .build();
    }

    @Test
    void anAwsRoleSessionAlsoTeachesItsRolesProfile() throws BadRecordException {
        Profiles profiles = new Profiles(BaselineSettings.DEFAULTS);
        String session = "arn:aws:sts::482910376154:assumed-role/etl-worker-instance-role/i-0a3f5c9e2b7d41e86";
        profiles.observe(new EventBuilder("cloudtrail").time("eventTime", "2026-11-18T09:02:41Z").kind(EventKind.CREDENTIAL_USE)
                .outcome(Outcome.SUCCESS, null).principal(session, null, PrincipalType.WORKLOAD, "482910376154")
                .parent("arn:aws:iam::482910376154:role/etl-worker-instance-role")
                .credential(CredentialKind.TEMPORARY_KEY, "ASIAKUXIKL4YFDKZZT3D", null, null, Mfa.UNKNOWN, null)
                .ip("sourceIPAddress", "3.219.88.142").action("secretsmanager", "GetSecretValue", null, true).build());
        assertThat(profiles.get(session).seen(Facet.API, "secretsmanager:GetSecretValue").count).isEqualTo(1);
        assertThat(profiles.get("arn:aws:iam::482910376154:role/etl-worker-instance-role").seen(Facet.API,
                "secretsmanager:GetSecretValue").count).isEqualTo(1);
    }
}
