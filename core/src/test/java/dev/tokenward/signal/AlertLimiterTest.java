package dev.tokenward.signal;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.event.Origin;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A flood of one analytic's alerts becomes one summary per hour past the limit; nothing is lost from the count. */
class AlertLimiterTest {
    private final List<Alert> written = new ArrayList<>();
    private final AlertLimiter limiter = new AlertLimiter(new AlertLimits(3, 2), written::add);

    private static Alert alert(String analytic, String time, int n, Severity severity) {
        Evidence use = new Evidence("cloudtrail", new Origin("flood.jsonl", n, -1, "0f100d00-0000-4000-8000-" + String.format("%012d", n)),
                Instant.parse(time), "GetObject SUCCESS by session-" + n, "198.51.100." + (n % 250), null, null, null, null, null, null,
                null, null, null);
        return new Alert("id-" + n, Instant.parse(time), analytic, List.of("T1550.001"), severity,
                "arn:aws:sts::482910376154:assumed-role/flood-role/session-" + n, "ASIAXQ4BRJ6G" + String.format("%08d", n),
                "AWS temporary key used with no STS call that issued it", List.of(use), new Triage(1, List.of(), Map.of(), new Triage.Plan(List.of(), List.of(), List.of())));
    }

    @Test
    void pastTheLimitAnHoursAlertsBecomeOneSummaryWithTheirCountAndWhoTheyNamed() {
        for (int n = 0; n < 10; n++) {
            limiter.accept(alert("credential-without-authentication", "2026-11-16T10:0" + n + ":00Z", n, n == 7 ? Severity.HIGH : Severity.MEDIUM));
        }
        limiter.accept(alert("credential-roaming", "2026-11-16T10:30:00Z", 100, Severity.HIGH));
        limiter.accept(alert("credential-without-authentication", "2026-11-16T11:00:00Z", 10, Severity.MEDIUM));
        limiter.finish();

        assertThat(written).extracting(Alert::id).startsWith("id-0", "id-1", "id-2", "id-100");
        Alert summary = written.get(4);
        assertThat(summary.analytic()).isEqualTo("credential-without-authentication");
        assertThat(summary.count()).isEqualTo(7);
        assertThat(summary.severity()).isEqualTo(Severity.HIGH);
        assertThat(summary.time()).isEqualTo(Instant.parse("2026-11-16T10:09:00Z"));
        assertThat(summary.title()).isEqualTo("7 more credential-without-authentication alerts in 2026-11-16T10:00-11:00 UTC, summarised "
                + "(7 principals, 7 credentials): more than 3 an hour (alerts.maxPerHour)");
        assertThat(summary.flood().principals()).containsExactly("arn:aws:sts::482910376154:assumed-role/flood-role/session-3",
                "arn:aws:sts::482910376154:assumed-role/flood-role/session-4");
        assertThat(summary.flood().principalCount()).isEqualTo(7);
        assertThat(summary.flood().credentialCount()).isEqualTo(7);
        assertThat(summary.flood().from()).isEqualTo(Instant.parse("2026-11-16T10:03:00Z"));
        assertThat(summary.evidence()).extracting(Evidence::summary).containsExactly("GetObject SUCCESS by session-3",
                "GetObject SUCCESS by session-9");
        assertThat(summary.triage().tier()).isEqualTo(2);
        assertThat(written.get(5).id()).as("the next hour starts afresh").isEqualTo("id-10");
        assertThat(written).hasSize(6);
    }

    @Test
    void justUnderTheLimitNothingIsSummarised() {
        for (int n = 0; n < 3; n++) {
            limiter.accept(alert("credential-without-authentication", "2026-11-16T10:0" + n + ":00Z", n, Severity.MEDIUM));
        }
        limiter.finish();
        assertThat(written).extracting(Alert::count).containsOnlyNulls().hasSize(3);
    }

    @Test
    void theSameFloodGivesTheSameSummaryId() {
        List<String> ids = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            List<Alert> out = new ArrayList<>();
            AlertLimiter again = new AlertLimiter(new AlertLimits(1, 2), out::add);
            for (int n = 0; n < 4; n++) {
                again.accept(alert("credential-without-authentication", "2026-11-16T10:0" + n + ":00Z", n, Severity.MEDIUM));
            }
            again.finish();
            ids.add(out.get(out.size() - 1).id());
        }
        assertThat(ids.get(0)).isEqualTo(ids.get(1)).hasSize(32);
    }
}
