package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.baseline.Facet;
import dev.tokenward.analytic.baseline.Profile;
import dev.tokenward.analytic.identity.CredentialRoaming.State;
import dev.tokenward.analytic.identity.NetworkFit.Seen;
import dev.tokenward.event.Action;
import dev.tokenward.event.Event;
import dev.tokenward.event.Network;
import dev.tokenward.event.NetworkClass;

import java.util.List;

/**
 * Whether a use from a network the credential has not been used from is still its owner's: the
 * owner's own MFA networks, and for a long-term key, the anomaly of a key in someone else's hands.
 * Credential-roaming's judgements of the owner, kept apart from its comparison of networks
 * ({@link NetworkFit}).
 */
final class OwnerHabit {
    private OwnerHabit() {
    }

    /**
     * Whether the use comes from a network prefix that is the credential's owner's own: their home or
     * office, which the laptop left the VPN for. That is where they completed MFA on two days
     * ({@link Profile#ownNetwork}), or, on a fixed line, where they were active on two days
     * ({@link Profile#familiarNetwork}: the phone on the home Wi-Fi every morning, which completes
     * no MFA). Activity on a VPN, relay, carrier or rented server proves nothing: their users share
     * the prefix, thieves included.
     */
    static boolean ownersOwn(Event event, State state, Context context) {
        Profile owner = state.owner == null || event.sourceNetwork() == null ? null : context.profile(state.owner);
        return owner != null && owner.ownNetwork(event.sourceNetwork(), event.network().networkClass().fixedLine());
    }

    /**
     * A long-term key with a history (see {@link #established}), used from a network owner it never used, by a client family it
     * never used, and from a country it never used or from a rented server (a hosting provider's
     * network outside any cloud: stolen keys are tried from rented servers, and a person's own VPN
     * exits on hosting networks do not make the next hosting provider theirs): the anomaly of a key
     * in someone else's hands. Only the owner's uses count as the key's habit, not those that
     * alerted. An address the ASN data gives no owner (a range it lags behind on) is a new owner
     * unless the key's habit has such addresses too. A service identity's key (a service account's)
     * is deployed to one system, not carried by a person from home to office to abroad: when its
     * habit is a single network owner, a new owner with a new client is enough, in any country (a
     * stolen key tried from a cloud server in the same country). A service identity's key without a
     * history of its own (rotated days ago) is judged by the identity's ({@link #stolenRotatedKey});
     * a person's key without one, only when two people plainly hold it ({@link #inTwoHands}). Null
     * otherwise.
     */
    static String stolenKey(Seen use, State state, CredentialRoaming.Settings settings, java.time.Instant now, Context context) {
        if (use.family() == null) {
            return null;
        }
        List<Seen> habit = state.networks.stream().filter(s -> !s.suspect()).toList();
        if (!established(state, settings, now)) {
            if (!state.service) {
                return inTwoHands(use, habit);
            }
            return state.owner == null ? null : stolenRotatedKey(use, settings, context.profile(state.owner));
        }
        boolean deployed = state.service && habit.stream().map(Seen::owner).distinct().count() == 1;
        String cloud = deployed ? insideItsCloud(use, habit) : null;
        Novelty novelty = Novelty.against(use, habit);
        if (cloud != null) {
            novelty = novelty.anotherTenant();
        }
        if (!novelty.foreign(deployed)) {
            return null;
        }
        String history = state.days.size() >= settings.historyDays() ? state.days.size() + "+ days of use"
                : "its use since " + java.time.LocalDate.ofEpochDay(state.days.get(0));
        if (novelty.country() || novelty.rented()) {
            return "a network owner, " + (novelty.country() ? "a country" : "a hosting provider") + " and a client (" + use.family()
                    + ") the key never used in " + history;
        }
        if (cloud != null) {
            return "another " + cloud + " network and a client (" + use.family() + ") the service identity's key never used: in "
                    + history + " it ran inside " + cloud + " with " + families(habit) + " only";
        }
        return "a network owner and a client (" + use.family() + ") the service identity's key never used: in " + history
                + " it came from one network owner only";
    }

