package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.EventField;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.identity.NetworkFit.Seen;
import dev.tokenward.analytic.identity.NetworkFit.Standing;
import dev.tokenward.event.Credential;
import dev.tokenward.event.Checks;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.IpAddress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A credential used from a network it does not belong to: the replay of a stolen cookie
 * (adversary-in-the-middle phishing, infostealers), of exfiltrated cloud keys, of a stolen
 * long-term access key.
 *
 * <p>Each credential remembers the networks it was used from, with the facts known there (see
 * {@link NetworkFit}). Sessions, tokens and temporary keys: a use from a new prefix alerts unless it
 * belongs with a known network; a credential whose issuance the logs show starts from the network
 * it was issued to. Long-term access keys are used from many places over their life, so their new
 * networks are learnt, except: the first use of a key created in the logs from where its creator
 * was not (unless from a cloud provider's network: a service user's key deployed to a server); and, once a key has a history (seen on {@code historyDays} days, or first seen {@code historyAge} before), a use from a new
 * network owner and a new country with a client family it never used — or, for a service
 * identity's key that has only ever been used from one network owner (deployed to one system), from
 * a new network owner with a new client family in any country (inside a cloud, another of the
 * cloud's networks counts as a new owner: the provider's autonomous system holds every customer's
 * servers) — judged high when it calls
 * credential-access, persistence or privilege-escalation APIs. A key's use that raised nothing but
 * showed a new network owner with a new client family is kept apart from its habit (unproven), as an
 * alerted one is, and a person's key that turns from there, that day, to making a way back in or
 * granting permissions, from a new country or a rented server, is raised; a stolen key's use that
 * belongs only with a network that alerted, unused for a day, is raised once more (the thief
 * back), never a third time. Private addresses, failed uses, MFA
 * steps (logged from the phone that gave them) and third-party applications' refreshes are never
 * compared.
 *
 * <p>ATT&CK: T1550.001 (Application Access Token), T1539 (Steal Web Session Cookie), T1078.004;
 * analytics AN0722 and AN0201.
 */
public final class CredentialRoaming implements Analytic<CredentialRoaming.State> {
    public static final String ID = "credential-roaming";

    private static final Set<CredentialKind> FOLLOWED = EnumSet.of(CredentialKind.SESSION, CredentialKind.TEMPORARY_KEY,
            CredentialKind.FEDERATION_TOKEN, CredentialKind.ACCESS_TOKEN, CredentialKind.REFRESH_TOKEN, CredentialKind.API_KEY);

    private static final AnalyticSpec SPEC = new AnalyticSpec(ID, "Session or token used from a network it does not belong to",
            List.of("T1550.001", "T1539", "T1078.004", "AN0722", "AN0201"), EntityKind.CREDENTIAL, Severity.MEDIUM,
            List.of(FieldNeed.of(EventField.CREDENTIAL_ID, EventKind.CREDENTIAL_USE, EventKind.TOKEN_REFRESHED),
                    FieldNeed.of(EventField.CLIENT_IP, EventKind.CREDENTIAL_USE, EventKind.TOKEN_REFRESHED)),
            List.of(FieldNeed.of(EventField.NETWORK_ASN), FieldNeed.of(EventField.CLIENT_DEVICE_ID),
                    FieldNeed.of(EventField.CLIENT_USER_AGENT), FieldNeed.of(EventField.NETWORK_COUNTRY),
                    FieldNeed.of(EventField.CREDENTIAL_PARENT_ID, EventKind.CREDENTIAL_USE)));

    /**
     * @param idleExpiry  a credential unused this long is forgotten (longer than the longest session you allow)
     * @param maxNetworks networks remembered per credential; the least recently used is forgotten first
     * @param historyDays days a long-term key must have been used on before its new networks are judged
     * @param historyAge  or how long before the use its first use must lie: a key used rarely (a
     *                    monthly script, a break-glass key) has its habit once it is this old
     */
    public record Settings(Duration idleExpiry, int maxNetworks, int historyDays, Duration historyAge) {
        public static final Settings DEFAULTS = new Settings(Duration.ofHours(72), 16, 3, Duration.ofDays(7));

