package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.baseline.Facet;
import dev.tokenward.analytic.baseline.Profile;
import dev.tokenward.analytic.baseline.Seen;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.NetworkClass;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a credential the logs never showed being issued could be a leftover from before they
 * began: credential-without-authentication's judgements of what a short watch can still tell, kept
 * apart from its bookkeeping and its alert.
 */
final class LeftoverCredential {
    /** Principals on a network (with MFA behind them) that make it the tenant's people's. */
    private static final int COLLEAGUES = 5;
    /**
     * How far apart two products' logs may begin and still be one export: an owner first seen in
     * another product's logs this long before this one's began is known to these logs too. Seen
     * earlier than that, they were around before these logs began, and so may their sessions be.
     */
    private static final Duration EXPORTS_APART = Duration.ofDays(1);
    /** How long after the start of the logs a key's creation must lie for its minting to be in them. */
    private static final Duration SETTLE = Duration.ofMinutes(15);

    private LeftoverCredential() {
    }

    /**
     * A credential created {@link #SETTLE} or more after its part of the logs began to be watched, by
     * the account whose logs these are: its issuance must be in them, whatever its lifetime.
     */
    static boolean createdWhileWatched(Event event, Instant since) {
        Instant created = event.credential().issuedAt();
        String tenant = event.principal() == null ? null : event.principal().tenant();
        return created != null && !created.isBefore(since.plus(SETTLE)) && !created.isAfter(event.time())
                && tenant != null && tenant.equals(event.credential().issuance().issuerTenant());
    }

    /**
     * Before its logs have been watched for a lifetime, an unissued credential may be older than they
     * are; but one used from attack infrastructure (a hosting provider other than the issuer's cloud,
     * an attack tool, a script), on a network none of the tenant's people share, is no one's session
     * left over from before: judged at once, at medium. Not from a network owner its principal used
     * before: people rent VPN exits on hosting networks and sign in through them. (On the run's first
     * days, when nothing is known of the principal yet, the signal is held back and dropped if the
     * principal turns out to complete MFA from that network: see {@code LearningHold}.)
     */
    static boolean fromAttackInfrastructure(Event event, Context context) {
        Evidence use = context.evidence(event);
        return (use.attackInfrastructure() != null || use.scripted()) && event.network().sharedBy() < COLLEAGUES
                && !principalsNetworkOwner(event, context);
    }

    /** Whether the event's principal used the event's network owner (operator or autonomous system) before it. */
    private static boolean principalsNetworkOwner(Event event, Context context) {
        Profile owner = event.principal() == null ? null : context.profile(event.principal().name());
        return owner != null && usedBefore(owner, event.network().owner(), event.time());
    }

    /**
     * A session first used after its owner has signed in on
     * {@link CredentialWithoutAuthentication#REVIVED_AFTER_DAYS} days of these logs, from a network
     * the owner never used in them: on a fixed line, a prefix; on a network that hands out another
     * prefix per connection (VPN, relay, mobile carrier), its network owner, when few of the
     * tenant's people use it. The organisation's own and private networks are never judged so, nor
     * a session these logs have shown in use before: one seen since their first days, and not raised
     * then, travels with its owner's browser (a trip, a stay with family), and where it goes next is
     * for credential-roaming and impossible-travel to judge. How long the owner had been seen, or null.
     */
    static String revivedElsewhere(Event event, Instant since, Context context) {
        if (!judgeable(event) || event.sourceNetwork() == null || context.lineage(event.credential().lineageId()) != null) {
            return null;
        }
        Profile owner = context.profile(event.principal().name());
        if (owner == null || owner.signIns < 2 || owner.firstSeen.isBefore(since.minus(EXPORTS_APART))
                || firstDaysEnd(owner, event.time()).isAfter(event.time())) {
            return null;
        }
        String stranger = event.network().networkClass().tunnel() ? strangeNetworkOwner(event, owner) : strangePrefix(event, owner);
        return stranger == null ? null : "its owner has been signing in for " + Describe.between(owner.firstSeen, event.time())
                + " of these logs (" + owner.signIns + " sign-ins), never from " + stranger;
    }

    /**
     * A session held while its owner is too new to the logs: the signal it would raise, the network
     * owner it came from, its prefix when that is a fixed line's (null on a network that pools its
     * users), and when the owner's first days end and it is judged.
     */
    public record Held(Signal signal, String network, String line, Instant until) {
        /**
         * Whether the line is still not one its owner used on enough days or completed MFA on, or on
         * a network that pools its users, the network owner not one the owner used on enough days: a
         * session from before the logs is used where its owner is, and an owner signing in on that
         * very line, even once, is sitting there.
         *
         * <p>When the logs never showed the owner signing in on that many days (an export of a
         * holiday and a weekend, an owner on leave), nothing says where the owner works from. A
         * session that came through a secure web gateway is then judged against the organisation
         * instead: a stranger only if fewer than {@value #COLLEAGUES} of the tenant's people were
         * seen working from its autonomous system. A session kept over a long weekend is used where
         * its owner is, through the company's gateway, as their colleagues' sessions are. A gateway
         * carries only its customers' staff; a commercial VPN or a privacy relay is where thieves
         * hide, and mobile and residential proxies are sold by carrier and ISP, so colleagues on
         * those say nothing of who used the session.
         */
        boolean stranger(Context context) {
            Profile owner = context.profile(signal.principal());
            boolean stranger = line == null ? !ownersNetworkOwner(owner, network) : !ownersLine(owner, line);
            Evidence use = signal.evidence().get(0);
            if (stranger && use.networkClass() == NetworkClass.SECURITY_EDGE
                    && (owner == null || owner.signInDays < CredentialWithoutAuthentication.REVIVED_AFTER_DAYS)) {
                return context.colleaguesOn(use.asn()) < COLLEAGUES;
            }
            return stranger;
        }