    /**
     * The cloud a service identity's key is deployed in, when the use comes from another of that
     * cloud's networks: the cloud's autonomous system holds every customer's servers, so for a key
     * running inside it, the network owner says nothing of whose server it is (a stolen key is tried
     * from a server rented in the same cloud, often in the same region). The key's own deployment
     * moving keeps its client. Null when the use or any of the habit's networks is outside that cloud.
     */
    private static String insideItsCloud(Seen use, List<Seen> habit) {
        String cloud = use.evidence().cloud();
        if (cloud == null || habit.stream().anyMatch(seen -> !cloud.equals(seen.evidence().cloud()) || !use.sameOwner(seen))) {
            return null;
        }
        return cloud;
    }

    private static String families(List<Seen> habit) {
        String families = habit.stream().map(Seen::family).filter(java.util.Objects::nonNull).distinct().sorted()
                .collect(java.util.stream.Collectors.joining(", "));
        return families.isEmpty() ? "clients it does not name" : families;
    }

    /**
     * Whether a long-term key's use that raised nothing is still no part of its habit: a network
     * owner and a client family the habit never showed, together. A key's habit is what its owner
     * does with it; a new tool from a network the key never saw may be a thief's first try (through
     * a commercial VPN in the owner's country, or from a rented server before the key has a habit),
     * and must not make the thief's client familiar at the next use, from abroad. Such a use is
     * remembered apart from the habit, as an alerted one is. Not a use from a configured network.
     */
    static boolean unproven(Seen use, State state) {
        if (use.family() == null || use.zone() != null) {
            return false;
        }
        List<Seen> habit = state.networks.stream().filter(s -> !s.suspect()).toList();
        if (habit.isEmpty()) {
            return false;
        }
        Novelty novelty = Novelty.against(use, habit);
        return novelty.owner() && novelty.client();
    }

    /**
     * Why a person's long-term key, used from a network its habit never showed, is in a thief's
     * hands after all: from there, that day, it makes a way back in or grants permissions (a second
     * access key, a console password, a policy attached), from a network owner and with a client
     * family the habit never showed, in a country the key never used or from a rented server. A
     * person's key deployed to a server reads its secrets from anywhere, but does not give its user
     * another key or a console password. A key with no habit yet is judged so only on the rented
     * server it was first seen on ({@link #firstSeenRented}). {@code network} is the network as first
     * seen (the use itself, or the unproven network it is used from again). Null otherwise, and for a
     * service identity's key, whose deployments provision what they run.
     */
    static String takingHold(Seen network, Event event, State state) {
        String fromThere = fromThere(event);
        if (state.service || network.family() == null || fromThere == null) {
            return null;
        }
        List<Seen> habit = state.networks.stream().filter(s -> !s.suspect()).toList();
        if (habit.isEmpty()) {
            boolean firstNetwork = network.prefix().equals(state.networks.get(0).prefix());
            return firstNetwork && firstSeenRented(state, network) && forItself(event)
                    ? "first seen in these logs on a hosting provider's server, with " + network.family() + ", " + fromThere : null;
        }
        Novelty novelty = Novelty.against(network, habit);
        if (!novelty.owner() || !novelty.client() || !novelty.country() && !novelty.rented()) {
            return null;
        }
        return "a network owner, " + (novelty.country() ? "a country" : "a hosting provider") + " and a client (" + network.family()
                + ") the key never used, " + fromThere;
    }

    /**
     * Whether a person's long-term key, first seen in the logs (not made in them), was first seen on a
     * rented server: a leaked key is first used by its thief from one, often before its owner's next
     * use. With no habit to measure it against, that network is no part of the key's habit until the
     * key comes back to it on another day, and a way back in made from it that day is raised
     * ({@link #takingHold}) when it is for the key's own user. A person's key deployed to a server
     * reads its secrets from there, but does not give its user another key or a console password.
     */
    static boolean firstSeenRented(State state, Seen first) {
        return state.longTerm && state.issuer == null && !state.service && first.family() != null && rented(first);
    }

