package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.identity.NetworkFit.Seen;
import dev.tokenward.analytic.identity.NetworkFit.Standing;
import dev.tokenward.event.ClientClass;
import dev.tokenward.event.NetworkClass;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkFitTest {
    private static final String LAPTOP = "7a01d6ab-bcf9-41ae-8a8b-63c9554da920";
    /** Owen's Entra session from his Deutsche Telekom DSL line in Berlin. */
    private static final Seen HOME = seen("87.128.69.65", "87.128.69.0/24", "Berlin, DE", 52.52, 13.40, LAPTOP, "2027-09-13T06:01:51Z");

    @Test
    void aLaptopOnItsOperatorsMobileDataBelongsOnceThatIsKnownAsMobile() {
        // the same laptop, tethered to his phone on Telekom's mobile network, placed at a gateway 420 km away
        Seen tethered = seen("80.187.124.177", "80.187.124.0/24", "Frankfurt am Main, DE", 50.11, 8.68, LAPTOP, "2027-09-13T07:52:00Z");

        assertThat(NetworkFit.belongsWith(tethered, HOME)).as("two fixed lines in two metro areas").isFalse();
        assertThat(NetworkFit.belongsOnMobile(tethered, HOME, true, List.of(HOME))).isTrue();
        assertThat(NetworkFit.belongsOnMobile(tethered, HOME, false, List.of(HOME)))
                .as("either side on a carrier's network leaves the metro area uncompared; a home line's block is never learnt as one").isTrue();
    }

    @Test
    void aCopyWithoutTheDeviceIdDoesNotBelongOnMobileData() {
        Seen copy = seen("80.187.124.177", "80.187.124.0/24", "Frankfurt am Main, DE", 50.11, 8.68, null, "2027-09-13T07:52:00Z");
        Seen otherDevice = seen("80.187.124.177", "80.187.124.0/24", "Frankfurt am Main, DE", 50.11, 8.68,
                "0c93a5d2-5a4e-4f0e-9d59-2e8d1b3f6a11", "2027-09-13T07:52:00Z");

        assertThat(NetworkFit.belongsOnMobile(copy, HOME, true, List.of(HOME))).as("the device id given at first is gone").isFalse();
        assertThat(NetworkFit.belongsOnMobile(otherDevice, HOME, true, List.of(HOME))).as("another device").isFalse();
    }

    private static Seen seen(String ip, String prefix, String place, double latitude, double longitude, String device, String time) {
        Evidence evidence = new Evidence("entra", null, Instant.parse(time), null, ip, place, 3320L, "Deutsche Telekom AG",
                NetworkClass.RESIDENTIAL, null, null, ClientClass.BROWSER, "Edge/Windows", device, null, latitude, longitude, null, null,
                null, null, null, null);
        return new Seen(prefix, "DE", false, Instant.parse(time), evidence, Standing.HABIT);
    }
}
