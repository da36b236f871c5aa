package dev.tokenward.event;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class IpAddressTest {

    @ParameterizedTest
    @CsvSource({
        "73.97.142.18, 73.97.142.18, 73.97.142.0/24",
        "::ffff:95.217.4.188, 95.217.4.188, 95.217.4.0/24",
        "2607:FB90:1A2B:33C4:8D1E:22FF:FE3A:9B10, 2607:fb90:1a2b:33c4:8d1e:22ff:fe3a:9b10, 2607:fb90:1a2b:33c4::/64",
        "2001:4860:4860::8888, 2001:4860:4860::8888, 2001:4860:4860::/64",
        "[2a01:4f9:c010:9d2b::1], 2a01:4f9:c010:9d2b::1, 2a01:4f9:c010:9d2b::/64",
        "::1, ::1, ::/64",
    })
    void parsesCanonicalisesAndGroupsByNetwork(String text, String canonical, String prefix) {
        IpAddress ip = IpAddress.of(text);
        assertThat(ip.toString()).isEqualTo(canonical);
        assertThat(ip.prefix()).isEqualTo(prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"255.090.254.5", "AWS Internal", "ec2.amazonaws.com", "256.1.1.1", "10.0.0", "1.2.3.4.5",
        "2001:db8::1::2", "2001:db8:1:2:3:4:5:6:7", "", "73.97.142.18x"})
    void rejectsWhatIsNotAnAddress(String text) {
        assertThat(IpAddress.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "10.20.4.17, true", "172.31.255.1, true", "172.32.0.1, false", "192.168.1.10, true",
        "100.64.1.1, true", "100.128.0.1, false", "169.254.169.254, true", "127.0.0.1, true",
        "fd12:3456:789a::1, true", "fe80::1c2b:3aff:fe4d:5e6f, true", "2607:fb90::1, false", "73.97.142.18, false"
    })
    void marksPrivateReservedAndCarrierGradeNatSpace(String text, boolean isPrivate) {
        assertThat(IpAddress.of(text).isPrivate()).isEqualTo(isPrivate);
    }

    @ParameterizedTest
    @CsvSource({
        "172.56.147.9, 172.56.147.200, true",
        "172.56.147.9, 172.58.33.12, false",
        "2607:fb90:1a2b:33c4::9, 2607:fb90:1a2b:33c4:8d1e:22ff:fe3a:9b10, true",
        "2607:fb90:1a2b:33c4::9, 2607:fb90:1a2b:33c5::9, false",
        "73.97.142.18, ::ffff:73.97.142.77, true",
    })
    void samePrefixIsSlash24OrSlash64(String a, String b, boolean same) {
        assertThat(IpAddress.of(a).samePrefix(IpAddress.of(b))).isEqualTo(same);
    }

    @ParameterizedTest
    @CsvSource({
        "50.206.44.0/24, 50.206.44.7, true", "50.206.44.0/24, 50.206.45.7, false",
        "172.56.0.0/13, 172.63.255.1, true", "2607:fb90::/32, 2607:fb90:1a2b::1, true",
        "2607:fb90::/32, 2607:fb91::1, false", "0.0.0.0/0, 95.217.4.188, true"
    })
    void rangesContainTheirAddresses(String cidr, String ip, boolean contained) {
        assertThat(IpRange.parse(cidr).orElseThrow().contains(IpAddress.of(ip))).isEqualTo(contained);
    }
}
