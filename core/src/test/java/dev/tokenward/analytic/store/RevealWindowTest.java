package dev.tokenward.analytic.store;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.output.Json;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RevealWindowTest {

    @Test
    void aWindowOfLongNamesHoldsTheirCutsAndStillCountsEveryItem() throws Exception {
        RevealWindow window = new RevealWindow();
        String padding = "vault-7ok3/" + "q".repeat(4000);
        for (int i = 0; i < RevealWindow.MAX_WINDOW; i++) {
            Event read = read(padding + i);
            window.add(read.action().resource(), i, read, Evidence::of, false, null);
        }
        assertThat(window.size()).as("distinct items, though all share the first 256 characters").isEqualTo(RevealWindow.MAX_WINDOW);
        assertThat(window.distinct.keySet()).allSatisfy(name -> assertThat(name).startsWith("vault-7ok3/qqq").contains("…[3"));
        assertThat(Json.mapper().writeValueAsBytes(window).length).as("2,000 names of 4,000 characters, kept cut")
                .isLessThan(1_400_000);
    }

    @Test
    void anItemSavedChangedLeavesTheWindowWithEveryReadOfIt() throws Exception {
        RevealWindow window = new RevealWindow();
        String longName = "vault-7ok3/" + "r".repeat(400);
        String[] reads = {"vault-7ok3/a", "vault-7ok3/b", longName, "vault-7ok3/a", "vault-7ok3/c", longName};
        for (int i = 0; i < reads.length; i++) {
            Event read = read(reads[i]);
            window.add(reads[i], 1_000L * i, read, Evidence::of, false, null);
        }
        Evidence opening = window.first;
        window.forget(longName);
        window.forget("vault-7ok3/never-read");
        assertThat(window.first).as("the first read stays while its item does").isSameAs(opening);
        window.forget("vault-7ok3/a");
        assertThat(window.distinct).containsOnlyKeys("vault-7ok3/b", "vault-7ok3/c");
        assertThat(window.times).containsExactly(1_000L, 4_000L);
        assertThat(window.items).containsExactly("vault-7ok3/b", "vault-7ok3/c");
        assertThat(window.first).as("no evidence from a read that no longer counts").isNull();

        Event again = read("vault-7ok3/a");
        window.add("vault-7ok3/a", 6_000L, again, Evidence::of, true, null);
        assertThat(window.first).as("the next new item opens the window again").isNotNull();
        assertThat(window.firstItem).isEqualTo("vault-7ok3/a");
        assertThat(window.fromNewNetwork).isTrue();
        window.evict(5_500L, java.time.Duration.ofSeconds(1));
        assertThat(window.distinct).as("an old read of a forgotten item no longer takes a new one with it")
                .containsExactly(java.util.Map.entry("vault-7ok3/a", 1));

        window.forget("vault-7ok3/a");
        assertThat(window.size()).isZero();
        assertThat(window.first).as("nothing left, no first read").isNull();
    }

    private static Event read(String item) throws BadRecordException {
        return new EventBuilder("onepassword").time("timestamp", "2026-11-18T09:02:41Z").kind(EventKind.CREDENTIAL_STORE_ACCESS)
                .principal("tom.becker@tidewateranalytics.com", null, PrincipalType.HUMAN, "tidewater")
                .credential(CredentialKind.SESSION, "ZKRGQ7HJ5BCXLMEPWT3V2NDUFA", null, null, Mfa.UNKNOWN, null)
                .action("1password", "reveal", item, true).build();
    }
}