        public Settings {
            Checks.require(idleExpiry.compareTo(Duration.ofMinutes(1)) >= 0, "idleExpiry must be at least a minute");
            Checks.require(maxNetworks >= 2 && historyDays >= 1, "maxNetworks must be at least 2, historyDays at least 1");
            Checks.require(historyAge != null && historyAge.compareTo(Duration.ofDays(1)) >= 0, "historyAge must be at least a day");
        }
    }

    /** What one credential has been seen doing. */
    public static final class State {
        /** Whose credential it is: the principal it acts as, or until it is used, the one it was issued to. */
        public String owner;
        /** Who had it issued, when its issuance was seen. */
        public String issuer;
        /** What it is, as first seen: "Okta session", "AWS temporary key", ... */
        public String label;
        /** A long-term key, whose networks are learnt; and the days it was used on, up to {@code historyDays}. */
        public boolean longTerm;
        /** A service identity's key (a service account's, an application's): deployed to a system, not carried by a person. */
        public boolean service;
        public List<Long> days = new ArrayList<>();
        public Evidence first;
        public List<Seen> networks = new ArrayList<>();
        public Instant lastSeen;
        public Instant expiryAt;
    }

    private final Settings settings;

    public CredentialRoaming(Settings settings) {
        this.settings = settings;
    }

    @Override
    public AnalyticSpec spec() {
        return SPEC;
    }

    @Override
    public boolean accepts(Event event) {
        IpAddress ip = event.client().ip();
        return ip != null && !ip.isPrivate() && !event.outcome().stopped() && event.kind() != EventKind.MFA
                && event.credential() != null && event.principal() != null && !keys(event).isEmpty();
    }

