package dev.tokenward.analytic.store;

import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.baseline.Facet;
import dev.tokenward.analytic.baseline.Profile;
import dev.tokenward.analytic.baseline.Seen;
import dev.tokenward.event.Event;

import java.time.Duration;
import java.time.Instant;

/**
 * A signal raised in a person's first days in the logs, when where they work cannot be known yet,
 * held until it can: judged at {@code until} (or at the end of the input) and dropped if the
 * network it came from, or the device, turned out to be the person's own. With it, the credential
 * store and SSO analytics' one reading of whose a network or device is. Part of an analytic's
 * state; its fields are public so that the state can be measured and saved.
 */
public final class HeldSignal {
    /** Days on which a network or device must have been seen for it to be the person's. */
    private static final int OWN_DAYS = 2;

    public Signal signal;
    public String network;
    /** The network pools its users (see {@link #own}). */
    public boolean pooled;
    public String device;
    public Instant until;

    /**
     * Whether the event's network (MFA completed there, or active there, on two days) or device
     * (seen on two days) is the person's own, by their profile. On a network that pools its users
     * ({@code pooled}: a VPN, security edge, relay or mobile carrier, whose /24 the next subscriber
     * shares) activity proves nothing: a thief replaying a session through a carrier gateway the
     * person's phone once passed makes it "active on two days" by the replay itself. There only MFA
     * completed on two days, or the person's device, counts.
     */
    static boolean own(Profile profile, String network, boolean pooled, String device) {
        if (profile == null) {
            return false;
        }
        Seen seen = device == null ? null : profile.seen(Facet.DEVICE, device);
        return network != null && profile.ownNetwork(network, !pooled) || seen != null && seen.days >= OWN_DAYS;
    }

    /** Whether the event's network or device is the person's own: see {@link #own(Profile, String, boolean, String)}. */
    static boolean own(Profile profile, Event event) {
        return own(profile, event.sourceNetwork(), pooled(event), event.client().deviceId());
    }

    /** Whether the event's network pools its users: see {@link #own}. */
    static boolean pooled(Event event) {
        return event.network().networkClass().tunnel();
    }

    /**
     * Whether the event comes from a network (/24, /64) the principal's profile (as it stood
     * before the event) had never seen, in any source:
     * a stolen vault or SSO session replayed from the thief's machine does, a person at their own
     * desk does not.
     */
    static boolean neverUsed(Event event, Profile profile) {
        String network = event.sourceNetwork();
        return network != null && (profile == null || profile.seen(Facet.NETWORK, network) == null);
    }

    /**
     * The network the principal's other sessions used within {@code hour} before the event, when
     * none of them used the event's own network in that time: the person at work elsewhere (their
     * identity provider's session above all, which every app they open renews) while this session
     * reads from a network of its own. Null when the person was not active elsewhere in that time,
     * or was active on the event's network too. Of two networks last used at the same instant, the
     * greater in text order, whatever order the profile keeps them in.
     */
    static String elsewhere(Event event, Profile profile, Instant now, Duration hour) {
        String network = event.sourceNetwork();
        if (network == null || profile == null || profile.lastSeen == null || profile.lastSeen.isBefore(now.minus(hour))) {
            return null;
        }
        Seen here = profile.seen(Facet.NETWORK, network);
        if (here != null && !here.lastBefore(now.minus(hour))) {
            return null;
        }
        String latest = null;
        Instant at = now.minus(hour);
        for (var entry : profile.values(Facet.NETWORK).entrySet()) {
            Instant last = entry.getValue().last();
            if (last.isAfter(at) || last.equals(at) && (latest == null || entry.getKey().compareTo(latest) > 0)) {
                latest = entry.getKey();
                at = last;
            }
        }
        return latest;
    }

    /**
     * Holds the signal when the person's first event in the logs is less than {@code hold} before the
     * event (the signal waits until then); null when the person is known long enough to judge now.
     */
    static HeldSignal hold(Signal signal, Event event, Profile profile, Duration hold, Context context) {
        Instant learnt = (profile == null ? context.now() : profile.firstSeen).plus(hold);
        if (!context.now().isBefore(learnt)) {
            return null;
        }
        HeldSignal held = new HeldSignal();
        held.signal = signal;
        held.network = event.sourceNetwork();
        held.pooled = pooled(event);
        held.device = event.client().deviceId();
        held.until = learnt;
        context.setTimer(learnt);
        return held;
    }

    /** Judged at {@code time}, if due: emitted unless its network or device became the person's; true when done with. */
    boolean judge(Instant time, Context context) {
        if (time.isBefore(until)) {
            return false;
        }
        if (!own(context.profile(signal.principal()), network, pooled, device)) {
            context.emit(signal);
        }
        return true;
    }
}
