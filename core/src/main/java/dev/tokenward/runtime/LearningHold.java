package dev.tokenward.runtime;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.baseline.OrganisationNetworks;
import dev.tokenward.analytic.baseline.Profile;
import dev.tokenward.analytic.baseline.Profiles;
import dev.tokenward.event.IpAddress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Holds back, while the organisation's networks and its people's are still being learnt, the
 * signals one of them would excuse. On a run's first days nothing is known of the offices and VPNs
 * yet: the first people to hop from home to the office VPN look like roaming sessions and impossible
 * travel, and someone whose first event is their remembered session on their own VPN exit looks like
 * a thief on a rented server, and a laptop leaving home on its phone's mobile data, through a
 * carrier not yet learnt, looks like a session replayed elsewhere. Such a signal (one that is
 * {@link Signal#excusable()})
 * raised within the learning period (from the first event, {@link OrganisationNetworks#learningPeriod()}
 * of event time, and on until the organisation has been seen at work on as many days,
 * {@link OrganisationNetworks#workedEnoughDays}: logs that begin on a Friday show the office on
 * Friday and next on Monday; a week at most) waits until the period is over or the input ends; then it is dropped if one of its
 * addresses has turned out to be the organisation's, or if its principal completed MFA from the
 * network (/24, /64) of every one of them on two days or more (a thief replaying a session completes
 * none, and a phishing proxy relays one, once), or if one of the addresses it names as excusable by
 * a carrier turned out to be a learnt carrier's, and passed
 * on, in the order raised, if not. Other signals pass at once.
 *
 * <p>A signal that one of its addresses' prefixes would excuse once learnt, when the prefix has
 * had its people but not yet its days ({@link OrganisationNetworks#learning}), waits on past the
 * period, until that prefix is learnt or the week is out: where people come to the office on
 * Tuesday to Thursday only, its prefix is seen on fewer days than the organisation works, and the
 * period ends the day before the office's third. Signals raised after the period wait so too.
 * One raised after the period from an address by then the organisation's is dropped at once: an
 * analytic that held a signal itself (a session from before the logs, judged when its owner's
 * first days are over) raises it with its event's network as it was then.
 *
 * <p>What it costs: a location signal from the first days arrives up to the learning period late in
 * the stream (its time and id are those it was raised with). Memory is bounded: past {@code limit}
 * held signals, the oldest is passed on unjudged.
 */
final class LearningHold implements Consumer<Signal> {
    private final OrganisationNetworks organisation;
    private final Profiles profiles;
    private final Consumer<Signal> next;
    private final int limit;
    private final List<Signal> held = new ArrayList<>();
    private Instant until;
    /** The longest the period lasts, a weekend or a holiday in it. */
    private Instant longest;
    private boolean released;
    /** The time the events have reached. */
    private Instant now;
    /** How many prefixes were learnt when the signals still held were last judged. */
    private int learntWhenJudged;
    private long excused;
    private static final java.time.Duration LONGEST = java.time.Duration.ofDays(7);

    LearningHold(OrganisationNetworks organisation, Profiles profiles, int limit, Consumer<Signal> next) {
        this.organisation = organisation;
        this.profiles = profiles;
        this.limit = limit;
        this.next = next;
    }

    /** The events have reached {@code time}: the first one starts the learning period; past its end, the held signals are judged. */
    void advance(Instant time) {
        now = time;
        if (until == null) {
            until = time.plus(organisation.learningPeriod());
            longest = time.plus(LONGEST);
        } else if (!released && !time.isBefore(until) && (organisation.workedEnoughDays(time) || !time.isBefore(longest))) {
            released = true;
            release(true);
        } else if (released && !held.isEmpty() && (organisation.learnt() != learntWhenJudged || !time.isBefore(longest))) {
            release(true);
        }
    }

    @Override
    public void accept(Signal signal) {
        if (released && signal.excusable() && organisation.excuses(signal.excusableBy())) {
            excused++;
            return;
        }
        if (!signal.excusable() || until == null || released && !waits(signal)) {
            next.accept(signal);
            return;
        }
        held.add(signal);
        if (held.size() > limit) {
            next.accept(held.remove(0));
        }
    }

    /** The end of the input: the held signals are judged with what has been learnt. */
    void finish() {
        release(false);
    }

    /** Signals held back and then dropped because their addresses turned out to be the organisation's, their principal's or a carrier's. */
    long excused() {
        return excused;
    }

    /**
     * Judges the held signals: drops those now excused, passes on the others, but keeps, when
     * {@code more} time may come, those waiting for a prefix still being learnt.
     */
    private void release(boolean more) {
        List<Signal> waiting = new ArrayList<>();
        for (Signal signal : held) {
            if (organisation.excuses(signal.excusableBy()) || principalsOwn(signal) || carriers(signal)) {
                excused++;
            } else if (more && waits(signal)) {
                waiting.add(signal);
            } else {
                next.accept(signal);
            }
        }
        held.clear();
        held.addAll(waiting);
        learntWhenJudged = organisation.learnt();
    }

    /** Whether the signal waits past the period for a prefix being learnt: within the week only. */
    private boolean waits(Signal signal) {
        return now != null && now.isBefore(longest) && organisation.learning(signal.excusableBy());
    }

    /**
     * Whether the network of every address that could excuse the signal is its principal's own
     * ({@link Profile#ownNetwork}), or the person's the signal names in the principal's place.
     */
    private boolean principalsOwn(Signal signal) {
        String whose = signal.excusingPerson() != null ? signal.excusingPerson() : signal.principal();
        Profile profile = whose == null ? null : profiles.get(whose);
        if (profile == null || signal.excusableBy().isEmpty()) {
            return false;
        }
        for (String ip : signal.excusableBy()) {
            String network = IpAddress.parse(ip).filter(address -> !address.isPrivate()).map(IpAddress::prefix).orElse(null);
            if (network == null || !profile.ownNetwork(network)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether one of the addresses the signal names as excusable by a mobile carrier turned out to
     * be a learnt carrier's: its autonomous system, as the signal's evidence gives it for that address.
     */
    private boolean carriers(Signal signal) {
        for (Evidence evidence : signal.evidence()) {
            if (evidence.ip() != null && signal.excusableAsMobile().contains(evidence.ip())
                    && organisation.carrier(IpAddress.parse(evidence.ip()).orElse(null), evidence.asn())) {
                return true;
            }
        }
        return false;
    }
}
