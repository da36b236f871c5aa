package dev.tokenward.runtime;

import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventOrderTest {
    private static final String ROLE_SESSION = "arn:aws:sts::482910376154:assumed-role/lambda-weekly-cost-report/weekly-cost-report";

    @Test
    void aKeyMintedInTheSecondOfItsFirstUseIsMintedFirstWhateverTheFingerprints() throws BadRecordException {
        Event minting = event("2026-11-02T14:03:00Z", "sts.amazonaws.com", "AssumeRole", "ASIAQ2TYRDDOOGJS2WXP");
        Event use = event("2026-11-02T14:03:00Z", "ce.amazonaws.com", "GetCostAndUsage", null);
        Event earlier = event("2026-11-02T14:02:59Z", "s3.amazonaws.com", "ListBuckets", null);

        assertThat(EventOrder.Keyed.of(minting).issuing()).isTrue();
        assertThat(EventOrder.Keyed.of(use).issuing()).isFalse();
        List<EventOrder.Keyed> keyed = new ArrayList<>(List.of(
                new EventOrder.Keyed(use, false, Long.MIN_VALUE),
                new EventOrder.Keyed(minting, true, Long.MAX_VALUE),
                new EventOrder.Keyed(earlier, false, Long.MAX_VALUE)));
        Collections.sort(keyed);

        assertThat(keyed).extracting(k -> k.event().action().operation())
                .as("time first; in one second, the minting before the use").containsExactly("ListBuckets", "AssumeRole", "GetCostAndUsage");
    }

    private static Event event(String time, String service, String operation, String minted) throws BadRecordException {
        EventBuilder e = new EventBuilder("cloudtrail").time("eventTime", time).kind(EventKind.CREDENTIAL_USE).outcome(Outcome.SUCCESS, null)
                .principal(minted != null ? "lambda.amazonaws.com" : ROLE_SESSION, null,
                        minted != null ? PrincipalType.SERVICE : PrincipalType.WORKLOAD, "482910376154")
                .action(service, operation, null, false);
        return minted != null
                ? e.credential(CredentialKind.UNKNOWN, null, null, null, Mfa.UNKNOWN, minted).build()
                : e.credential(CredentialKind.TEMPORARY_KEY, "ASIAQ2TYRDDOOGJS2WXP", null, null, Mfa.FALSE, null).build();
    }
}