    /**
     * Why a person's long-term key, first seen in the logs (not made in them) on a home line or a
     * phone's network in a country none of the tenant's people sign in from, is in a thief's hands:
     * from that network, the day it was first seen, it gives its own user a way back in or
     * permissions. A leaked key is tried by whoever found it, from wherever they live, often before
     * its owner's next use; an owner who works abroad alone signs in from there too, or used the key
     * on an earlier day. Null otherwise, and for a service identity's key.
     */
    static String takingHoldFromAbroad(Seen first, Event event, State state, Context context) {
        NetworkClass networkClass = first.networkClass();
        boolean line = networkClass != NetworkClass.CORPORATE && (networkClass.fixedLine() || networkClass == NetworkClass.MOBILE);
        String fromThere = fromThere(event);
        // one network, one day: the network is the key's first, and today the day it was first seen
        if (!state.longTerm || state.issuer != null || state.service || !line || first.country() == null || fromThere == null
                || state.networks.size() != 1 || state.days.size() != 1 || context.workedFrom(first.country()) || !forItself(event)) {
            return null;
        }
        String client = first.family() == null ? "a client it does not name" : first.family();
        return "first seen in these logs on a line in " + first.country() + ", where none of the tenant's people sign in, with "
                + client + ", " + fromThere;
    }

    /**
     * "and from there iam:CreateAccessKey (a way back in) the day it came" for a call that makes a
     * way back in or grants permissions; null for any other.
     */
    private static String fromThere(Event event) {
        Action action = event.action();
        if (action == null || action.tactic() != Action.Tactic.PERSISTENCE && action.tactic() != Action.Tactic.PRIVILEGE_ESCALATION) {
            return null;
        }
        return "and from there " + action.service() + ":" + action.operation() + " ("
                + (action.tactic() == Action.Tactic.PERSISTENCE ? "a way back in" : "permissions granted") + ") the day it came";
    }

    /**
     * Whether the call gives the key's own user the way back in or the permissions: it names no
     * other user (AWS acts on the caller when none is named), or names the caller. An automation
     * user's key on a build server (Terraform, a provisioning job) makes keys and attaches policies
     * for other users and roles every day.
     */
    private static boolean forItself(Event event) {
        String target = event.action().resource();
        String self = event.principal().name();
        if (target == null || target.equals(self)) {
            return true;
        }
        String name = self.substring(self.lastIndexOf('/') + 1);
        return target.equals(name) || target.endsWith("/" + name);
    }

    /** A hosting provider's network outside any cloud: where stolen keys are tried from. */
    static boolean rented(Seen network) {
        return network.networkClass() == NetworkClass.HOSTING && network.evidence().cloud() == null;
    }

    /**
     * A person's key too new to have a habit, used from a fixed line in another country, by another
     * network owner and client family than it was ever used with, sooner after its last use from
     * a place that locates a person than anyone could have flown between the two: two people hold
     * it. Both ends must be such places: no phone, VPN, relay or mobile network, whose addresses
     * are placed at their gateways; no hosting provider, cloud or configured or learnt company
     * network, where a key deployed to a server runs beside its owner's laptop anywhere, or where
     * people anywhere come out. A traveller's key, a day later, is not judged: its first days are
     * learnt.
     */
    private static String inTwoHands(Seen use, List<Seen> habit) {
        Seen last = habit.stream().filter(OwnerHabit::whereAPersonIs).max(java.util.Comparator.comparing(Seen::lastSeen)).orElse(null);
        if (last == null || !whereAPersonIs(use)) {
            return null;
        }
        Novelty novelty = Novelty.against(use, habit);
        if (!novelty.owner() || !novelty.client() || !novelty.country() || NetworkFit.travelled(last, use)) {
            return null;
        }
        long km = Math.round(Network.kilometres(last.latitude(), last.longitude(), use.latitude(), use.longitude()));
        // apart, not before: a use that arrived late may be judged after a later one
        String apart = Describe.duration(java.time.Duration.between(last.lastSeen(), use.lastSeen()).abs());
        return "a network owner, a country and a client (" + use.family() + ") the key never used, within " + apart
                + " of its use from a fixed line " + String.format(java.util.Locale.ROOT, "%,d", km)
                + " km away: no one travels that fast, two people hold it";
    }

