package dev.tokenward.analytic;

import java.time.Instant;

/** What the runtime offers an analytic while it handles one event or timer. */
public interface Context {

    /** The current event time: the event's time, or the timer's. Never the wall clock. */
    Instant now();

    /** The entity key the state belongs to. */
    String key();

    void emit(Signal signal);

    /**
     * The event as evidence. The runtime makes one per event for all the analytics that keep it,
     * so that state holding the same event's evidence holds it once.
     */
    default Evidence evidence(dev.tokenward.event.Event event) {
        return Evidence.of(event);
    }

    /** Calls {@link Analytic#onTimer} for this key once event time reaches {@code time}. */
    void setTimer(Instant time);

    /**
     * Keeps one expiry timer per entity: asks for a call-back at {@code expiry} unless the timer
     * the entity asked for before is still pending (the entity renews its expiry when that one
     * fires), and returns the timer now pending, for the state to keep. An entity whose expiry
     * moves with every event thus has one timer at a time, not one per event.
     *
     * @param pending the timer asked for before, or null
     */
    default Instant renewExpiry(Instant pending, Instant expiry) {
        if (expiry.isAfter(now()) && (pending == null || !pending.isAfter(now()))) {
            setTimer(expiry);
            return expiry;
        }
        return pending;
    }

    /**
     * The event time of the first event this run has seen from the same source, tenant and region as
     * {@code event} (one AWS account's trail in one region, one Okta org), or null: how long the logs
     * that would show the event's background have been watched, for analytics that judge what was
     * not seen. An organisation trail that gains an account or a region mid-run starts a new watch
     * for it.
     */
    Instant watchedSince(dev.tokenward.event.Event event);

    /**
     * Whether the logs of {@code event}'s source and tenant fell silent at {@code time}, in some
     * region, after carrying events nearly every minute: for a few minutes (a CloudTrail delivery
     * covers five), not the lull of a quiet hour. A delivery missing from the collected logs looks
     * like this; what happened then cannot be judged by its absence.
     */
    boolean silentAt(dev.tokenward.event.Event event, Instant time);

    /**
     * How many of the tenant's people the run has seen working from the autonomous system so far (on
     * phones or desktops): the organisation's gateway, its offices' and cities' ISPs and the
     * commercial VPNs its people like carry many; a thief's network, few. 0 when unknown.
     */
    int colleaguesOn(Long asn);

    /**
     * Whether the organisation is seen working from the country (ISO code): some of the tenant's
     * people signed in from it with MFA. True while the run cannot tell (too few sign-ins seen at
     * all, as in logs without the identity provider's).
     */
    boolean workedFrom(String country);

    /**
     * The principal's shared profile as it stood before the event in hand (networks, places,
     * devices, clients, OAuth clients, APIs, hours), or null if the principal has not been seen.
     * Read it; never change it.
     */
    dev.tokenward.analytic.baseline.Profile profile(String principal);

    /**
     * The credential's lineage as it stood before the event in hand: first seen and uses, and who
     * it was issued to, when and by which event when the logs showed that; null if the logs have
     * not carried the credential before.
     */
    dev.tokenward.analytic.baseline.Lineage lineage(String credential);

    /**
     * The state this analytic keeps under another of its keys, as it stands, or null: for an
     * analytic that compares one entity with others it also keys (a person with the other readers
     * of a shared vault). Read it; never change it.
     */
    Object stateUnder(String key);

    /** The credentials the logs show issued to the principal (sign-ins, STS calls), newest first, at most 8. */
    java.util.List<dev.tokenward.analytic.baseline.Lineage> issuedTo(String principal);
}
