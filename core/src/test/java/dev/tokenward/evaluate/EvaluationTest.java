package dev.tokenward.evaluate;

import dev.tokenward.analytic.Severity;
import dev.tokenward.signal.Alert;
import dev.tokenward.signal.Triage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Matching alerts to storylines on small hand-made cases. */
class EvaluationTest {
    private static final Storyline REPLAY = new Storyline("s-1", "aitm-session-replay", List.of("priya.raman@tidewateranalytics.com"),
            List.of("idxskkEdUuX38qSngN9NC2hab"), Instant.parse("2026-11-17T16:12:07Z"), Instant.parse("2026-11-17T16:37:02Z"),
            List.of("credential-roaming"), false);
    private static final Storyline NO_MFA = new Storyline("s-2", "console-login-without-mfa",
            List.of("arn:aws:iam::482910376154:user/tom.becker"), List.of(), Instant.parse("2026-11-18T02:14:27Z"),
            Instant.parse("2026-11-18T02:31:00Z"), List.of("mfa-not-satisfied"), false);
    private static final Storyline SPRAY = new Storyline("s-3", "password-spray-then-session", List.of("li.wei@tidewateranalytics.com"),
            List.of(), Instant.parse("2026-11-16T09:00:00Z"), Instant.parse("2026-11-16T09:40:00Z"),
            List.of("credential-roaming", "mfa-not-satisfied"), false);
    private static final Storyline TRAVEL_DECOY = new Storyline("d-1", "business-trip", List.of("james.okafor@tidewateranalytics.com"),
            List.of(), Instant.parse("2026-11-16T14:00:00Z"), Instant.parse("2026-11-16T23:00:00Z"), List.of(), true);

    private static Alert alert(String analytic, String time, String principal, String credential) {
        return new Alert("0123456789abcdef0123456789abcdef", Instant.parse(time), analytic, List.of("T1550.001"), Severity.HIGH,
                principal, credential, analytic + " for " + principal, List.of(), new Triage(2, List.of(), Map.of(), new Triage.Plan(List.of(), List.of(), List.of())));
    }

    @Test
    void countsDetectionsMissesAndFalseAlertsPerAnalyticAndOverall() {
        List<Alert> alerts = List.of(
                alert("credential-roaming", "2026-11-17T16:12:07Z", "someone.else@tidewateranalytics.com", "idxskkEdUuX38qSngN9NC2hab"),
                alert("credential-roaming", "2026-11-17T16:20:00Z", "priya.raman@tidewateranalytics.com", "idxskkEdUuX38qSngN9NC2hab"),
                alert("mfa-not-satisfied", "2026-11-18T03:40:00Z", "arn:aws:iam::482910376154:user/tom.becker", null),
                alert("credential-roaming", "2026-11-16T18:00:00Z", "james.okafor@tidewateranalytics.com", "102Qw8sXcV5nBm2LkJh7Gf4Dp"));

        Evaluation.Report report = Evaluation.evaluate(List.of(REPLAY, NO_MFA, SPRAY, TRAVEL_DECOY), alerts, Duration.ofHours(1), 24);

        assertThat(report.analytics()).extracting(Evaluation.Row::name).containsExactly("credential-roaming", "mfa-not-satisfied");
        Evaluation.Row roaming = report.analytics().get(0);
        assertThat(roaming.storylines()).isEqualTo(2);
        assertThat(roaming.detected()).isEqualTo(1);
        assertThat(roaming.alerts()).isEqualTo(3);
        assertThat(roaming.falseAlerts()).isEqualTo(1);
        assertThat(roaming.precision()).isEqualTo(2.0 / 3);
        assertThat(roaming.recall()).isEqualTo(0.5);
        assertThat(roaming.medianTimeToDetect()).isEqualTo(Duration.ZERO);

        Evaluation.Row mfa = report.analytics().get(1);
        assertThat(mfa.detected()).as("03:40 is more than the hour's tolerance after the 02:31 end").isZero();
        assertThat(mfa.falseAlerts()).isEqualTo(1);

        assertThat(report.overall().storylines()).isEqualTo(3);
        assertThat(report.overall().detected()).isEqualTo(1);
        assertThat(report.overall().falseAlerts()).isEqualTo(2);
        assertThat(report.overall().falsePer1000PrincipalDays()).isEqualTo(2 * 1000.0 / 24);
        assertThat(report.missed()).containsExactly("s-2 (console-login-without-mfa)", "s-3 (password-spray-then-session)");
        assertThat(report.falseAlerts()).hasSize(2).anySatisfy(f -> assertThat(f).contains("james.okafor"));
    }

