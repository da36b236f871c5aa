package dev.tokenward.source;

import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.PrincipalType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventTextTest {

    @Test
    void measuresEveryTextTheEventKeepsTheUserAgentApart() throws BadRecordException {
        String principal = "arn:aws:iam::482910376154:user/tom.becker";
        String key = "AKIAXH3KQ7LD2M9WPB4R";
        String agent = "aws-cli/2.22.35 md/awscrt#0.23.4 ua/2.1 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.7";
        String resource = "arn:aws:s3:::tidewater-finance-exports/" + "q".repeat(5000);
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
        Event event = new EventBuilder("cloudtrail").time("eventTime", "2026-11-18T09:02:41Z").kind(EventKind.CREDENTIAL_USE)
                .principal(principal, null, PrincipalType.HUMAN, "482910376154")
                .credential(CredentialKind.API_KEY, key, null, null, Mfa.UNKNOWN, null)
                .userAgent(agent)
                .action("s3", "GetObject", resource, false).region("us-east-1")
                .unmapped("cloudtrail.policy", policy).build();

        EventText texts = EventText.of(event);

        assertThat(texts.userAgent()).isEqualTo(agent.length());
        assertThat(texts.longest()).as("the resource, not the user agent").isEqualTo(resource.length());
        assertThat(EventText.chars(event)).isEqualTo((long) principal.length() + "482910376154".length() + key.length() + agent.length()
                + "s3".length() + "GetObject".length() + resource.length() + "us-east-1".length() + policy.length());
    }
}
