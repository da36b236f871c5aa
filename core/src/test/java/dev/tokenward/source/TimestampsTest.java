package dev.tokenward.source;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTest {

    @ParameterizedTest
    @CsvSource({
        "2026-11-17T16:12:45Z, 2026-11-17T16:12:45Z",
        "2026-11-17T16:12:45.118Z, 2026-11-17T16:12:45.118Z",
        "2026-11-17T16:12:45.1184472Z, 2026-11-17T16:12:45.1184472Z",
        "2026-11-17 16:12:45.118, 2026-11-17T16:12:45.118Z",
        "2026-11-17 16:12:45Z, 2026-11-17T16:12:45Z",
        "2026-11-17T18:12:45+02:00, 2026-11-17T16:12:45Z",
        "2026-11-17T16:12:45.000+0000, 2026-11-17T16:12:45Z",
        "2026-11-17T16:12:45, 2026-11-17T16:12:45Z",
        "1795450365, 2026-11-23T16:12:45Z",
        "1795450365118, 2026-11-23T16:12:45.118Z",
    })
    void readsTheShapesSourcesWrite(String text, String expected) {
        assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"redacted", "2026-13-01T00:00:00Z", "17/11/2026 16:12", "", "  ", "\u0000", "\u0001 ",
        "99999999999999999999", "2023-02-31T08:00:00Z", "2023-02-31T08:00:00+01:00", "2026-11-17T24:00:00Z"})
    void refusesWhatIsNotATimestamp(String text) {
        assertThat(Timestamps.parse(text)).isNull();
    }
}
