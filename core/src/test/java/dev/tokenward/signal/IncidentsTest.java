package dev.tokenward.signal;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.evaluate.IncidentScore;
import dev.tokenward.evaluate.Storyline;
import dev.tokenward.event.NetworkClass;
import dev.tokenward.event.Origin;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Grouping alerts into incidents and campaigns, on small hand-made alerts. */
class IncidentsTest {
    private static final String PRIYA = "priya.raman@tidewateranalytics.com";
    private static final String TOM = "arn:aws:iam::482910376154:user/tom.becker";
    private static final String SUPPORT = "arn:aws:sts::482910376154:federated-user/aws-support";
    private static final String HETZNER = "95.217.28.114";

    private final Incidents incidents = new Incidents(Incidents.Settings.DEFAULTS);
    private int raised;

    private Alert alert(String analytic, String time, String principal, String credential, String evidenceCredential, String ip,
                        NetworkClass network, List<String> alsoAffected, List<String> lineage) {
        raised++;
        Evidence evidence = new Evidence("cloudtrail", new Origin("trail.json", raised, -1, "e" + raised), Instant.parse(time),
                analytic + " evidence", ip, null, null, null, network, null, null, null, null, null, evidenceCredential, null, null, null, null);
        Triage triage = new Triage(2, List.of("test"), List.of(), List.of(), List.of(), lineage, alsoAffected, Map.of(),
                List.of("step " + raised), List.of(), List.of(), List.of());
        return new Alert(String.format("%032x", raised), Instant.parse(time), analytic, List.of("T1550.001"), Severity.HIGH, principal,
                credential, analytic + " on " + principal, List.of(evidence), triage);
    }

    private Alert alert(String analytic, String time, String principal, String credential) {
        return alert(analytic, time, principal, credential, null, "73.239.102.57", NetworkClass.RESIDENTIAL, List.of(), List.of());
    }

    private List<Incident> standing() {
        return incidents.incidents().stream().filter(Incident::standing).toList();
    }

    @Test
    void aPersonsAlertsWithinTheWindowAreOneIncidentAndLaterOnesAnother() {
        Alert first = incidents.add(alert("credential-roaming", "2026-11-17T16:12:07Z", PRIYA, "idxskkEdUuX38qSngN9NC2hab"));
        Alert second = incidents.add(alert("impossible-travel", "2026-11-17T16:12:07Z", PRIYA, "102vLNJgBfyMhLGUzEMScrbZc"));
        Alert nextDay = incidents.add(alert("mfa-not-satisfied", "2026-11-18T10:02:11Z", PRIYA, null));

        assertThat(second.incident()).isEqualTo(first.incident()).matches("inc-[0-9a-f]{20}");
        assertThat(nextDay.incident()).isNotEqualTo(first.incident());
        assertThat(standing()).hasSize(2);
        Incident replay = standing().get(0);
        assertThat(replay.alerts()).containsExactly(first.id(), second.id());
        assertThat(replay.credentials()).containsExactly("idxskkEdUuX38qSngN9NC2hab", "102vLNJgBfyMhLGUzEMScrbZc");
        assertThat(replay.timeline()).extracting(Incident.Entry::analytic).containsExactly("credential-roaming", "impossible-travel");
    }

    @Test
    void anIncidentTellsTheCredentialsItsAlertsEvidenceNamesAndTheirPlanWhenTheRunEnds() {
        Alert keyUse = incidents.add(alert("mass-api-access", "2026-11-17T16:12:07Z", TOM, null, "ASIAXRMJQ5QGQ7Y2N4LB", HETZNER,
                NetworkClass.HOSTING, List.of(), List.of()));
        Alert minted = incidents.add(alert("federation-token-abuse", "2026-11-17T16:40:00Z", TOM, "ASIAXRMJQ5QGQ7Y2N4LB",
                "ASIAXRMJQ5QGWB3KD9PA", HETZNER, NetworkClass.HOSTING, List.of(), List.of()));

        Incident incident = standing().get(0);
        assertThat(incident.alerts()).containsExactly(keyUse.id(), minted.id());
        assertThat(incident.credentials()).containsExactly("ASIAXRMJQ5QGQ7Y2N4LB", "ASIAXRMJQ5QGWB3KD9PA");
        assertThat(incident.tier()).isEqualTo(2);
        assertThat(incident.escalation()).containsExactly("test");
        assertThat(incident.containment()).containsExactly("step " + (raised - 1), "step " + raised);
        assertThat(keyUse.evidence()).as("the alert written keeps its evidence whole").singleElement()
                .satisfies(e -> assertThat(e.summary()).isEqualTo("mass-api-access evidence"));
    }

