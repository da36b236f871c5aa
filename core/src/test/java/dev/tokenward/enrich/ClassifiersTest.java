package dev.tokenward.enrich;

import dev.tokenward.event.Agent;
import dev.tokenward.event.ClientClass;
import dev.tokenward.event.IpAddress;
import dev.tokenward.event.NetworkClass;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every network class and client class, on real-looking addresses and user agents. */
class ClassifiersTest {
    private static ClientClassifier yauaa;
    private static final ClientClassifier RULES = ClientClassifier.rulesOnly();
    private static final NetworkClassifier NETWORKS = new NetworkClassifier(List.of(
            new NetworkDefinition("Seattle HQ", NetworkClass.CORPORATE, List.of("50.205.118.64/29"), List.of(), null),
            new NetworkDefinition("GlobalProtect", NetworkClass.VPN, List.of("34.99.120.0/24"), List.of(),
                    new NetworkDefinition.Location("Seattle", "US", 47.6062, -122.3321))), null);

    @BeforeAll
    static void loadYauaa() {
        yauaa = ClientClassifier.withYauaa();
    }

    @ParameterizedTest(name = "{0} AS{1} -> {2} {3}")
    @CsvSource(nullValues = "-", value = {
        "10.20.14.37, -, PRIVATE, -",
        "100.64.1.1, -, PRIVATE, -",
        "fd12:3456:789a::1, -, PRIVATE, -",
        "50.205.118.66, 7922, CORPORATE, -",
        "34.99.120.17, 396982, VPN, -",
        "185.159.157.24, 62371, VPN, -",
        "172.225.10.8, 36183, PRIVACY_RELAY, -",
        "104.28.41.77, 13335, PRIVACY_RELAY, -",
        "165.225.80.34, 62044, SECURITY_EDGE, Zscaler",
        "136.226.81.47, 22616, SECURITY_EDGE, Zscaler",
        "163.116.160.9, 55256, SECURITY_EDGE, -",
        "95.217.134.58, 24940, HOSTING, -",
        "3.219.88.142, 16509, HOSTING, -",
        "20.57.79.144, 8075, HOSTING, -",
        "172.56.41.77, 21928, MOBILE, -",
        "174.204.77.19, 6167, MOBILE, -",
        "73.239.102.57, 7922, RESIDENTIAL, -",
        "2601:152:4480:8a0::1, 7922, RESIDENTIAL, -",
        "203.119.86.4, 4837, UNKNOWN, -",
        "198.51.100.9, -, UNKNOWN, -",
    })
    void classifiesNetworksAndNamesTheOperatorOfSeveralAutonomousSystems(String ip, Long asn, NetworkClass expected, String operator) {
        assertThat(NETWORKS.classify(IpAddress.of(ip), asn)).isEqualTo(expected);
        assertThat(NETWORKS.operator(asn)).isEqualTo(operator);
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/154.0.0.0 Safari/537.36 | BROWSER | Chrome/macOS",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/154.0.0.0 Safari/537.36 Edg/154.0.3889.51 | BROWSER | Edge/Windows",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.1 Mobile/15E148 Safari/604.1 | BROWSER | Safari/iOS",
        "Outlook-iOS/709.4329785.prod.iphone (5.2646.0) | MOBILE_APP | Outlook/iOS",
        "Okta Verify/9.44.0 (iPhone; iOS 18.6; Scale/3.00) | MOBILE_APP | Okta Verify/iOS",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Teams/26305.3101.4127.2264 | MOBILE_APP | Teams/macOS",
        "aws-cli/2.34.9 md/awscrt#0.29.2 ua/2.1 os/macos#26.1.0 md/arch#arm64 lang/python#3.13.9 md/pyimpl#CPython cfg/retry-mode#standard | CLI_SDK | aws-cli/macOS",
        "[aws-cli/2.22.35 md/awscrt#0.23.8 ua/2.1 os/macos#24.6.0 md/arch#arm64 lang/python#3.12.9 md/command#s3.list-buckets] | CLI_SDK | aws-cli/macOS",
        "[Boto3/1.35.41 md/Botocore#1.35.41 ua/2.0 os/linux#5.15.0-122-generic md/arch#x86_64 lang/python#3.12.3] | CLI_SDK | Boto3/Linux",
        "Boto3/1.44.12 md/Botocore#1.44.12 ua/2.1 os/linux#6.1.155-176.282.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.11 | CLI_SDK | Boto3/Linux",
        "APN/1.0 HashiCorp/1.0 Terraform/1.13.4 (+https://www.terraform.io) terraform-provider-aws/6.19.0 aws-sdk-go-v2/1.39.2 | CLI_SDK | Terraform",
        "AZURECLI/2.79.0 (MSI) azsdk-python-core/1.35.0 Python/3.12.10 (Windows-11-10.0.26100-SP0) | CLI_SDK | azure-cli/Windows",
        "google-cloud-sdk gcloud/545.0.0 command/gcloud.auth.login invocation-id/6f1e0b3a | CLI_SDK | gcloud",
        "python-requests/2.32.3 | SCRIPT | python-requests",
        "curl/8.11.1 | SCRIPT | curl",
        "Go-http-client/2.0 | SCRIPT | Go-http-client",
        "okhttp/4.12.0 | SCRIPT | okhttp",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36 | AUTOMATION | HeadlessChrome/Linux",
        "Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1 | AUTOMATION | PhantomJS/Linux",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html) | BOT | monitor or crawler",
        "Mozilla/5.0 (compatible; Calendly/1.0) | BOT | Calendly",
        "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0) | BROWSER | Internet Explorer/Windows",
        "sqlmap/1.8.11#stable (https://sqlmap.org) | ATTACK_TOOL | sqlmap",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:134.0) Gecko/20100101 Firefox/134.0 roadtools | ATTACK_TOOL | ROADtools/Windows",
        "azurehound/v2.2.1 | ATTACK_TOOL | AzureHound",
        "Mozilla/5.0 (compatible; MSAL 1.0) PKeyAuth/1.0 | MOBILE_APP | Windows account broker",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:134.0) Gecko/20100101 Firefox/134.0 | BROWSER | Firefox/Windows",
        "AWS Internal | CLOUD_SERVICE | AWS Internal",
        "cloudformation.amazonaws.com | CLOUD_SERVICE | AWS service",
        "1Password Browser Extension/81034001 (Edge; Windows) | UNKNOWN | 1Password Browser Extension/Windows",
        "1Password for iOS/81034001 (iPhone17,1; iOS) | UNKNOWN | 1Password for iOS/iOS",
        "1Password for Web/1937 (HeadlessChrome; Linux) | AUTOMATION | HeadlessChrome/Linux",
        "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.788 Linux/5.10.240-238.959.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.462-b08 java/1.8.0_462 vendor/Oracle_Corporation cfg/retry-mode/standard] | CLOUD_SERVICE | AWS console/Linux",
    })
    void classifiesClients(String userAgent, ClientClass expected, String family) {
        Agent agent = yauaa.classify(userAgent);
        assertThat(agent.clientClass()).isEqualTo(expected);
        assertThat(agent.family()).isEqualTo(family);
        if (expected != ClientClass.BOT && !userAgent.contains("Edg/") && !userAgent.startsWith("Mozilla/5.0 (compatible")) {
            assertThat(RULES.classify(userAgent).clientClass()).as("rules alone").isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"United States, US", "Türkiye, TR", "Turkey, TR", "Bosnia and Herzegovina, BA", "Bosnia & Herzegovina, BA",
        "Myanmar (Burma), MM", "finland, FI", "FI, FI", "Narnia, Narnia"})
    void countryNamesBecomeTheSameCodeEverywhere(String name, String code) {
        assertThat(Countries.code(name)).isEqualTo(code);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "aws-cli/2.34.9 md/awscrt#0.29.2 ua/2.1 os/macos#26.1.0 lang/python#3.13.9 | 2",
        "curl/8.11.1 | 8",
        "Boto3/1.44.12 md/Botocore#1.44.12 ua/2.1 os/linux#6.1 | 1",
        "axios/1.7.9 | 1",
        "Mozilla/5.0 (compatible; Lucidchart/2.4) | 2",
    })
    void versionsAreTheMatchedClients(String userAgent, String version) {
        assertThat(RULES.classify(userAgent).version()).isEqualTo(version);
        assertThat(RULES.classify(userAgent).os()).isNotEqualTo("iOS");
    }
}