    /** The credential used, and what the event issues when its issuer names whom for (it will be used in these logs). */
    @Override
    public List<String> keys(Event event) {
        Credential credential = event.credential();
        if (credential == null) {
            return List.of();
        }
        List<String> keys = new ArrayList<>(2);
        if (FOLLOWED.contains(credential.kind()) && credential.lineageId() != null) {
            keys.add(credential.lineageId());
        }
        if (credential.issuedCredentialId() != null && credential.issued().issuedTo() != null) {
            keys.add(credential.issuedCredentialId());
        }
        return keys;
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public State onEvent(Event event, State state, Context context) {
        Instant now = context.now();
        state.lastSeen = state.lastSeen == null || now.isAfter(state.lastSeen) ? now : state.lastSeen;
        if (state.expiryAt == null) {
            state.expiryAt = now.plus(settings.idleExpiry());
            context.setTimer(state.expiryAt);
        }
        boolean issuance = !context.key().equals(event.credential().lineageId());
        if (issuance) {
            state.issuer = event.principal().name();
        } else if (state.owner == null || state.owner.equals(state.issuer)) {
            state.owner = event.principal().name();
        }
        if (!issuance) {
            state.service = event.principal().type() == dev.tokenward.event.PrincipalType.SERVICE;
        }
        if (thirdPartyApp(event)) {
            return state;
        }
        String prefix = event.client().ip().prefix();
        // the owner's very first use: no day of use counted yet (a key used for days from the network it was made on is past it)
        boolean firstUseOfIssued = !issuance && state.issuer != null && state.networks.size() == 1 && state.days.isEmpty()
                && state.owner.equals(event.principal().name());
        if (!issuance) {
            RoamingMemory.countDay(state, now, settings.historyDays());
        }
        if (firstUseOfIssued && !state.owner.equals(state.issuer) && state.networks.get(0).prefix().equals(prefix)) {
            // the key's habit begins with its owner's use, not with the client its creator made it with
            state.networks.set(0, Seen.of(event, now, context.evidence(event)).remembered());
            return state;
        }
        Seen before = RoamingMemory.touch(state, prefix, now);
        if (before != null) {
            // an unproven network that turns, the day it came, to making a way back in
            String taking = state.longTerm && RoamingMemory.unprovenToday(before, now) ? OwnerHabit.takingHold(before, event, state)
                    : before.standing() == Standing.HABIT ? OwnerHabit.takingHoldFromAbroad(before, event, state, context) : null;
            if (taking != null) {
                Seen use = Seen.of(event, now, context.evidence(event));
                context.emit(RoamingAlert.of(SPEC, event, state, use, taking, null, context));
                RoamingMemory.remember(state, use.as(Standing.ALERTED), settings.maxNetworks());
            }
            return state;
        }
        RoamingMemory.distrust(state, context.lineage(context.key()));
        Seen use = Seen.of(event, now, context.evidence(event));
        if (state.first == null) {
            RoamingMemory.firstUse(state, event, use, issuance);
            if (OwnerHabit.firstSeenRented(state, use)) {
                // no habit yet to prove it: a person's key first seen on a rented server is set apart
                state.networks.set(0, use.as(Standing.UNPROVEN).remembered());
                String taking = OwnerHabit.takingHold(use, event, state);
                if (taking != null) {
                    context.emit(RoamingAlert.of(SPEC, event, state, use, taking, null, context));
                    state.networks.set(0, use.as(Standing.ALERTED).remembered());
                }
            }
            return state;
        }
        String stolen = state.longTerm && !firstUseOfIssued ? OwnerHabit.stolenKey(use, state, settings, now, context) : null;
        boolean deployed = firstUseOfIssued && event.network().cloud() != null;
        boolean judged = !state.longTerm || firstUseOfIssued && !deployed || stolen != null;
        boolean owners = OwnerHabit.ownersOwn(event, state, context);
        // a key its habit finds in someone else's hands does not belong by the networks' facts alone
        boolean habitual = owners || stolen == null && state.networks.stream().anyMatch(known -> !known.suspect()
                && NetworkFit.belongsWith(use, known, state.networks));
        Seen thief = habitual ? null : RoamingMemory.alertedFitting(state, use);
        Standing standing = Standing.HABIT;
        if (judged && !habitual) {
            if (thief == null) {
                context.emit(RoamingAlert.of(SPEC, event, state, use, stolen, null, context));
                standing = Standing.ALERTED;
            } else if (stolen != null && thief.standing() == Standing.ALERTED && RoamingMemory.returned(thief, now)) {
                context.emit(RoamingAlert.of(SPEC, event, state, use, stolen, thief, context));
                standing = Standing.RAISED_AGAIN;
            } else {
                standing = thief.standing();
            }
        } else if (thief != null) {
            // the thief's network again, with a client the key knows: still not the owner's habit
            standing = thief.standing();
        } else if (!habitual && !judged && state.longTerm && !firstUseOfIssued && OwnerHabit.unproven(use, state)) {
            String hold = OwnerHabit.takingHold(use, event, state);
            if (hold != null) {
                context.emit(RoamingAlert.of(SPEC, event, state, use, hold, null, context));
            }
            standing = hold == null ? Standing.UNPROVEN : Standing.ALERTED;
        }
        RoamingMemory.remember(state, use.as(standing), settings.maxNetworks());
        return state;
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        Instant idleUntil = RoamingMemory.idleUntil(state, settings.idleExpiry());
        if (!time.isBefore(idleUntil)) {
            return null;
        }
        state.expiryAt = idleUntil;
        context.setTimer(idleUntil);
        return state;
    }

    /**
     * A token obtained by an application that is not the identity provider's own: a web app the user
     * signed in to, or one they consented to, redeems the user's grant or refresh token from its own
     * servers, so its address is not the user's; oauth-consent-then-use judges those applications.
     */
    static boolean thirdPartyApp(Event event) {
        return (event.kind() == EventKind.TOKEN_REFRESHED || event.kind() == EventKind.TOKEN_ISSUED)
                && Boolean.FALSE.equals(event.client().firstParty());
    }
}