    @Test
    void aHostsNightlyAlertsOverAWeekAreOneIncidentAndAPersonsAreNot() {
        String mac = "twa-mhaddad-mbp";
        Alert first = incidents.add(alert("unscheduled-background-api", "2026-11-07T05:50:00Z", mac, null));
        Alert third = incidents.add(alert("unscheduled-background-api", "2026-11-09T12:59:00Z", mac, null));
        Alert sixth = incidents.add(alert("unscheduled-background-api", "2026-11-15T03:07:00Z", mac, null));
        assertThat(third.incident()).as("two days later").isEqualTo(first.incident());
        assertThat(sixth.incident()).as("six days after the last").isEqualTo(first.incident());
        Alert weekLater = incidents.add(alert("unscheduled-background-api", "2026-11-23T03:07:01Z", mac, null));
        assertThat(weekLater.incident()).as("more than seven days after the last").isNotEqualTo(first.incident());

        Alert roaming = incidents.add(alert("credential-roaming", "2026-11-07T05:50:00Z", PRIYA, null));
        Alert nextDay = incidents.add(alert("credential-roaming", "2026-11-08T05:50:00Z", PRIYA, null));
        assertThat(nextDay.incident()).as("a person's alerts a day apart").isNotEqualTo(roaming.incident());
    }

    @Test
    void anAlertLinkingTwoIncidentsMergesTheYoungerIntoTheOlderAndSaysSo() {
        Alert key = incidents.add(alert("credential-roaming", "2026-11-18T20:40:06Z", TOM, "AKIAPDEEBCBYR4B7QDPD"));
        Alert federated = incidents.add(alert("new-credential-unusual-api", "2026-11-18T20:49:31Z", SUPPORT, "ASIAE646QF4TTHY5Z3XW"));
        assertThat(federated.incident()).as("another principal, another credential: not yet linked").isNotEqualTo(key.incident());

        Alert minting = incidents.add(alert("federation-token-abuse", "2026-11-18T20:46:08Z", TOM, "ASIAE646QF4TTHY5Z3XW",
                "AKIAPDEEBCBYR4B7QDPD", HETZNER, NetworkClass.HOSTING, List.of(), List.of()));

        assertThat(minting.incident()).isEqualTo(key.incident());
        assertThat(standing()).hasSize(1);
        Incident merged = incidents.incidents().stream().filter(i -> i.id().equals(federated.incident())).findFirst().orElseThrow();
        assertThat(merged.mergedInto()).isEqualTo(key.incident());
        assertThat(standing().get(0).merged()).containsExactly(federated.incident());
        assertThat(standing().get(0).principals()).containsExactly(TOM, SUPPORT);
    }

    @Test
    void theCredentialThatMintedAnotherLinksTheirAlerts() {
        Alert creator = incidents.add(alert("credential-roaming", "2026-11-10T18:30:00Z", "arn:aws:iam::482910376154:user/lucas.wei",
                "AKIAJM7FWNEW2PETUC2K"));
        Alert created = incidents.add(alert("new-credential-unusual-api", "2026-11-10T19:10:00Z",
                "arn:aws:iam::482910376154:user/svc-monitoring-agent", "AKIALBI6UCRIQLVFQHXP", null, "34.89.12.7", NetworkClass.HOSTING,
                List.of(), List.of("AKIAJM7FWNEW2PETUC2K")));
        assertThat(created.incident()).isEqualTo(creator.incident());
    }

