package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.baseline.Facet;
import dev.tokenward.analytic.baseline.Profile;
import dev.tokenward.analytic.baseline.Profiles;
import dev.tokenward.analytic.baseline.Seen;
import dev.tokenward.analytic.identity.NewCredentialUnusualApi.Settings;
import dev.tokenward.event.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The profile a new credential's calls are judged against, and whose it is, with the networks known
 * to it and to the people behind the credential: whose habit new-credential-unusual-api compares
 * with, kept apart so that it reads as one rule.
 */
record ApiBaseline(String owner, Profile profile) {

    /**
     * The role's profile for a role session, else that of whoever the credential was issued to, else
     * the principal's own: the first with {@code minHistory} of history and {@code minKnownApis} APIs
     * known; null when none has.
     */
    static ApiBaseline of(Event event, String issuedBy, Settings settings, Context context) {
        String principal = event.principal().name();
        for (String owner : new String[] {Profiles.group(event), issuedBy, principal}) {
            Profile profile = owner == null ? null : context.profile(owner);
            if (profile != null && !profile.firstSeen.plus(settings.minHistory()).isAfter(context.now())
                    && profile.values(Facet.API).size() >= settings.minKnownApis()) {
                return new ApiBaseline(owner, profile);
            }
        }
        return null;
    }

    /**
     * Whether neither the baseline, the principal itself nor whoever the credential was issued to
     * (the person behind a SAML or IAM Identity Center role session) had used the event's network (/24 or /64) at least
     * {@code minHistory} before the credential was born, or completed MFA from: the network it was
     * minted from, or one a leaked key of the same principal used an hour earlier, does not count;
     * the home a person just signed in from with MFA does.
     */
    boolean unfamiliarNetwork(Event event, Instant born, String issuedBy, Duration minHistory, Context context) {
        String network = event.sourceNetwork();
        if (network == null) {
            return false;
        }
        Instant before = born.minus(minHistory);
        String person = person(event);
        return !usedBefore(profile, network, before)
                && !usedBefore(context.profile(event.principal().name()), network, before)
                && (issuedBy == null || !usedBefore(context.profile(issuedBy), network, before))
                && (person == null || !usedBefore(context.profile(person), network, before));
    }

    /**
     * Whether the event is a role session named after a person ({@link #person}), used from a
     * network that person completed MFA on, on two days or more ({@link Profile#ownNetwork}): an
     * administrator at their own desk, at home or at the office. An administrator's console
     * session reaches into different services each time, and a role one or two people assume a
     * few times a week (a small company's administrator role) shows a handful of them; a thief
     * with the session is elsewhere.
     */
    static boolean personAtOwnDesk(Event event, Context context) {
        String person = person(event);
        Profile profile = person == null ? null : context.profile(person);
        String network = event.sourceNetwork();
        return profile != null && network != null && profile.ownNetwork(network);
    }

    /**
     * The person a role session is named after, where the session name is a sign-in name (IAM
     * Identity Center and SAML sessions: {@code assumed-role/AWSReservedSSO_…/tom.becker@example.com}),
     * so that the person's own networks count as familiar. Null otherwise.
     */
    static String person(Event event) {
        if (Profiles.group(event) == null) {
            return null;
        }
        String principal = event.principal().name();
        String session = principal.substring(principal.lastIndexOf('/') + 1);
        return session.indexOf('@') > 0 ? session.toLowerCase(Locale.ROOT) : null;
    }

    /** Whether the profile shows the network used before {@code before}, or MFA completed from it at any time. */
    private static boolean usedBefore(Profile profile, String network, Instant before) {
        if (profile == null) {
            return false;
        }
        Seen seen = profile.seen(Facet.NETWORK, network);
        return seen != null && seen.firstBefore(before) || profile.seen(Facet.MFA_NETWORK, network) != null;
    }
}