    @Test
    void anUnseenStorylineCountsAsMissedAndIsListedApart() {
        Storyline unseen = new Storyline("m-1", "tampered-updater", "unsigned", List.of("twa-ihughes-mbp"), List.of(), List.of(),
                Instant.parse("2026-11-15T06:25:34Z"), Instant.parse("2026-11-15T17:49:17Z"), List.of("unscheduled-background-api"),
                List.of(), false, true);

        Evaluation.Report report = Evaluation.evaluate(List.of(REPLAY, unseen), List.of(), Duration.ofHours(1), 24);

        assertThat(report.overall().storylines()).isEqualTo(2);
        assertThat(report.overall().detected()).isZero();
        assertThat(report.unseen()).containsExactly("m-1");
        assertThat(report.missed()).containsExactly("s-1 (aitm-session-replay)", "m-1 (tampered-updater: unsigned): unseen");
    }

    @Test
    void anAlertMatchesByCredentialOrPrincipalInsideTheWidenedWindow() {
        Duration hour = Duration.ofHours(1);
        String roaming = "credential-roaming";
        assertThat(Evaluation.matches(alert(roaming, "2026-11-17T15:12:07Z", "nobody", "idxskkEdUuX38qSngN9NC2hab"), REPLAY, hour)).isTrue();
        assertThat(Evaluation.matches(alert(roaming, "2026-11-17T15:12:06Z", "nobody", "idxskkEdUuX38qSngN9NC2hab"), REPLAY, hour)).isFalse();
        assertThat(Evaluation.matches(alert(roaming, "2026-11-17T17:37:02Z", "priya.raman@tidewateranalytics.com", null), REPLAY, hour)).isTrue();
        assertThat(Evaluation.matches(alert(roaming, "2026-11-17T16:20:00Z", "nobody", null), REPLAY, hour)).isFalse();
        assertThat(Evaluation.matches(alert("mass-api-access", "2026-11-17T16:20:00Z", "priya.raman@tidewateranalytics.com", null), REPLAY,
                hour)).as("an analytic the storyline neither expects nor accepts").isFalse();
    }

    @Test
    void anAlertRaisedLaterMatchesWhenItsEvidenceLiesInsideTheWindow() {
        Duration hour = Duration.ofHours(1);
        Alert later = alert("credential-roaming", "2026-11-17T19:40:00Z", "priya.raman@tidewateranalytics.com", null);
        assertThat(Evaluation.matches(later, REPLAY, hour)).as("raised two hours after the window, no evidence").isFalse();
        Alert withAttackerEvidence = new Alert(later.id(), later.time(), later.analytic(), later.attack(), later.severity(),
                later.principal(), null, later.title(), List.of(evidence("2026-11-17T16:20:31Z"), evidence("2026-11-17T19:40:00Z")),
                later.triage());
        assertThat(Evaluation.matches(withAttackerEvidence, REPLAY, hour)).as("the attacker's event is its evidence").isTrue();
        Alert withOldEvidence = new Alert(later.id(), later.time(), later.analytic(), later.attack(), later.severity(),
                later.principal(), null, later.title(), List.of(evidence("2026-11-17T12:00:00Z"), evidence("2026-11-17T19:40:00Z")),
                later.triage());
        assertThat(Evaluation.matches(withOldEvidence, REPLAY, hour)).as("evidence outside the window").isFalse();
    }

