package dev.tokenward.analytic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeptTextTest {

    @Test
    void realTextsAreKeptAsTheyAre() {
        String item = "x4k2pwmjq3fgbtnd6r5vhaylce/6j5cyvpmrfhkhq6g3xebtkwjya";
        assertThat(KeptText.of(item)).isSameAs(item);
        assertThat(KeptText.of("a".repeat(KeptText.CHARS))).hasSize(KeptText.CHARS);
        assertThat(KeptText.of(null)).isNull();
    }

    @Test
    void aLongTextIsCutWithAMarkerThatKeepsItApartFromOthersCutTheSame() {
        String padding = "p".repeat(4000);
        String one = KeptText.of(padding + "1");
        String two = KeptText.of(padding + "2");
        assertThat(one).startsWith("p".repeat(KeptText.CHARS) + "…[3745 more characters, #").endsWith("]")
                .hasSize(KeptText.CHARS + "…[3745 more characters, #0123456789abcdef]".length());
        assertThat(one).isNotEqualTo(two).isEqualTo(KeptText.of(padding + "1"));
    }
}
