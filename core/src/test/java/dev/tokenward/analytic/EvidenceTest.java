package dev.tokenward.analytic;

import dev.tokenward.event.Agent;
import dev.tokenward.event.ClientClass;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Endpoint;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.IpAddress;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.Network;
import dev.tokenward.event.NetworkClass;
import dev.tokenward.event.Origin;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.output.Json;
import dev.tokenward.source.EventBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EvidenceTest {
    private static final String MAYA = "maya.okafor@tidewateranalytics.com";
    private static final String CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/154.0.0.0 Safari/537.36";

    @Test
    void writesTheSummaryOfASignInFromItsFacts() throws Exception {
        Event event = new EventBuilder("okta").time("published", "2026-11-17T16:12:45.318Z").kind(EventKind.SESSION_START)
                .outcome(Outcome.SUCCESS, null).principal(MAYA, "00u9NygNY0u4P9mH42p7", PrincipalType.HUMAN, null)
                .credential(CredentialKind.SESSION, "idx9nUEO-vZ6812rqnvjohVHr", null, null, Mfa.TRUE, null)
                .ip("client.ipAddress", "95.217.134.58").userAgent(CHROME)
                .origin(new Origin("okta/2026-11-17.json", 0, 48_213, "b7a1f0d2-5c3e-11f1-9a41-0fe6c3a52b11")).build();
        Event enriched = event.withClientAndNetwork(withAgent(event, new Agent(ClientClass.BROWSER, "Chrome", "154", "macOS")),
                new Network("FI", "Helsinki", 60.1695, 24.9354, 50, 24940L, "Hetzner Online GmbH", NetworkClass.HOSTING, null));

        Evidence evidence = Evidence.of(enriched);

        assertThat(evidence.summary()).isEqualTo("SESSION_START SUCCESS by " + MAYA + " from 95.217.134.58 (Helsinki, FI, AS24940, "
                + "hosting) using Chrome/macOS browser with session idx9nUEO-vZ6812rqnvjohVHr");
        String json = Json.mapper().writeValueAsString(evidence);
        assertThat(json).startsWith("{\"source\":\"okta\",\"origin\":{").contains("\"time\":\"2026-11-17T16:12:45.318Z\",\"summary\":\""
                + evidence.summary() + "\",\"ip\":\"95.217.134.58\",\"place\":\"Helsinki, FI\",\"asn\":24940,");
        assertThat(json).doesNotContain("head", "credentialKind", "issuer");
    }

    @Test
    void keepsOnlyTheNetworksAndClientsFactsOfARememberedUse() throws Exception {
        Event event = new EventBuilder("okta").time("published", "2026-11-17T16:12:45.318Z").kind(EventKind.SESSION_START)
                .outcome(Outcome.SUCCESS, null).principal(MAYA, "00u9NygNY0u4P9mH42p7", PrincipalType.HUMAN, null)
                .credential(CredentialKind.SESSION, "idx9nUEO-vZ6812rqnvjohVHr", null, null, Mfa.TRUE, null)
                .ip("client.ipAddress", "95.217.134.58").userAgent(CHROME).device("guOtNL9dqhTnG0xBm5z1")
                .origin(new Origin("okta/2026-11-17.json", 0, 48_213, "b7a1f0d2-5c3e-11f1-9a41-0fe6c3a52b11")).build();
        Event enriched = event.withClientAndNetwork(withAgent(event, new Agent(ClientClass.BROWSER, "Chrome", "154", "macOS")),
                new Network("FI", "Helsinki", 60.1695, 24.9354, 50, 24940L, "Hetzner Online GmbH", NetworkClass.HOSTING, null));

        Evidence remembered = Evidence.of(enriched).networkAndClient();

        assertThat(remembered.asn()).isEqualTo(24940L);
        assertThat(remembered.asOrg()).isEqualTo("Hetzner Online GmbH");
        assertThat(remembered.networkClass()).isEqualTo(NetworkClass.HOSTING);
        assertThat(remembered.clientClass()).isEqualTo(ClientClass.BROWSER);
        assertThat(remembered.client()).isEqualTo("Chrome/macOS");
        assertThat(remembered.deviceId()).isEqualTo("guOtNL9dqhTnG0xBm5z1");
        assertThat(remembered.latitude()).isEqualTo(60.1695);
        assertThat(remembered.longitude()).isEqualTo(24.9354);
        assertThat(remembered.hostile()).isTrue();
        assertThat(remembered.origin()).isNull();
        assertThat(remembered.time()).isNull();
        assertThat(remembered.ip()).isNull();
        assertThat(remembered.userAgent()).isNull();
        assertThat(remembered.credential()).isNull();
        assertThat(remembered.summary()).isNull();
    }

    @Test
    void writesTheHostWhereThereIsNoAddressAndNothingItDoesNotKnow() throws Exception {
        Event event = new EventBuilder("okta").time("published", "2026-11-17T16:12:45Z").kind(EventKind.AUTHENTICATION)
                .outcome(Outcome.FAILURE, "INVALID_CREDENTIALS").host("twa-mbp-0142").build();

        assertThat(Evidence.of(event).summary()).isEqualTo("AUTHENTICATION FAILURE from twa-mbp-0142");
        assertThat(Evidence.of(event).where()).isEqualTo("twa-mbp-0142");
    }

    @Test
    void saysWhereTheLogGivesNoReadableAddress() throws Exception {
        // anonymised public logs write addresses no parser accepts; the title must not read "from null"
        Event event = new EventBuilder("cloudtrail").time("eventTime", "2024-11-30T08:43:17Z").kind(EventKind.CREDENTIAL_USE)
                .outcome(Outcome.SUCCESS, null).principal("arn:aws:iam::742491224508:user/deploy", "AIDAN7SEM6PEVTNQR8M4",
                        PrincipalType.HUMAN, null)
                .ip("sourceIPAddress", "255.090.254.5").build();

        assertThat(event.client().ip()).isNull();
        assertThat(Evidence.of(event).where()).isEqualTo("an address the log does not give");
    }

    @Test
    void keepsAConnectionsProcessAndDestinationInItsSummary() throws Exception {
        Endpoint connection = new Endpoint(Endpoint.Fact.CONNECTION, "twa-mbp-0142", "maya",
                new Endpoint.Process("/Users/maya/Library/Application Support/.syncd/syncd", 812L, 1L, false, null, null),
                new Endpoint.Destination("api.telegram.org", IpAddress.of("149.154.167.220"), 443), null, null, null);
        Event event = new EventBuilder("osquery").time("calendarTime", "2026-11-17T16:12:45Z").kind(EventKind.NETWORK_CONNECTION)
                .outcome(Outcome.SUCCESS, null).endpoint(connection).build();

        assertThat(Evidence.of(event).summary()).isEqualTo("/Users/maya/Library/Application Support/.syncd/syncd (pid 812) on "
                + "twa-mbp-0142 connected to api.telegram.org (149.154.167.220:443)");
    }

    private static dev.tokenward.event.Client withAgent(Event event, Agent agent) {
        var client = event.client();
        return new dev.tokenward.event.Client(client.ip(), client.userAgent(), client.deviceId(), client.app(), client.process(),
                client.host(), agent, client.appName(), client.firstParty());
    }
}
