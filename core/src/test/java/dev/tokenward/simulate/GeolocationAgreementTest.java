package dev.tokenward.simulate;

import dev.tokenward.enrich.AutonomousSystem;
import dev.tokenward.enrich.GeoData;
import dev.tokenward.enrich.Place;
import dev.tokenward.event.IpAddress;
import dev.tokenward.simulate.Geography.Address;
import dev.tokenward.simulate.Geography.City;
import dev.tokenward.simulate.Geography.Network;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reports how far the installed geo data (if any) agrees with the simulator's address plan: the
 * ASN, the country, and whether it places the address near where the plan says it is. Nothing is
 * filtered and nothing fails on disagreement: the simulator is independent of Tokenward's geo data
 * on purpose, and disagreement is what real telemetry has too. The figures help keep
 * {@code networks.tsv} honest when it is edited.
 */
class GeolocationAgreementTest {
    private static final int DRAWS = 32;

    @Test
    void reportAgreementWithInstalledGeoData() throws Exception {
        Geography geography = new Geography();
        try (GeoData geo = GeoData.open(GeoData.defaultDirectory(), null, null)) {
            if (!geo.hasPlaces()) {
                System.out.println("geolocation agreement: no geo data installed in " + GeoData.defaultDirectory());
                return;
            }
            int asnAgree = 0;
            int countryAgree = 0;
            int near = 0;
            int total = 0;
            System.out.println("geolocation agreement (installed geo data vs. the simulator's plan), per network:");
            Rand rand = Rand.of(1, "agreement");
            for (Network network : geography.allNetworks()) {
                City where = network.city() != null ? network.city()
                        : network.country().equals("*") ? geography.city("Seattle")
                        : geography.citiesOf(network.country(), geography.city("Seattle")).get(0);
                int asn = 0;
                int country = 0;
                int close = 0;
                for (int i = 0; i < DRAWS; i++) {
                    Address address = geography.address(network, where, rand);
                    IpAddress ip = IpAddress.of(address.ip());
                    AutonomousSystem as = geo.autonomousSystem(ip);
                    Place place = geo.place(ip);
                    asn += as != null && as.number() == network.asn() ? 1 : 0;
                    country += place != null && where.country().equals(place.country()) ? 1 : 0;
                    close += place != null && place.latitude() != null && Geography.kilometres(place.latitude(),
                            place.longitude(), where.latitude(), where.longitude()) <= 120 ? 1 : 0;
                }
                asnAgree += asn;
                countryAgree += country;
                near += close;
                total += DRAWS;
                System.out.printf(Locale.ROOT, "  %-12s %-20s AS%-7d %-22s asn %3d%%  country %3d%%  within 120 km %3d%%%n",
                        network.kind(), network.block(), network.asn(), where.name(), 100 * asn / DRAWS,
                        100 * country / DRAWS, 100 * close / DRAWS);
            }
            System.out.printf(Locale.ROOT, "  overall: asn %d%%, country %d%%, within 120 km %d%% of %d addresses%n",
                    100 * asnAgree / total, 100 * countryAgree / total, 100 * near / total, total);
            assertThat(total).isEqualTo(DRAWS * geography.allNetworks().size());
        }
    }

    @Test
    void theProductsPlaceCarriersAtTheirHeadOfficesNotWhereThePhoneIs() {
        Geography geography = new Geography();
        City tacoma = geography.city("Tacoma");
        Network tmobile = geography.networks(Geography.Kind.MOBILE, tacoma).stream()
                .filter(n -> n.asn() == 21928).findFirst().orElseThrow();
        Rand rand = Rand.of(3, "carrier");
        for (int i = 0; i < 20; i++) {
            Address address = geography.address(tmobile, tacoma, rand);
            assertThat(address.city()).isEqualTo(tacoma);
            assertThat(geography.reported(address, Geography.Product.OKTA).city().name()).isEqualTo("Bellevue");
        }
        Network verizon = geography.networks(Geography.Kind.MOBILE, tacoma).stream()
                .filter(n -> n.asn() == 6167).findFirst().orElseThrow();
        List<String> places = java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> geography.reported(geography.address(verizon, tacoma, rand), Geography.Product.ENTRA).city().name())
                .distinct().sorted().toList();
        assertThat(places).containsExactly("Ashburn", "Basking Ridge");
    }
}
