package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.identity.CredentialRoaming.State;
import dev.tokenward.analytic.identity.NetworkFit.Seen;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;

import java.time.Duration;
import java.time.Instant;

/**
 * What credential-roaming keeps per credential and when it lets it go: the networks remembered
 * (least recently used forgotten first, the first one never), the days a key was used on, and how
 * long an unused credential is kept; the state handling, kept apart from the judgement of a new
 * network.
 */
final class RoamingMemory {
    /**
     * How long a long-term key unused is remembered: longer than a month, so that a monthly
     * script's key is still known at its next use (and established by its age, historyAge).
     */
    private static final Duration LONG_TERM_IDLE = Duration.ofDays(45);
    /**
     * How long a key's network set apart (one that alerted, or an unproven one) must have been
     * unused for a stolen-key use that belongs with it to be raised again: the thief back with the
     * key, not the same sitting.
     */
    private static final Duration RETURN_AFTER = Duration.ofDays(1);

    private RoamingMemory() {
    }

    /** Marks the network of this prefix used now, if the credential was used from it before; false if it is new. */
    static boolean touch(State state, String prefix, Instant now) {
        for (int i = 0; i < state.networks.size(); i++) {
            Seen known = state.networks.get(i);
            if (known.prefix().equals(prefix)) {
                state.networks.set(i, now.isAfter(known.lastSeen()) ? known.touched(now) : known);
                return true;
            }
        }
        return false;
    }

    /**
     * The credential's first use (or its issuance): whose it is, what it is called, whether it is a
     * long-term key (an access key used, or one created in the logs), and its first network.
     */
    static void firstUse(State state, Event event, Seen use, boolean issuance) {
        state.owner = state.owner == null ? event.principal().name() : state.owner;
        state.label = issuance ? event.credential().issued().provider() + (event.kind() == EventKind.TOKEN_ISSUED
                ? " temporary key" : " access key") : Describe.credential(event.credential());
        state.longTerm = !issuance && event.credential().kind() == CredentialKind.API_KEY || issuance && event.kind() != EventKind.TOKEN_ISSUED;
        state.first = use.evidence();
        state.networks.add(use.remembered());
    }

    /** Counts the day of a use towards a key's history, up to {@code historyDays} days. */
    static void countDay(State state, Instant now, int historyDays) {
        long day = now.getEpochSecond() / 86_400;
        if (state.days.size() < historyDays && !state.days.contains(day)) {
            state.days.add(day);
        }
    }

    /** The most recently used of the networks set apart (suspect) that the use belongs with, or null. */
    static Seen setApartFitting(State state, Seen use) {
        Seen latest = null;
        for (Seen known : state.networks) {
            if (known.suspect() && NetworkFit.belongsWith(use, known) && (latest == null || known.lastSeen().isAfter(latest.lastSeen()))) {
                latest = known;
            }
        }
        return latest;
    }

    /** Whether the network set apart was last used {@link #RETURN_AFTER} or more before now. */
    static boolean returned(Seen setApart, Instant now) {
        return !setApart.lastSeen().plus(RETURN_AFTER).isAfter(now);
    }

    /** Adds the network, forgetting the least recently used one but the first beyond {@code maxNetworks}. */
    static void remember(State state, Seen use, int maxNetworks) {
        if (state.networks.size() >= maxNetworks) {
            int oldest = 1;
            for (int i = 2; i < state.networks.size(); i++) {
                if (state.networks.get(i).lastSeen().isBefore(state.networks.get(oldest).lastSeen())) {
                    oldest = i;
                }
            }
            state.networks.remove(oldest);
        }
        state.networks.add(use.remembered());
    }

    /** When the credential is forgotten if it is not used again. */
    static Instant idleUntil(State state, Duration idleExpiry) {
        return state.lastSeen.plus(state.longTerm ? LONG_TERM_IDLE : idleExpiry);
    }
}
