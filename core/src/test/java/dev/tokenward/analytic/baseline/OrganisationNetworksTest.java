package dev.tokenward.analytic.baseline;

import dev.tokenward.analytic.Evidence;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OrganisationNetworksTest {
    private static final String OFFICE = "50.205.118.66";
    private static final List<String> PEOPLE = List.of("anna.kowalski", "li.wei", "priya.raman", "tom.becker", "maya.okafor");

    @Test
    void aPrefixManyPeopleSignInFromWithMfaOnThreeDaysIsTheOrganisations() throws BadRecordException {
        OrganisationNetworks learnt = new OrganisationNetworks(OrganisationNetworks.Settings.DEFAULTS, 1000);
        signInsFromTheOffice(learnt, 2, Outcome.SUCCESS, Mfa.TRUE);
        assertThat(learnt.mark(signIn("anna.kowalski", "2026-11-04T08:00:00Z", OFFICE, Outcome.SUCCESS, Mfa.TRUE)).network().zone())
                .as("two days are not enough").isNull();

        signInsFromTheOffice(learnt, 3, Outcome.SUCCESS, Mfa.TRUE);

        Event marked = learnt.mark(signIn("anna.kowalski", "2026-11-05T08:00:00Z", OFFICE, Outcome.SUCCESS, Mfa.TRUE));
        assertThat(marked.network().networkClass()).isEqualTo(NetworkClass.CORPORATE);
        assertThat(marked.network().zone()).isEqualTo(OrganisationNetworks.ZONE);
        assertThat(marked.network().sharedBy()).isEqualTo(PEOPLE.size());
        assertThat(learnt.learnt()).isEqualTo(1);
        assertThat(learnt.excuses(List.of("50.205.118.9"))).isTrue();
        assertThat(learnt.excuses(List.of("50.205.119.9"))).as("another /24").isFalse();
    }

    @Test
    void logsOfOneWorkingDayTeachTheOfficeAtTheirEnd() throws BadRecordException {
        OrganisationNetworks learnt = new OrganisationNetworks(OrganisationNetworks.Settings.DEFAULTS, 1000);
        // an export from Friday to Sunday: the office on Friday, a few people at home over the weekend
        signInsFromTheOffice(learnt, 1, Outcome.SUCCESS, Mfa.TRUE);
        learnt.observe(signIn("li.wei", "2026-11-03T10:00:00Z", "73.212.86.141", Outcome.SUCCESS, Mfa.TRUE), null);
        learnt.observe(signIn("li.wei", "2026-11-04T10:00:00Z", "73.212.86.141", Outcome.SUCCESS, Mfa.TRUE), null);
        assertThat(learnt.excuses(List.of(OFFICE))).as("one day of three").isFalse();

        learnt.endOfInput();

        assertThat(learnt.excuses(List.of(OFFICE))).as("every working day the logs have").isTrue();
        assertThat(learnt.excuses(List.of("73.212.86.141"))).as("one person's home").isFalse();
    }

    @Test
    void logsOfThreeWorkingDaysTeachNothingMoreAtTheirEnd() throws BadRecordException {
        OrganisationNetworks learnt = new OrganisationNetworks(OrganisationNetworks.Settings.DEFAULTS, 1000);
        for (int day = 0; day < 3; day++) {
            for (String person : PEOPLE) {
                learnt.observe(signIn(person, "2026-11-0" + (2 + day) + "T08:00:00Z", "73.212." + (80 + PEOPLE.indexOf(person)) + ".14",
                        Outcome.SUCCESS, Mfa.TRUE), null);
            }
        }
        // five people from one prefix on one of the three days: a meeting at a hotel, not the office
        for (String person : PEOPLE) {
            learnt.observe(signIn(person, "2026-11-04T15:00:00Z", "185.6.120.33", Outcome.SUCCESS, Mfa.TRUE), null);
        }
        learnt.endOfInput();
        assertThat(learnt.excuses(List.of("185.6.120.33"))).isFalse();
    }

    @Test
    void signInsWithoutMfaTeachNothing() throws BadRecordException {
        OrganisationNetworks learnt = new OrganisationNetworks(OrganisationNetworks.Settings.DEFAULTS, 1000);
        signInsFromTheOffice(learnt, 3, Outcome.SUCCESS, Mfa.FALSE);
        assertThat(learnt.learnt()).isZero();
    }

    @Test
    void aCarriersAddressPoolIsNeverTheOrganisations() throws BadRecordException {
        OrganisationNetworks learnt = new OrganisationNetworks(OrganisationNetworks.Settings.DEFAULTS, 1000);
        for (int day = 0; day < 3; day++) {
            for (String person : PEOPLE) {
                Event signIn = signIn(person, "2026-11-0" + (2 + day) + "T08:00:00Z", "107.77.253.14", Outcome.SUCCESS, Mfa.TRUE);
                learnt.observe(signIn.withClientAndNetwork(signIn.client(), signIn.network().as(NetworkClass.MOBILE, null, 0)), null);
            }
        }
        assertThat(learnt.learnt()).isZero();
    }

    @Test
    void anAutonomousSystemWhosePhonesGetAnotherNetworkAtEveryAttachIsACarrier() throws BadRecordException {
        OrganisationNetworks learnt = new OrganisationNetworks(OrganisationNetworks.Settings.DEFAULTS, 1000);
        // five people's phones on three days, three attaches a day, each in another /24 of the carrier's pool
        phonesOn(learnt, 3, (person, day, attach) -> "106.192." + (person * 40 + day * 3 + attach) + ".17");

        assertThat(learnt.carriers()).isEqualTo(1);
        assertThat(learnt.mark(phone("maya.okafor", "2026-11-05T09:00:00Z", "106.192.201.4")).network().networkClass())
                .isEqualTo(NetworkClass.MOBILE);
    }

    @Test
    void homeBroadbandThatCarriesOnlyPhonesIsNotACarrier() throws BadRecordException {
        OrganisationNetworks learnt = new OrganisationNetworks(OrganisationNetworks.Settings.DEFAULTS, 1000);
        // the laptops go through the secure web gateway: the home lines see only the phones on Wi-Fi, each on its own line
        phonesOn(learnt, 3, (person, day, attach) -> "106.51." + (20 + person) + ".251");

        assertThat(learnt.carriers()).isZero();
        assertThat(learnt.mark(phone("maya.okafor", "2026-11-05T09:00:00Z", "106.51.24.251")).network().networkClass())
                .isEqualTo(NetworkClass.RESIDENTIAL);
    }

    @Test
    void homeBroadbandThatGivesTheLineAnotherNetworkEachDayIsNotACarrier() throws BadRecordException {
        OrganisationNetworks learnt = new OrganisationNetworks(OrganisationNetworks.Settings.DEFAULTS, 1000);
        // an ISP that reconnects its lines every night into another /24 of its pool
        phonesOn(learnt, 3, (person, day, attach) -> "106.51." + (20 + person * 10 + day) + ".251");

        assertThat(learnt.carriers()).isZero();
    }

    @Test
    void aConvergedOperatorsMobileBlockIsACarrierWhileItsFixedLinesAreNot() throws BadRecordException {
        OrganisationNetworks learnt = new OrganisationNetworks(OrganisationNetworks.Settings.DEFAULTS, 1000);
        // the same five people's laptops on their home lines of the operator, each on its own line, every day
        for (int day = 0; day < 3; day++) {
            for (int person = 0; person < PEOPLE.size(); person++) {
                learnt.observe(laptop(PEOPLE.get(person), "2026-11-0" + (2 + day) + "T18:00:00Z", "106.51." + (20 + person) + ".9"), null);
            }
        }
        // and their phones, three attaches a day, each in another /24 of the operator's mobile block
        phonesOn(learnt, 3, (person, day, attach) -> "106.192." + (person * 40 + day * 3 + attach) + ".17");

        assertThat(learnt.carriers()).as("the mobile block, not the operator's whole autonomous system").isEqualTo(1);
        assertThat(learnt.mark(phone("maya.okafor", "2026-11-05T09:00:00Z", "106.192.201.4")).network().networkClass())
                .isEqualTo(NetworkClass.MOBILE);
        assertThat(learnt.mark(laptop("maya.okafor", "2026-11-05T09:00:00Z", "106.192.201.4")).network().networkClass())
                .as("a laptop tethered to the phone").isEqualTo(NetworkClass.MOBILE);
        assertThat(learnt.mark(laptop("maya.okafor", "2026-11-05T18:00:00Z", "106.51.24.9")).network().networkClass())
                .as("a home line of the same operator").isEqualTo(NetworkClass.RESIDENTIAL);
        assertThat(learnt.carrier(dev.tokenward.event.IpAddress.of("106.193.4.4"), 24309L)).as("the next /16").isFalse();
    }

    @Test
    void countsThePeopleWorkingFromAnAutonomousSystem() throws BadRecordException {
        OrganisationNetworks learnt = new OrganisationNetworks(OrganisationNetworks.Settings.DEFAULTS, 1000);
        learnt.observe(laptop("maya.okafor", "2026-11-02T09:00:00Z", "106.51.20.9"), null);
        learnt.observe(laptop("maya.okafor", "2026-11-02T11:00:00Z", "106.51.21.9"), null);
        learnt.observe(laptop("tom.becker", "2026-11-02T09:30:00Z", "106.51.22.9"), null);
        learnt.observe(phone("tom.becker", "2026-11-02T10:00:00Z", "106.192.4.17"), null);

        assertThat(learnt.peopleOn(24309L)).as("two laptops and one phone, each counted once").isEqualTo(3);
        assertThat(learnt.peopleOn(13335L)).as("an autonomous system nobody was seen on").isZero();
        assertThat(learnt.peopleOn(null)).isZero();
    }

    @Test
    void theCountriesItsPeopleSignInFromWithMfaAreWhereTheOrganisationWorks() throws BadRecordException {
        OrganisationNetworks learnt = new OrganisationNetworks(OrganisationNetworks.Settings.DEFAULTS, 1000);
        Event first = signIn(PEOPLE.get(0), "2026-11-02T08:00:00Z", "50.205.118.20", Outcome.SUCCESS, Mfa.TRUE);
        String country = first.network().country();
        learnt.observe(first, null);
        assertThat(learnt.workedFrom("NG")).as("one person's sign-in tells nothing yet").isTrue();

        for (String person : PEOPLE.subList(1, PEOPLE.size())) {
            learnt.observe(signIn(person, "2026-11-02T08:30:00Z", "50.205.118.21", Outcome.SUCCESS, Mfa.TRUE), null);
        }

        assertThat(learnt.workedFrom(country)).isTrue();
        assertThat(learnt.workedFrom("NG")).as("five people's MFA, none from there").isFalse();
        assertThat(learnt.workedFrom(null)).isFalse();
    }

    /** Where a person's phone is on a day's attach. */
    private interface Attach {
        String ip(int person, int day, int attach);
    }

    private static void phonesOn(OrganisationNetworks learnt, int days, Attach where) throws BadRecordException {
        for (int day = 0; day < days; day++) {
            for (int person = 0; person < PEOPLE.size(); person++) {
                for (int attach = 0; attach < 3; attach++) {
                    learnt.observe(phone(PEOPLE.get(person), "2026-11-0" + (2 + day) + "T0" + (7 + attach) + ":00:00Z",
                            where.ip(person, day, attach)), null);
                }
            }
        }
    }

    /** Outlook on an Android phone refreshing its token, from an address of AS24309 the built-in list does not class. */
    private static Event phone(String person, String time, String ip) throws BadRecordException {
        Event refresh = new EventBuilder("entra").time("createdDateTime", time).kind(EventKind.TOKEN_REFRESHED)
                .outcome(Outcome.SUCCESS, null)
                .principal(person + "@tidewateranalytics.com", null, PrincipalType.HUMAN, null)
                .credential(CredentialKind.REFRESH_TOKEN, "rt-" + person, null, null, Mfa.UNKNOWN, null)
                .ip("properties.ipAddress", ip).userAgent("Outlook-Android/2.0").build();
        return refresh.withClientAndNetwork(refresh.client().withAgent(new Agent(ClientClass.MOBILE_APP, "Outlook", "2", "Android")),
                new Network("IN", "Bengaluru", 12.97, 77.59, 20, 24309L, "Atria Convergence Technologies Pvt. Ltd.",
                        NetworkClass.RESIDENTIAL, null));
    }

    /** Chrome on a Windows laptop with an Okta session, from an address of the same operator as {@link #phone}. */
    private static Event laptop(String person, String time, String ip) throws BadRecordException {
        Event use = new EventBuilder("okta").time("published", time).kind(EventKind.CREDENTIAL_USE).outcome(Outcome.SUCCESS, null)
                .principal(person + "@tidewateranalytics.com", null, PrincipalType.HUMAN, null)
                .credential(CredentialKind.SESSION, "idx" + person, null, null, Mfa.UNKNOWN, null)
                .ip("client.ipAddress", ip).build();
        return use.withClientAndNetwork(use.client().withAgent(new Agent(ClientClass.BROWSER, "Chrome", "131", "Windows")),
                new Network("IN", "Bengaluru", 12.97, 77.59, 20, 24309L, "Atria Convergence Technologies Pvt. Ltd.",
                        NetworkClass.RESIDENTIAL, null));
    }

    @Test
    void aPrefixWhoseSignInsMostlyFailIsDisqualified() throws BadRecordException {
        OrganisationNetworks learnt = new OrganisationNetworks(OrganisationNetworks.Settings.DEFAULTS, 1000);
        signInsFromTheOffice(learnt, 3, Outcome.FAILURE, Mfa.UNKNOWN);
        signInsFromTheOffice(learnt, 3, Outcome.SUCCESS, Mfa.TRUE);
        assertThat(learnt.learnt()).isZero();
        assertThat(learnt.excuses(List.of(OFFICE))).isFalse();
    }

    @Test
    void highAlertsFromOneInFiveOfItsPeopleAreTheOfficesFirstDaysButFromMoreItIsNotTrusted() throws BadRecordException {
        OrganisationNetworks learnt = new OrganisationNetworks(OrganisationNetworks.Settings.DEFAULTS, 1000);
        learnt.distrust(evidence(), "anna.kowalski");
        signInsFromTheOffice(learnt, 3, Outcome.SUCCESS, Mfa.TRUE);
        assertThat(learnt.excuses(List.of(OFFICE))).as("one alerted principal of five").isTrue();

        learnt.distrust(evidence(), "li.wei");

        assertThat(learnt.excuses(List.of(OFFICE))).as("two of five: a host replaying stolen sessions").isFalse();
        assertThat(learnt.mark(signIn("anna.kowalski", "2026-11-05T08:00:00Z", OFFICE, Outcome.SUCCESS, Mfa.TRUE)).network().zone())
                .isNull();
    }

    @Test
    void twoRemoteWorkersAbroadAmongASmallOfficesNinePeopleDoNotMakeItAReplayingHost() throws BadRecordException {
        OrganisationNetworks learnt = new OrganisationNetworks(OrganisationNetworks.Settings.DEFAULTS, 1000);
        // the office VPN comes out at headquarters: the two people abroad hop to it first, and alert
        learnt.distrust(evidence(), "ana.kim");
        learnt.distrust(evidence(), "jonas.whitfield");
        signInsOnThreeDays(learnt, List.of("ana.kim", "jonas.whitfield", "ethan.becker", "zoe.horvat", "kwame.rossi", "ravi.horvat",
                "jonas.dubois", "felix.yamamoto", "lucas.silva"), person -> OFFICE);

        assertThat(learnt.excuses(List.of(OFFICE))).as("two alerted people of nine").isTrue();
        learnt.distrust(evidence(), "ethan.becker");
        assertThat(learnt.excuses(List.of(OFFICE))).as("three of nine").isFalse();
    }

    @Test
    void aDozenPeoplesOfficeOfFourIsLearntButNotAHouseholdOfTwo() throws BadRecordException {
        OrganisationNetworks learnt = new OrganisationNetworks(OrganisationNetworks.Settings.DEFAULTS, 1000);
        List<String> office = List.of("chloe.moreau", "mateo.rossi", "ines.haddad", "oliver.park");
        List<String> household = List.of("sofia.lindqvist", "erik.lindqvist");
        List<String> elsewhere = List.of("hannah.weber", "kenji.sato", "amara.okoye");
        signInsOnThreeDays(learnt, elsewhere, homes(elsewhere));
        signInsOnThreeDays(learnt, household, person -> "73.221.45.17");
        signInsOnThreeDays(learnt, office, person -> OFFICE);

        assertThat(learnt.excuses(List.of(OFFICE))).as("four of nine people, on three days").isTrue();
        assertThat(learnt.excuses(List.of("73.221.45.17"))).as("two of nine: a household").isFalse();
        OrganisationNetworks larger = new OrganisationNetworks(OrganisationNetworks.Settings.DEFAULTS, 1000);
        List<String> colleagues = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "colleague" + i).toList();
        signInsOnThreeDays(larger, colleagues, homes(colleagues));
        signInsOnThreeDays(larger, office, person -> OFFICE);
        assertThat(larger.excuses(List.of(OFFICE))).as("four of 24 people: five are needed").isFalse();
    }

    @Test
    void oneRemoteWorkersAlertDoesNotMakeASmallCompanysOfficeOfThreeAReplayingHostButTwoDo() throws BadRecordException {
        OrganisationNetworks learnt = new OrganisationNetworks(OrganisationNetworks.Settings.DEFAULTS, 1000);
        learnt.distrust(evidence(), "chloe.moreau");
        List<String> elsewhere = List.of("hannah.weber", "kenji.sato", "amara.okoye", "sofia.lindqvist", "erik.lindqvist", "mateo.rossi");
        signInsOnThreeDays(learnt, elsewhere, homes(elsewhere));
        signInsOnThreeDays(learnt, List.of("chloe.moreau", "lucas.reyes", "amara.reyes"), person -> OFFICE);

        assertThat(learnt.excuses(List.of(OFFICE))).as("one alerted person of three").isTrue();
        learnt.distrust(evidence(), "lucas.reyes");
        assertThat(learnt.excuses(List.of(OFFICE))).as("two of three").isFalse();
    }

    /** Each person signs in with MFA at 08:00 on three days, from the address {@code at} gives them. */
    private static void signInsOnThreeDays(OrganisationNetworks learnt, List<String> people,
            java.util.function.Function<String, String> at) throws BadRecordException {
        for (int day = 0; day < 3; day++) {
            for (String person : people) {
                learnt.observe(signIn(person, "2026-05-" + (18 + day) + "T08:00:00Z", at.apply(person), Outcome.SUCCESS, Mfa.TRUE), null);
            }
        }
    }

    /** Each person's home line, a /24 of their own. */
    private static java.util.function.Function<String, String> homes(List<String> people) {
        return person -> "98.97." + (10 + people.indexOf(person)) + ".20";
    }

    @Test
    void twoPeoplesRefusedPushesAmongTheOfficesFewSignInsDoNotDisqualifyIt() throws BadRecordException {
        OrganisationNetworks learnt = new OrganisationNetworks(OrganisationNetworks.Settings.DEFAULTS, 1000);
        // people sign in at home and bring their sessions to the office: it is learnt from their MFA-backed uses
        Lineage signedInWithMfa = new Lineage();
        signedInWithMfa.mfa = Mfa.TRUE;
        for (int day = 0; day < 3; day++) {
            for (String person : PEOPLE) {
                learnt.observe(use(person, "2026-11-0" + (2 + day) + "T17:00:00Z", OFFICE), signedInWithMfa);
            }
        }
        // its only sign-ins in a week: three, and two people's pushes refused or timed out on the way
        learnt.observe(signIn("anna.kowalski", "2026-11-05T07:07:00Z", OFFICE, Outcome.SUCCESS, Mfa.TRUE), null);
        learnt.observe(mfa("anna.kowalski", "2026-11-05T07:07:39Z", Outcome.FAILURE), null);
        learnt.observe(signIn("li.wei", "2026-11-06T14:25:00Z", OFFICE, Outcome.SUCCESS, Mfa.TRUE), null);
        learnt.observe(signIn("tom.becker", "2026-11-07T23:09:00Z", OFFICE, Outcome.SUCCESS, Mfa.TRUE), null);
        learnt.observe(mfa("tom.becker", "2026-11-07T23:09:44Z", Outcome.FAILURE), null);

        assertThat(learnt.excuses(List.of(OFFICE))).as("two failures of five attempts, from two people").isTrue();
        assertThat(learnt.learnt()).isEqualTo(1);
    }

    /** An Okta SSO from a session whose sign-in is elsewhere. */
    private static Event use(String person, String time, String ip) throws BadRecordException {
        return new EventBuilder("okta").time("published", time).kind(EventKind.CREDENTIAL_USE).outcome(Outcome.SUCCESS, null)
                .principal(person + "@tidewateranalytics.com", null, PrincipalType.HUMAN, null)
                .credential(CredentialKind.SESSION, "idx" + person, null, null, Mfa.UNKNOWN, null)
                .ip("client.ipAddress", ip).build();
    }

    /** An Okta Verify push answered (or not) from the office. */
    private static Event mfa(String person, String time, Outcome outcome) throws BadRecordException {
        return new EventBuilder("okta").time("published", time).kind(EventKind.MFA).outcome(outcome, null)
                .principal(person + "@tidewateranalytics.com", null, PrincipalType.HUMAN, null)
                .credential(CredentialKind.SESSION, "idx" + person, null, null, Mfa.UNKNOWN, null)
                .ip("client.ipAddress", OFFICE).build();
    }

    private static void signInsFromTheOffice(OrganisationNetworks learnt, int days, Outcome outcome, Mfa mfa) throws BadRecordException {
        for (int day = 0; day < days; day++) {
            for (String person : PEOPLE) {
                learnt.observe(signIn(person, "2026-11-0" + (2 + day) + "T08:00:00Z", OFFICE, outcome, mfa), null);
            }
        }
    }

    private static Evidence evidence() {
        return new Evidence("okta", null, Instant.parse("2026-11-02T09:00:00Z"), "user.session.start", OFFICE, "Seattle, US",
                7922L, null, null, null, null, null, null, null);
    }

    private static Event signIn(String person, String time, String ip, Outcome outcome, Mfa mfa) throws BadRecordException {
        return new EventBuilder("okta").time("published", time).kind(EventKind.SESSION_START).outcome(outcome, null)
                .principal(person + "@tidewateranalytics.com", null, PrincipalType.HUMAN, null)
                .credential(CredentialKind.SESSION, "idx" + person.hashCode() + time.substring(8, 10), null, null, mfa, null)
                .ip("client.ipAddress", ip).place("United States", "Seattle", 47.6062, -122.3321)
                .userAgent("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/154.0.0.0 Safari/537.36")
                .build();
    }
}
