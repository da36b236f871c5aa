package dev.tokenward.analytic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SharedTest {
    @Test
    void handsOutTheCopyOfACoordinateOrAutonomousSystemNumberItHoldsAndTheValueAsGiven() {
        Double baltimore = Shared.number(Double.valueOf("39.2847"));
        Double again = Double.valueOf("39.2847");
        assertThat(again).isNotSameAs(baltimore);
        assertThat(Shared.number(again)).isSameAs(baltimore);
        assertThat(Shared.number(Double.valueOf("-76.5771"))).isEqualTo(-76.5771);
        Double zero = Shared.number(Double.valueOf("0.0"));
        assertThat(Double.compare(Shared.number(Double.valueOf("-0.0")), -0.0)).as("-0.0 stays -0.0, not the 0.0 held").isZero();
        assertThat(Double.compare(zero, 0.0)).isZero();

        Long hetzner = Shared.number(Long.valueOf("24940"));
        assertThat(Shared.number(Long.valueOf("24940"))).isSameAs(hetzner);
        assertThat(Shared.number(Long.valueOf("16509"))).isEqualTo(16509L);

        assertThat(Shared.number((Double) null)).isNull();
        assertThat(Shared.number((Long) null)).isNull();
        assertThat(Shared.text(null)).isNull();
        assertThat(Shared.text(new String("AS24940"))).isSameAs(Shared.text("AS24940"));
    }
}