    /**
     * A placed fixed line that places a person: a residential or unclassed network (no VPN, relay,
     * mobile, hosting or company class), no configured network or cloud, not a phone's use.
     */
    private static boolean whereAPersonIs(Seen seen) {
        return (seen.networkClass() == NetworkClass.UNKNOWN || seen.networkClass() == NetworkClass.RESIDENTIAL) && !seen.phone()
                && seen.latitude() != null && seen.zone() == null && seen.evidence().cloud() == null;
    }

    /**
     * A service identity's key too new to have a habit, judged by the identity's own: its keys are
     * rotated (an administrator creates a new one and the scheduler switches to it), but where the
     * service runs and with what client does not change with its key, so a leaked key used the day
     * after a rotation is as foreign to the identity as to an older key. The same test as for a
     * key's own habit: a new network owner and a new client family, in a new country, from a rented
     * server, or, for an identity that ran from one network owner on {@code historyDays} days or
     * more, anywhere. An identity seen for fewer days (logs of a weekend, or of two days) is judged
     * only for a new country or a rented server: a scheduled service does not move its runs abroad
     * or to a rented server and change its client within days, and a leaked key is tried from
     * there; a new network owner in the same country may be where the service is being moved.
     */
    private static String stolenRotatedKey(Seen use, CredentialRoaming.Settings settings, Profile identity) {
        if (identity == null || use.asn() == null) {
            return null;
        }
        var owners = identity.values(Facet.ASN);
        if (owners.isEmpty()) {
            return null;
        }
        boolean history = owners.values().stream().anyMatch(seen -> seen.days >= settings.historyDays());
        Novelty novelty = new Novelty(use, identity.seen(Facet.ASN, use.owner()) == null,
                identity.seen(Facet.CLIENT, use.family()) == null,
                use.country() != null && identity.seen(Facet.COUNTRY, use.country()) == null);
        boolean deployed = history && owners.size() == 1;
        if (!novelty.foreign(deployed)) {
            return null;
        }
        return "a network owner" + (novelty.country() ? ", a country" : novelty.rented() ? ", a hosting provider" : "")
                + " and a client (" + use.family()
                + ") the service identity never used with any of its keys" + (deployed ? ", which ran from "
                + owners.keySet().iterator().next() + " only" : "") + "; the key is too new to have a habit of its own";
    }

    /**
     * How a use stands against a habit, a key's or its identity's: a network owner, a client family
     * and a country it never showed, and whether the use comes from a rented server (a hosting
     * provider's network outside any cloud).
     */
    private record Novelty(boolean owner, boolean client, boolean country, boolean rented) {
        Novelty(Seen use, boolean owner, boolean client, boolean country) {
            this(owner, client, country, OwnerHabit.rented(use));
        }

        /** The use against a key's own habit: the networks its owner used it from. */
        static Novelty against(Seen use, List<Seen> habit) {
            return new Novelty(use, habit.stream().noneMatch(use::sameOwner),
                    habit.stream().noneMatch(s -> use.family().equals(s.family())),
                    use.country() != null && habit.stream().noneMatch(s -> use.country().equals(s.country())));
        }

        /** The same novelty, as if from a network owner never used: another customer's server in the key's cloud. */
        Novelty anotherTenant() {
            return new Novelty(true, client, country, rented);
        }

        /**
         * Someone else holding the key: a new network owner and a new client, in a new country or
         * from a rented server, or anywhere for a key {@code deployed} to a single network owner.
         */
        boolean foreign(boolean deployed) {
            return owner && client && (country || rented || deployed);
        }
    }

    /**
     * Whether the key has a habit to judge by: used on {@code historyDays} days, or first used
     * {@code historyAge} before now. A key used rarely (a monthly report, a break-glass key, the
     * forgotten keys that leak) is established by its age, not by how often it is used.
     */
    static boolean established(State state, CredentialRoaming.Settings settings, java.time.Instant now) {
        if (state.days.size() >= settings.historyDays()) {
            return true;
        }
        return !state.days.isEmpty() && now.getEpochSecond() / 86_400 - state.days.get(0) >= settings.historyAge().toDays();
    }
}
