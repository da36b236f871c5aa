package dev.tokenward.analytic.baseline;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tokenward.analytic.KeptText;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.Network;
import dev.tokenward.event.Outcome;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What one principal usually does: per {@link Facet}, the values it showed with first-seen,
 * last-seen, count and days, bounded per facet (the least recently seen value makes room) and
 * forgetting what has not been seen for a while. A value is kept as {@link KeptText} keeps texts,
 * and looked up the same way. Kept by {@link Profiles} once per event, after the
 * analytics have read it: an analytic sees the profile as it stood before the event in hand.
 */
public final class Profile {
    /** Days of MFA from a network that make it the principal's own. */
    public static final int OWN_NETWORK_DAYS = 2;

    private static final Facet[] FACETS = Facet.values();
    private static final String[] HOURS = IntStream.range(0, 24)
            .mapToObj(h -> String.format(Locale.ROOT, "%02d", h)).toArray(String[]::new);
    public Instant firstSeen;
    public Instant lastSeen;
    public int signIns;
    /**
     * Days (UTC) with a sign-in, counted as event time moves on: a weekend or a week's leave adds
     * none, nor do a phone's silent token refreshes.
     */
    public int signInDays;
    /** The UTC day (from the epoch) of the last sign-in counted in {@link #signInDays}. */
    public int signInDay = Integer.MIN_VALUE;
    /** When the learning period ended, or null while the profile is still learning. */
    public Instant settled;
    @JsonProperty
    final EnumMap<Facet, Facts> facts = new EnumMap<>(Facet.class);
    /**
     * Per facet, the value the previous event showed and its position in the facet's facts: most
     * events repeat their predecessor's network, place, device and client, and need no look-up.
     * Not state: a restored profile starts without it.
     */
    private transient String[] lastValue;
    private transient int[] lastPosition;
    /**
     * No fact was last seen before this (null: not known). Facts' last-seen times only move
     * forward and new facts are checked against it, so the daily sweep passes over a profile with
     * nothing old enough to forget without visiting its facts. Not state either.
     */
    private transient Instant oldestKept;

    /** How the principal showed this value, or null if it never did (or it was forgotten). */
    public Seen seen(Facet facet, String value) {
        Facts values = facts.get(facet);
        int at = values == null || value == null ? -1 : values.find(KeptText.of(value));
        return at < 0 ? null : values.seen(at);
    }

    /**
     * Whether the principal completed MFA from this network (/24, /64) on {@value #OWN_NETWORK_DAYS}
     * days or more: their home, office or own VPN exit. A phishing proxy relays one MFA, once, and a
     * thief replaying a session completes none.
     */
    public boolean ownNetwork(String network) {
        Seen mfa = seen(Facet.MFA_NETWORK, network);
        return mfa != null && mfa.days >= OWN_NETWORK_DAYS;
    }

    /**
     * Whether the network (/24, /64) is the principal's own: MFA completed there on two days
     * ({@link #ownNetwork(String)}), or, when {@code byActivity}, active there on two days
     * ({@link #familiarNetwork}). The caller says whether activity counts: on a network that pools
     * its users (a VPN, relay or carrier, whose prefix the next subscriber shares) it proves nothing.
     */
    public boolean ownNetwork(String network, boolean byActivity) {
        return ownNetwork(network) || byActivity && familiarNetwork(network);
    }

    /**
     * Whether the principal was active from this network (/24, /64) on {@value #OWN_NETWORK_DAYS}
     * days or more, with MFA or without: where they work from, though a session kept for days
     * completes no MFA there.
     */
    public boolean familiarNetwork(String network) {
        Seen seen = seen(Facet.NETWORK, network);
        return seen != null && seen.days >= OWN_NETWORK_DAYS;
    }

    /** The values of a facet, read-only. */
    public Map<String, Seen> values(Facet facet) {
        Facts values = facts.get(facet);
        return values == null ? Map.of() : values.view();
    }

    /** Whether "new X" facts of this principal are still only recorded, not alerted on by themselves. */
    public boolean learning() {
        return settled == null;
    }

    /** "learning since 2026-11-02 (3 sign-ins)" or "settled 2026-11-16 (history since 2026-11-02)". */
    public String describe() {
        String since = firstSeen.toString().substring(0, 10);
        return learning() ? "learning since " + since + " (" + signIns + (signIns == 1 ? " sign-in)" : " sign-ins)")
                : "settled " + settled.toString().substring(0, 10) + " (history since " + since + ")";
    }

