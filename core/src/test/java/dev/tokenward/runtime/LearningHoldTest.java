package dev.tokenward.runtime;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.baseline.BaselineSettings;
import dev.tokenward.analytic.baseline.OrganisationNetworks;
import dev.tokenward.analytic.baseline.Profiles;
import dev.tokenward.event.Agent;
import dev.tokenward.event.ClientClass;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.Network;
import dev.tokenward.event.NetworkClass;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LearningHoldTest {
    private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
    /** Five people who sign in with MFA: enough for a prefix to be learnt. */
    private static final List<String> STAFF = List.of("anna.kowalski", "li.wei", "priya.raman", "tom.becker", "maya.okafor");
    private final OrganisationNetworks organisation = new OrganisationNetworks(OrganisationNetworks.Settings.DEFAULTS, 1000);
    private final List<Signal> passed = new ArrayList<>();
    private final Profiles profiles = new Profiles(BaselineSettings.DEFAULTS);
    private final LearningHold hold = new LearningHold(organisation, profiles, 100, passed::add);

    @Test
    void aLocationSignalFromTheFirstDaysWaitsAndIsDroppedWhenItsAddressTurnsOutToBeTheOffice() throws BadRecordException {
        hold.advance(START);
        hold.accept(signal("felix.chen", "2026-11-02T08:32:00Z", "50.205.118.66"));
        hold.accept(signal("anna.kowalski", "2026-11-02T10:02:00Z", "102.89.31.77"));
        hold.accept(signal("li.wei", "2026-11-02T11:00:00Z"));
        assertThat(passed).as("only the signal no network could excuse passes at once").extracting(Signal::principal)
                .containsExactly("li.wei");

        learnTheOffice();
        hold.advance(Instant.parse("2026-11-04T23:59:59Z"));
        assertThat(passed).as("the learning period is not over").hasSize(1);
        hold.advance(Instant.parse("2026-11-05T00:00:00Z"));

        assertThat(passed).extracting(Signal::principal).containsExactly("li.wei", "anna.kowalski");
        assertThat(hold.excused()).isEqualTo(1);
        hold.accept(signal("felix.chen", "2026-11-05T08:00:00Z", "87.128.109.222"));
        assertThat(passed).as("after the learning period, nothing is held").hasSize(3);
    }

    @Test
    void aSignalFromThePrincipalsOwnVpnExitIsDroppedButNotOneAPhishingProxyRelayedMfaFrom() throws BadRecordException {
        hold.advance(START);
        hold.accept(signal("yara.kowalski@tidewateranalytics.com", "2026-11-02T00:00:21Z", "146.70.100.249"));
        hold.accept(signal("sam.mensah@tidewateranalytics.com", "2026-11-02T05:08:00Z", "34.82.17.203"));
        hold.accept(signal("li.wei@tidewateranalytics.com", "2026-11-02T09:40:00Z", "185.220.101.4", "73.212.86.141"));
        signIn("yara.kowalski", "2026-11-02T08:00:00Z", "146.70.100.18");
        signIn("yara.kowalski", "2026-11-04T08:00:00Z", "146.70.100.40");
        signIn("li.wei", "2026-11-02T09:39:00Z", "185.220.101.4");
        signIn("li.wei", "2026-11-02T12:00:00Z", "73.212.86.141");
        signIn("li.wei", "2026-11-03T12:00:00Z", "73.212.86.141");
        hold.finish();

        assertThat(passed).as("MFA on two days from her VPN exit's /24 makes it hers; one relayed MFA does not")
                .extracting(Signal::principal)
                .containsExactly("sam.mensah@tidewateranalytics.com", "li.wei@tidewateranalytics.com");
        assertThat(hold.excused()).isEqualTo(1);
    }

    @Test
    void aRoleSessionsSignalIsDroppedWhenItsAddressIsThePersonsOwnNetworkNotWhenOnlyTheRoleSessionWasThere()
            throws BadRecordException {
        String session = "arn:aws:sts::482910376154:assumed-role/Okta-Administrator/maya.okafor@tidewateranalytics.com";
        hold.advance(START);
        hold.accept(signal(session, "2026-11-03T15:30:44Z", "73.212.86.141").excusableBy("maya.okafor@tidewateranalytics.com",
                Evidence.of(mfaSignIn("maya.okafor", "2026-11-03T15:30:44Z", "73.212.86.141"))));
        hold.accept(signal(session, "2026-11-03T16:02:10Z", "71.78.91.14"));
        signIn("maya.okafor", "2026-11-02T12:58:52Z", "73.212.86.141");
        signIn("maya.okafor", "2026-11-04T08:47:31Z", "73.212.86.141");
        hold.finish();

        assertThat(passed).as("her MFA on two days from the session's network excuses it; a signal naming no person is the"
                + " role session's, which completes no MFA").extracting(Signal::title)
                .containsExactly("Okta session used from 71.78.91.14");
        assertThat(hold.excused()).isEqualTo(1);
    }

    @Test
    void theEndOfTheInputJudgesWhatIsHeld() {
        hold.advance(START);
        hold.accept(signal("felix.chen", "2026-11-02T08:32:00Z", "50.205.118.66"));
        hold.finish();
        assertThat(passed).as("nothing was learnt: the signal stands").hasSize(1);
        assertThat(hold.excused()).isZero();
    }

    @Test
    void pastItsLimitTheOldestHeldSignalPassesUnjudged() throws BadRecordException {
        LearningHold small = new LearningHold(organisation, profiles, 1, passed::add);
        small.advance(START);
        small.accept(signal("felix.chen", "2026-11-02T08:32:00Z", "50.205.118.66"));
        small.accept(signal("anna.kowalski", "2026-11-02T09:00:00Z", "50.205.118.67"));
        assertThat(passed).extracting(Signal::principal).containsExactly("felix.chen");
        learnTheOffice();
        small.finish();
        assertThat(passed).hasSize(1);
        assertThat(small.excused()).isEqualTo(1);
    }

    @Test
    void logsThatBeginOnAFridayAreHeldUntilTheOfficeHasBeenSeenOnThreeWorkingDays() throws BadRecordException {
        hold.advance(Instant.parse("2026-11-06T00:00:00Z"));
        hold.accept(signal("felix.chen", "2026-11-06T08:32:00Z", "50.205.118.66"));
        hold.accept(signal("anna.kowalski", "2026-11-06T10:02:00Z", "102.89.31.77"));
        officeOn(6);
        // one person signs in with MFA from home on Saturday: not a working day of the organisation's
        organisation.observe(mfaSignIn("li.wei", "2026-11-07T11:00:00Z", "73.212.86.141"), null);
        hold.advance(Instant.parse("2026-11-09T00:00:00Z"));
        assertThat(passed).as("three calendar days, one working day: still held").isEmpty();

        officeOn(9);
        officeOn(10);
        hold.advance(Instant.parse("2026-11-10T23:59:59Z"));
        assertThat(passed).as("Tuesday is not over").isEmpty();
        hold.advance(Instant.parse("2026-11-11T00:00:00Z"));

        assertThat(passed).as("the office learnt on Friday, Monday and Tuesday excuses its signal")
                .extracting(Signal::principal).containsExactly("anna.kowalski");
        assertThat(hold.excused()).isEqualTo(1);
    }

    @Test
    void logsThatBeginOnASaturdayDoNotCountTheWeekendAsWorkingDays() throws BadRecordException {
        // an export from Saturday 7 to Monday 9 November: people at home over the weekend, the office on Monday
        hold.advance(Instant.parse("2026-11-07T00:00:00Z"));
        hold.accept(signal("felix.chen", "2026-11-07T10:32:00Z", "50.205.118.66"));
        hold.accept(signal("anna.kowalski", "2026-11-08T10:02:00Z", "102.89.31.77"));
        for (String person : List.of("li.wei", "tom.becker")) {
            signInAtHome(person, "2026-11-07T11:00:00Z");
            signInAtHome(person, "2026-11-08T11:00:00Z");
        }
        officeOn(9);
        hold.advance(Instant.parse("2026-11-10T00:00:00Z"));
        assertThat(passed).as("three calendar days, one of them a working day, however quiet the first two were").isEmpty();

        organisation.endOfInput();
        hold.finish();

        assertThat(passed).as("the office, learnt from the one working day the logs have, excuses its signal")
                .extracting(Signal::principal).containsExactly("anna.kowalski");
        assertThat(hold.excused()).isEqualTo(1);
    }

    @Test
    void aBusyFirstDayStillCountsWhenALaterDayIsAsBusy() throws BadRecordException {
        hold.advance(START);
        hold.accept(signal("anna.kowalski", "2026-11-02T10:02:00Z", "102.89.31.77"));
        officeOn(2);
        officeOn(3);
        officeOn(4);
        hold.advance(Instant.parse("2026-11-05T00:00:00Z"));
        assertThat(passed).as("Monday to Wednesday: three working days, the period is over").hasSize(1);
    }

    @Test
    void aSignalFromAnOfficeUsedOnTuesdayToThursdayWaitsForItsThirdDay() throws BadRecordException {
        // Monday everyone works from home; the office fills on Tuesday and Wednesday
        hold.advance(START);
        for (String person : STAFF) {
            signInAtHome(person, "2026-11-02T09:00:00Z");
        }
        officeOn(3);
        hold.accept(signal("felix.chen", "2026-11-03T08:32:00Z", "50.205.118.66"));
        hold.accept(signal("anna.kowalski", "2026-11-03T10:02:00Z", "102.89.31.77"));
        officeOn(4);
        hold.advance(Instant.parse("2026-11-05T00:00:00Z"));
        assertThat(passed).as("three working days are over, but the office has been seen on two: its signal waits")
                .extracting(Signal::principal).containsExactly("anna.kowalski");
        hold.accept(signal("tom.becker", "2026-11-05T07:40:00Z", "50.205.118.71"));
        assertThat(passed).as("raised after the period from the office still being learnt: waits too").hasSize(1);

        officeOn(5);
        hold.advance(Instant.parse("2026-11-05T08:01:00Z"));

        assertThat(passed).as("the office, learnt on its third day, excuses both").hasSize(1);
        assertThat(hold.excused()).isEqualTo(2);
        hold.accept(signal("li.wei", "2026-11-05T09:00:00Z", "102.89.31.80"));
        assertThat(passed).as("nothing is being learnt any more: passes at once").hasSize(2);
    }

    @Test
    void aSignalRaisedAfterThePeriodFromAnAddressByThenTheOrganisationsIsDropped() throws BadRecordException {
        hold.advance(START);
        learnTheOffice();
        hold.advance(Instant.parse("2026-11-05T00:00:00Z"));
        // a session from before the logs, used at the office on the first evening and held by its analytic
        // until its owner's first days were over, raised with the event's network as it was then
        hold.accept(signal("hannah.yamamoto", "2026-11-02T00:51:25Z", "50.205.118.10"));
        hold.accept(signal("felix.chen", "2026-11-05T08:00:00Z", "87.128.109.222"));

        assertThat(passed).extracting(Signal::principal).containsExactly("felix.chen");
        assertThat(hold.excused()).isEqualTo(1);
    }

    @Test
    void aSignalWaitingForAPrefixThatNeverGetsItsThirdDayPassesWhenTheWeekIsOut() throws BadRecordException {
        hold.advance(START);
        for (String person : STAFF) {
            signInAtHome(person, "2026-11-02T09:00:00Z");
            signInAtHome(person, "2026-11-05T09:00:00Z");
        }
        officeOn(3);
        officeOn(4);
        hold.accept(signal("felix.chen", "2026-11-03T08:32:00Z", "50.205.118.66"));
        hold.advance(Instant.parse("2026-11-05T00:00:00Z"));
        hold.advance(Instant.parse("2026-11-08T23:59:59Z"));
        assertThat(passed).as("still within the week").isEmpty();
        hold.advance(Instant.parse("2026-11-09T00:00:00Z"));

        assertThat(passed).as("a week from the first event: judged as it stands").extracting(Signal::principal)
                .containsExactly("felix.chen");
        assertThat(hold.excused()).isZero();
    }

    @Test
    void withoutAnySignInWithMfaTheCalendarPeriodAlone() {
        hold.advance(Instant.parse("2026-11-06T00:00:00Z"));
        hold.accept(signal("anna.kowalski", "2026-11-06T10:02:00Z", "102.89.31.77"));
        hold.advance(Instant.parse("2026-11-09T00:00:00Z"));
        assertThat(passed).as("nothing of the organisation will be learnt: three days, as before").hasSize(1);
    }

    @Test
    void aLaptopOnItsPhonesMobileDataIsExcusedOnceTheOperatorsMobileBlockIsLearnt() throws BadRecordException {
        hold.advance(START);
        Evidence home = Evidence.of(onVodafone("nora.oconnor", "2026-11-02T09:08:00Z", "92.116.40.17", "Chrome", "Windows"));
        Evidence tethered = Evidence.of(onVodafone("nora.oconnor", "2026-11-02T11:30:18Z", "109.40.139.39", "Chrome", "Windows"));
        Signal roaming = new Signal("credential-roaming", List.of("T1550.001"), Instant.parse("2026-11-02T11:30:18Z"),
                Severity.MEDIUM, "nora.oconnor@tidewateranalytics.com", "idxB0zH0WU98egk31emJY2One",
                "Okta session used from 109.40.139.39 after 92.116.40.17", List.of(home, tethered), Map.of());
        hold.accept(roaming.excusableBy(tethered).excusableAsMobile(home, tethered));
        hold.accept(roaming.excusableBy(tethered));
        // five people's phones on the operator's mobile block on three days, another /24 at each attach;
        // and their laptops on its home lines, so the autonomous system as a whole is no carrier
        for (int day = 2; day <= 4; day++) {
            for (int person = 0; person < STAFF.size(); person++) {
                for (int attach = 0; attach < 3; attach++) {
                    organisation.observe(onVodafone(STAFF.get(person), String.format("2026-11-%02dT0%d:00:00Z", day, 7 + attach),
                            "109.40." + (person * 40 + day * 3 + attach) + ".12", "Outlook", "iOS"), null);
                }
                organisation.observe(onVodafone(STAFF.get(person), String.format("2026-11-%02dT19:00:00Z", day),
                        "92.116." + (20 + person) + ".3", "Chrome", "macOS"), null);
            }
        }
        hold.finish();

        assertThat(passed).as("only the signal that did not name the same device on both sides stands").hasSize(1);
        assertThat(passed.get(0).excusableAsMobile()).isEmpty();
        assertThat(hold.excused()).isEqualTo(1);
    }

    /** A use from Vodafone Germany (AS3209), which carries both home lines and phones. */
    private static Event onVodafone(String person, String time, String ip, String client, String os) throws BadRecordException {
        Event use = new EventBuilder("okta").time("published", time).kind(EventKind.CREDENTIAL_USE).outcome(Outcome.SUCCESS, null)
                .principal(person + "@tidewateranalytics.com", null, PrincipalType.HUMAN, null)
                .credential(CredentialKind.SESSION, "idx" + person, null, null, Mfa.UNKNOWN, null)
                .ip("client.ipAddress", ip).build();
        return use.withClientAndNetwork(use.client().withAgent(new Agent(
                        "iOS".equals(os) ? ClientClass.MOBILE_APP : ClientClass.BROWSER, client, "1", os)),
                new Network("DE", "Düsseldorf", 51.24, 6.76, 50, 3209L, "Vodafone GmbH", NetworkClass.RESIDENTIAL, null));
    }

    private void learnTheOffice() throws BadRecordException {
        for (int day = 2; day <= 4; day++) {
            officeOn(day);
        }
    }

    private void officeOn(int day) throws BadRecordException {
        for (String person : STAFF) {
            organisation.observe(mfaSignIn(person, String.format("2026-11-%02dT08:00:00Z", day), "50.205.118.20"), null);
        }
    }

    /** A sign-in with MFA from the person's home line, seen by the organisation's learning. */
    private void signInAtHome(String person, String time) throws BadRecordException {
        organisation.observe(mfaSignIn(person, time, "73.212.86." + (10 + person.length())), null);
    }

    private void signIn(String person, String time, String ip) throws BadRecordException {
        profiles.observe(mfaSignIn(person, time, ip));
    }

    /** An Okta sign-in by the person, with MFA, from {@code ip}. */
    private static Event mfaSignIn(String person, String time, String ip) throws BadRecordException {
        return new EventBuilder("okta").time("published", time)
                .kind(EventKind.SESSION_START).outcome(Outcome.SUCCESS, null)
                .principal(person + "@tidewateranalytics.com", null, PrincipalType.HUMAN, null)
                .credential(CredentialKind.SESSION, "idx" + person + time, null, null, Mfa.TRUE, null)
                .ip("client.ipAddress", ip).build();
    }

    private static Signal signal(String person, String time, String... excusableBy) {
        return new Signal("credential-roaming", List.of("T1550.001"), Instant.parse(time), Severity.HIGH,
                person, null, "Okta session used from " + String.join(", ", excusableBy), List.of(),
                Map.of(), null, List.of(excusableBy), List.of(), null);
    }
}
