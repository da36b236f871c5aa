package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.baseline.Lineage;
import dev.tokenward.analytic.identity.CredentialRoaming.State;
import dev.tokenward.analytic.identity.NetworkFit.Seen;
import dev.tokenward.analytic.identity.NetworkFit.Standing;
import dev.tokenward.event.ClientClass;
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
     * How long a key's network that alerted must have been unused for a stolen-key use that belongs
     * with it to be raised again: the thief back with the key, not the same sitting.
     */
    private static final Duration RETURN_AFTER = Duration.ofDays(1);

    private RoamingMemory() {
    }

    /**
     * Marks the network of this prefix used now, if the credential was used from it before, and
     * returns it as it stood before this use; null if it is new, or if it is a long-term key's
     * network that alerted once and has been unused for {@link #RETURN_AFTER}: that use is judged
     * again (the thief back on the same address). An unproven network the key comes back to on
     * another day becomes its habit.
     */
    static Seen touch(State state, String prefix, Instant now) {
        for (int i = 0; i < state.networks.size(); i++) {
            Seen known = state.networks.get(i);
            if (known.prefix().equals(prefix)) {
                if (state.longTerm && known.standing() == Standing.ALERTED && returned(known, now)) {
                    return null;
                }
                Seen touched = now.isAfter(known.lastSeen()) ? known.touched(now) : known;
                if (known.standing() == Standing.UNPROVEN && day(now) > day(known.lastSeen())) {
                    touched = touched.as(Standing.HABIT);
                }
                state.networks.set(i, touched);
                return known;
            }
        }
        return null;
    }

    /**
     * A long-term key's network on attack infrastructure (a rented server: a hosting provider's
     * outside any cloud; or an attack tool's), or in a country none of the key's other habit is in,
     * that a high or critical alert about the key came from (the lineage's distrusted network) is
     * not its owner's habit: a leaked key is often first seen in the thief's hands on a rented
     * server, or tried from the thief's own line abroad with the owner's tool, and that network
     * would otherwise be the habit the thief's return belongs with. Set apart as alerted, whether it
     * was the habit or unproven. A person's own line an alert came from stays theirs (malware on
     * their laptop, or a colleague at their desk, does not make their home a thief's network), and
     * so does a cloud's, where the key's own workloads run.
     */
    static void distrust(State state, Lineage lineage) {
        if (!state.longTerm || lineage == null || lineage.distrusted == null) {
            return;
        }
        for (int i = 0; i < state.networks.size(); i++) {
            Seen known = state.networks.get(i);
            boolean attackInfrastructure = OwnerHabit.rented(known) || known.clientClass() == ClientClass.ATTACK_TOOL;
            if (!known.alerted() && known.prefix().equals(lineage.distrusted)
                    && (attackInfrastructure || abroad(state, known) && known.evidence().cloud() == null)) {
                state.networks.set(i, known.as(Standing.ALERTED));
            }
        }
    }

    /** Whether the network is placed in a country none of the key's other habit networks is in, where they are placed at all. */
    private static boolean abroad(State state, Seen network) {
        if (network.country() == null) {
            return false;
        }
        boolean placed = false;
        for (Seen other : state.networks) {
            if (other != network && other.standing() == Standing.HABIT && other.country() != null) {
                if (other.country().equals(network.country())) {
                    return false;
                }
                placed = true;
            }
        }
        return placed;
    }

    /**
     * Whether the network, as it stood before a use, is unproven and was last used on the day of
     * {@code now} (on a later day the key's use from it makes it part of the habit).
     */
    static boolean unprovenToday(Seen known, Instant now) {
        return known.standing() == Standing.UNPROVEN && day(now) == day(known.lastSeen());
    }

    private static long day(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), 86_400);
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
        long day = day(now);
        if (state.days.size() < historyDays && !state.days.contains(day)) {
            state.days.add(day);
        }
    }

    /** The most recently used of the networks that alerted that the use belongs with, or null. */
    static Seen alertedFitting(State state, Seen use) {
        Seen latest = null;
        for (Seen known : state.networks) {
            if (known.alerted() && NetworkFit.belongsWith(use, known) && (latest == null || known.lastSeen().isAfter(latest.lastSeen()))) {
                latest = known;
            }
        }
        return latest;
    }

    /** Whether the network that alerted was last used {@link #RETURN_AFTER} or more before now. */
    static boolean returned(Seen alerted, Instant now) {
        return !alerted.lastSeen().plus(RETURN_AFTER).isAfter(now);
    }

    /**
     * Adds the network (in place of the one of the same prefix, when a use from it was judged
     * again), forgetting beyond {@code maxNetworks} the least recently used unproven one, else the
     * least recently used but the first.
     */
    static void remember(State state, Seen use, int maxNetworks) {
        for (int i = 0; i < state.networks.size(); i++) {
            if (state.networks.get(i).prefix().equals(use.prefix())) {
                state.networks.set(i, use.remembered());
                return;
            }
        }
        if (state.networks.size() >= maxNetworks) {
            int oldest = -1;
            for (int i = 1; i < state.networks.size(); i++) {
                Seen known = state.networks.get(i);
                if (oldest < 0 || forgetFirst(known, state.networks.get(oldest))) {
                    oldest = i;
                }
            }
            state.networks.remove(oldest);
        }
        state.networks.add(use.remembered());
    }

    /** Whether {@code a} goes before {@code b}: unproven networks first, then the least recently used. */
    private static boolean forgetFirst(Seen a, Seen b) {
        boolean aUnproven = a.standing() == Standing.UNPROVEN;
        boolean bUnproven = b.standing() == Standing.UNPROVEN;
        return aUnproven != bUnproven ? aUnproven : a.lastSeen().isBefore(b.lastSeen());
    }

    /** When the credential is forgotten if it is not used again. */
    static Instant idleUntil(State state, Duration idleExpiry) {
        return state.lastSeen.plus(state.longTerm ? LONG_TERM_IDLE : idleExpiry);
    }
}