    @Test
    void threeIncidentsFromOneAddressAreACampaignAndTwoAreOnlyRelated() {
        Alert a = incidents.add(alert("credential-roaming", "2026-11-18T20:40:06Z", TOM, "AKIAPDEEBCBYR4B7QDPD", null, HETZNER,
                NetworkClass.HOSTING, List.of(), List.of()));
        Alert b = incidents.add(alert("workload-credential-exfiltration", "2026-11-18T23:21:44Z",
                "arn:aws:sts::482910376154:assumed-role/etl-worker-instance-role/i-0a3f5c9e2b7d41e86", "ASIAKUXIKL4YFDKZZT3D", null, HETZNER,
                NetworkClass.HOSTING, List.of(), List.of()));
        assertThat(standing()).hasSize(2).allSatisfy(i -> assertThat(i.kind()).isEqualTo("incident"));
        assertThat(standing().get(0).related()).containsExactly(b.incident());

        Alert c = incidents.add(alert("credential-roaming", "2026-11-19T08:00:00Z", PRIYA, "idxskkEdUuX38qSngN9NC2hab", null, HETZNER,
                NetworkClass.HOSTING, List.of(), List.of()));

        assertThat(standing()).hasSize(1);
        Incident campaign = standing().get(0);
        assertThat(campaign.kind()).isEqualTo("campaign");
        assertThat(campaign.id()).startsWith("cmp-").isEqualTo(c.incident());
        assertThat(campaign.tier()).isEqualTo(2);
        assertThat(campaign.indicators()).containsExactly("address " + HETZNER);
        assertThat(campaign.principals()).hasSize(3);
        assertThat(campaign.merged()).hasSize(3).contains(a.incident(), b.incident());
    }

    @Test
    void aSprayThatFoundOnePasswordIsACampaignListingTheAccountsBelowAlerting() {
        Alert sprayed = incidents.add(alert("failures-then-access", "2026-11-14T01:22:59Z", "isla.oconnor@tidewateranalytics.com",
                "idxP7kq2Rr0aTNoWm4yVfLbQe", null, "107.77.199.234", NetworkClass.MOBILE,
                List.of("arjun.yamamoto@tidewateranalytics.com", "aisha.petrova@tidewateranalytics.com"), List.of()));

        Incident campaign = standing().get(0);
        assertThat(campaign.id()).isEqualTo(sprayed.incident()).startsWith("cmp-");
        assertThat(campaign.alsoAffected()).containsExactly("arjun.yamamoto@tidewateranalytics.com", "aisha.petrova@tidewateranalytics.com");
        assertThat(campaign.title()).startsWith("Campaign: 3 accounts hit from address 107.77.199.234");
    }

    @Test
    void aMobileCarriersAddressAloneMakesNoCampaign() {
        for (String who : List.of(PRIYA, TOM, SUPPORT)) {
            incidents.add(alert("impossible-travel", "2026-11-14T01:00:00Z", who, null, null, "172.56.41.77", NetworkClass.MOBILE,
                    List.of(), List.of()));
        }
        assertThat(standing()).hasSize(3).allSatisfy(i -> assertThat(i.kind()).isEqualTo("incident"));
    }

    @Test
    void theEvaluationCountsStorylinesToldAsOneIncidentAndCampaignsFound() {
        Storyline replay = new Storyline("s-1", "aitm-session-replay", null, List.of(PRIYA), List.of("idxskkEdUuX38qSngN9NC2hab"),
                List.of(), Instant.parse("2026-11-17T16:10:00Z"), Instant.parse("2026-11-17T16:40:00Z"),
                List.of("credential-roaming"), List.of("impossible-travel"), false);
        Storyline spray = new Storyline("s-2", "password-spray-then-session", null, List.of("isla.oconnor@tidewateranalytics.com"),
                List.of(), List.of("arjun.yamamoto@tidewateranalytics.com"), Instant.parse("2026-11-14T00:59:00Z"),
                Instant.parse("2026-11-14T01:35:00Z"), List.of("failures-then-access"), List.of(), false);
        List<Alert> alerts = new ArrayList<>();
        alerts.add(alert("credential-roaming", "2026-11-17T16:12:07Z", PRIYA, "idxskkEdUuX38qSngN9NC2hab"));
        alerts.add(alert("impossible-travel", "2026-11-17T16:12:07Z", PRIYA, "102vLNJgBfyMhLGUzEMScrbZc"));
        alerts.add(alert("failures-then-access", "2026-11-14T01:22:59Z", "isla.oconnor@tidewateranalytics.com", null, null,
                "107.77.199.234", NetworkClass.MOBILE, List.of("arjun.yamamoto@tidewateranalytics.com", "aisha.petrova@tidewateranalytics.com"),
                List.of()));

        IncidentScore score = IncidentScore.of(List.of(replay, spray), alerts, Duration.ofHours(1), Incidents.Settings.DEFAULTS);

        assertThat(score.detected()).isEqualTo(2);
        assertThat(score.oneIncident()).isEqualTo(2);
        assertThat(score.incidents()).isEqualTo(2);
        assertThat(score.mixed()).isZero();
        assertThat(score.campaigns()).isEqualTo(1);
        assertThat(score.campaignsFound()).isEqualTo(1);
    }
}