        /**
         * When to judge it instead of {@code now}, or null to judge it now: an owner whose first days
         * in the logs fell on a weekend, or on leave, has not signed in on enough of them to show
         * their networks (a phone refreshing its tokens all weekend shows none); it waits a day at a
         * time for that, and no more than {@link #LONGEST_WAIT} from the owner's first event.
         */
        Instant judgeLater(Context context, Instant now) {
            Profile owner = context.profile(signal.principal());
            if (owner == null || owner.signInDays >= CredentialWithoutAuthentication.REVIVED_AFTER_DAYS) {
                return null;
            }
            Instant next = now.plus(Duration.ofDays(1));
            return next.isAfter(owner.firstSeen.plus(LONGEST_WAIT)) ? null : next;
        }

        Held withUntil(Instant later) {
            return new Held(signal, network, line, later);
        }
    }

    /** The longest a held session waits for its owner's first active days: a week, with a weekend in it. */
    static final Duration LONGEST_WAIT = Duration.ofDays(7);

    /**
     * The session to hold, or null: a browser session used while its owner is too new to the logs
     * for {@link #revivedElsewhere} (fewer than {@link CredentialWithoutAuthentication#REVIVED_AFTER_DAYS}
     * days of them), from a network owner few of the tenant's people use and the owner has not used
     * on that many days, to be judged again once the owner's own networks are known. Not a session
     * these logs have shown in use before without holding it (at the office, on its owner's line):
     * as for {@link #revivedElsewhere}, it travels with its owner's browser, and a flight or a
     * train later it is used at a hotel or a relative's home; credential-roaming and
     * impossible-travel judge where it goes.
     */
    static Held hold(AnalyticSpec spec, Event event, Instant since, Duration lifetime, Context context) {
        String network = event.network().owner();
        Profile owner = context.profile(event.principal().name());
        Instant until = firstDaysEnd(owner, event.time());
        String line = event.network().networkClass().fixedLine() ? event.sourceNetwork() : null;
        if (!judgeable(event) || context.lineage(event.credential().lineageId()) != null || network == null
                || event.network().sharedBy() >= COLLEAGUES || !until.isAfter(event.time())
                || (line == null ? ownersNetworkOwner(owner, network) : ownersLine(owner, line))) {
            return null;
        }
        return new Held(UnissuedAlert.beforeTheGate(spec, event, since, lifetime, "it turns up in its owner's first days in these"
                + " logs, on " + (line == null ? network : "the line " + line + " (" + network + ")") + ", which the owner did not use on "
                + CredentialWithoutAuthentication.REVIVED_AFTER_DAYS + " days of them", context), network, line, until);
    }

    /**
     * Whether the owner used this fixed line (/24, /64) on {@link CredentialWithoutAuthentication#REVIVED_AFTER_DAYS}
     * days or more, or completed MFA on it: a fixed line places one household or office, where the
     * network owner (a consumer ISP) is shared by a city, and residential proxies sold by city and
     * ISP put a thief on the owner's ISP.
     */
    private static boolean ownersLine(Profile owner, String line) {
        return owner != null && (owner.familiarNetwork(line) || owner.seen(Facet.MFA_NETWORK, line) != null);
    }

    /**
     * Whether the owner used the network owner on {@link CredentialWithoutAuthentication#REVIVED_AFTER_DAYS}
     * days or more: their home line, carrier or VPN (a stolen session is replayed for an hour, not on
     * several days).
     */
    static boolean ownersNetworkOwner(Profile owner, String network) {
        Seen seen = owner == null ? null : owner.seen(Facet.ASN, network);
        return seen != null && seen.days >= CredentialWithoutAuthentication.REVIVED_AFTER_DAYS;
    }

    /** A browser session on a network that is not the organisation's own or private. */
    private static boolean judgeable(Event event) {
        NetworkClass networkClass = event.network().networkClass();
        return event.credential().kind() == CredentialKind.SESSION && networkClass != NetworkClass.CORPORATE
                && networkClass != NetworkClass.PRIVATE;
    }

    /** When the owner's first days in the logs end (from {@code at} when the owner is not known yet). */
    private static Instant firstDaysEnd(Profile owner, Instant at) {
        return (owner == null ? at : owner.firstSeen).plus(Duration.ofDays(CredentialWithoutAuthentication.REVIVED_AFTER_DAYS));
    }

    private static boolean usedBefore(Profile owner, String network, Instant time) {
        Seen seen = network == null ? null : owner.seen(Facet.ASN, network);
        return seen != null && seen.firstBefore(time);
    }

    private static String strangePrefix(Event event, Profile owner) {
        return owner.seen(Facet.NETWORK, event.sourceNetwork()) == null ? event.sourceNetwork() : null;
    }

    private static String strangeNetworkOwner(Event event, Profile owner) {
        Long asn = event.network().asn();
        if (asn == null || event.network().sharedBy() >= COLLEAGUES || usedBefore(owner, event.network().owner(), event.time())) {
            return null;
        }
        return "AS" + asn + (event.network().asOrg() == null ? "" : " " + event.network().asOrg());
    }
}
