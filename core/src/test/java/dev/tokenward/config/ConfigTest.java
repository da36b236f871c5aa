package dev.tokenward.config;

import dev.tokenward.analytic.Catalog;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigTest {

    @Test
    void everyAnalyticIsOnWithItsDefaultsWhenNothingIsSaid() throws ConfigException {
        Config config = Config.parse("empty.yaml", "");
        assertThat(config.lateness()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.analytics()).extracting(a -> a.spec().id())
                .containsExactly(java.util.Arrays.stream(Catalog.values()).map(Catalog::id).toArray(String[]::new));
    }

    @Test
    void settingsOverrideDefaultsAndAnalyticsCanBeTurnedOff() throws ConfigException {
        Config config = Config.parse("tidewater.yaml", """
                lateness: 30m
                analytics:
                  credential-roaming:
                    idleExpiry: 12h
                  mfa-not-satisfied:
                    enabled: false
                baseline:
                  learningPeriod: 7d
                """);
        assertThat(config.baseline().learningPeriod()).isEqualTo(Duration.ofDays(7));
        assertThat(config.baseline().learningSignIns()).as("left to its default").isEqualTo(10);
        assertThat(config.lateness()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.analytics()).extracting(a -> a.spec().id()).contains("credential-roaming")
                .doesNotContain("mfa-not-satisfied").hasSize(Catalog.values().length - 1);
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPlace() {
        ConfigException problems = catchThrowableOfType(ConfigException.class, () -> Config.parse("tidewater.yaml", """
                lateness: soon
                alert: all
                analytics:
                  credential-roaming:
                    idleExpiry: forever
                    maxNetwork: 8
                  mfa-not-satisfied:
                    exemptNetworks: ["50.206.44.0/33"]
                  impossible-travels: {}
                baseline:
                  learningSignIns: -1
                """));
        assertThat(problems.problems()).hasSize(7).anySatisfy(p -> assertThat(p).startsWith("tidewater.yaml: lateness: not a duration"))
                .anySatisfy(p -> assertThat(p).isEqualTo("tidewater.yaml: alert: unknown setting (known: lateness, analytics, enrichment, baseline, input, state, alerts, incidents, suppressions)"))
                .anySatisfy(p -> assertThat(p).startsWith("tidewater.yaml: baseline: learningPeriod and learningSignIns must not be negative"))
                .anySatisfy(p -> assertThat(p).startsWith("tidewater.yaml: analytics.impossible-travels: no such analytic"))
                .anySatisfy(p -> assertThat(p).startsWith("tidewater.yaml: analytics.credential-roaming.idleExpiry"))
                .anySatisfy(p -> assertThat(p).startsWith("tidewater.yaml: analytics.credential-roaming.maxNetwork"))
                .anySatisfy(p -> assertThat(p).contains("exemptNetworks: not a CIDR block: 50.206.44.0/33"));
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("PT2H")).isEqualTo(Duration.ofHours(2));
    }
}