    /** The values an event shows, indexed by facet ordinal (null where it shows none), worked out once. */
    static String[] values(Event event) {
        Network network = event.network();
        String[] values = new String[FACETS.length];
        String prefix = event.sourceNetwork();
        if (prefix != null) {
            values[Facet.NETWORK.ordinal()] = prefix;
            if (event.credential() != null && event.credential().mfa() == Mfa.TRUE && (event.kind() == EventKind.MFA
                    || event.kind() == EventKind.AUTHENTICATION || event.kind() == EventKind.SESSION_START)) {
                values[Facet.MFA_NETWORK.ordinal()] = prefix;
            }
            values[Facet.ASN.ordinal()] = network.owner();
            values[Facet.COUNTRY.ordinal()] = network.country();
            values[Facet.PLACE.ordinal()] = network.hasLocation() ? place(network) : null;
        }
        values[Facet.DEVICE.ordinal()] = event.client().deviceId();
        values[Facet.CLIENT.ordinal()] = event.client().agent() == null ? null : event.client().agent().family();
        values[Facet.OAUTH_CLIENT.ordinal()] = event.client().app();
        if (event.apiCall()) {
            values[Facet.API.ordinal()] = event.action().service() + ":" + event.action().operation();
        }
        values[Facet.HOUR.ordinal()] = HOURS[(int) ((event.time().getEpochSecond() / 3600) % 24 + 24) % 24];
        for (int i = 0; i < values.length; i++) {
            values[i] = KeptText.of(values[i]);
        }
        return values;
    }

    /** A place's name in the profile: "city, country", or what of the two is known. */
    public static String place(Network network) {
        String city = network.city();
        String country = network.country();
        return city == null ? String.valueOf(country) : country == null ? city : city + ", " + country;
    }

    /** Learns from one event, given its {@link #values}. */
    void observe(Event event, String[] values, BaselineSettings settings) {
        Instant at = event.time();
        if (firstSeen == null) {
            firstSeen = at;
        }
        if (lastSeen == null || at.isAfter(lastSeen)) {
            lastSeen = at;
        }
        if (event.outcome() == Outcome.SUCCESS
                && (event.kind() == EventKind.AUTHENTICATION || event.kind() == EventKind.SESSION_START)) {
            signIns++;
            int day = (int) Math.floorDiv(at.getEpochSecond(), 86_400);
            if (day > signInDay) {
                signInDays++;
                signInDay = day;
            }
        }
        for (Facet facet : FACETS) {
            String value = values[facet.ordinal()];
            if (value != null) {
                remember(facet, value, at, event);
            }
        }
        if (settled == null && signIns >= settings.learningSignIns()
                && !firstSeen.plus(settings.learningPeriod()).isAfter(at)) {
            settled = at;
        }
    }

    private void remember(Facet facet, String value, Instant at, Event event) {
        if (lastValue == null) {
            lastValue = new String[FACETS.length];
            lastPosition = new int[FACETS.length];
        }
        int slot = facet.ordinal();
        Facts values = facts.get(facet);
        if (value.equals(lastValue[slot])) {
            values.again(lastPosition[slot], at);
            return;
        }
        if (values == null) {
            values = new Facts(facet);
            facts.put(facet, values);
        }
        int position = values.find(value);
        if (position >= 0) {
            lastValue[slot] = value;
            lastPosition[slot] = position;
            values.again(position, at);
            return;
        }
        if (values.size() >= facet.capacity()) {
            values.removeAt(values.leastRecent());
        }
        if (oldestKept != null && at.isBefore(oldestKept)) {
            oldestKept = at;
        }
        // only a place keeps the coordinates
        position = values.add(value, at, event.network().latitude(), event.network().longitude());
        lastValue[slot] = value;
        lastPosition[slot] = position;
    }

    /** Drops the facts last seen before {@code cutoff}. */
    void forgetBefore(Instant cutoff) {
        if (oldestKept != null && !oldestKept.isBefore(cutoff)) {
            return;
        }
        lastValue = null;
        lastPosition = null;
        Instant oldest = null;
        for (Facts values : facts.values()) {
            int kept = values.forgetBefore(cutoff);
            if (kept >= 0 && (oldest == null || values.last(kept).isBefore(oldest))) {
                oldest = values.last(kept);
            }
        }
        oldestKept = oldest == null ? Instant.MAX : oldest;
    }
}