    private static final Storyline SPRAYED = new Storyline("s-4", "password-spray-then-session", "from rotating addresses",
            List.of("li.wei@tidewateranalytics.com"), List.of(), List.of("maria.gonzalez@tidewateranalytics.com", "tom.becker@tidewateranalytics.com"),
            Instant.parse("2026-11-16T09:00:00Z"), Instant.parse("2026-11-16T09:40:00Z"), List.of("failures-then-access"),
            List.of("impossible-travel"), false);
    private static final Storyline TETHERING = new Storyline("d-2", "carrier-hopping", "laptop tethered to a phone",
            List.of("sarah.mitchell@tidewateranalytics.com"), List.of("102vLNJgBfyMhLGUzEMScrbZc"), List.of(),
            Instant.parse("2026-11-16T10:00:00Z"), Instant.parse("2026-11-16T12:00:00Z"), List.of(), List.of(), true);

    @Test
    void strictlyOnlyAnExpectedOrAcceptedAnalyticNamingTheAttackerCountsAndOnlyAnExpectedOneDetects() {
        List<Alert> alerts = List.of(
                alert("impossible-travel", "2026-11-16T09:30:00Z", "li.wei@tidewateranalytics.com", null),
                alert("failures-then-access", "2026-11-16T09:20:00Z", "maria.gonzalez@tidewateranalytics.com", null),
                alert("mfa-not-satisfied", "2026-11-16T09:35:00Z", "li.wei@tidewateranalytics.com", null),
                alert("credential-roaming", "2026-11-16T11:00:00Z", "sarah.mitchell@tidewateranalytics.com", "102vLNJgBfyMhLGUzEMScrbZc"),
                alert("credential-roaming", "2026-11-20T11:00:00Z", "omar.haddad@tidewateranalytics.com", null));

        Evaluation.Report report = Evaluation.evaluate(List.of(SPRAYED, TETHERING), alerts, Duration.ofHours(1), 1000);

        assertThat(report.overall().detected()).as("only an accepted analytic named the attacker").isZero();
        assertThat(report.missed()).containsExactly("s-4 (password-spray-then-session: from rotating addresses)");
        assertThat(report.overall().trueAlerts()).as("the accepted impossible-travel alert").isEqualTo(1);
        assertThat(report.overall().falseAlerts()).isEqualTo(4);
        assertThat(report.falseAlertsByCause()).containsExactly(
                Map.entry("carrier-hopping: laptop tethered to a phone", 1L),
                Map.entry("near password-spray-then-session (a bystander)", 1L),
                Map.entry("near password-spray-then-session (an analytic it does not expect)", 1L),
                Map.entry("no storyline", 1L));
        assertThat(report.lenient().detected()).as("leniently, any alert on anyone listed detects").isEqualTo(1);
        assertThat(report.lenient().falseAlerts()).isEqualTo(2);
    }

    @Test
    void anExpectedAnalyticNamingTheAttackerDetects() {
        Evaluation.Report report = Evaluation.evaluate(List.of(SPRAYED),
                List.of(alert("failures-then-access", "2026-11-16T09:41:00Z", "li.wei@tidewateranalytics.com", null)), Duration.ofHours(1), 1000);
        assertThat(report.overall().detected()).isEqualTo(1);
        assertThat(report.missed()).isEmpty();
        assertThat(report.falseAlertsByCause()).isEmpty();
    }

    private static dev.tokenward.analytic.Evidence evidence(String time) {
        return new dev.tokenward.analytic.Evidence("okta", null, Instant.parse(time), "user.authentication.sso SUCCESS", "95.217.4.188",
                "Helsinki, FI", 24940L, "hetzner online gmbh", null, null, null, null, null, null);
    }
}
