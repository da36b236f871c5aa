package dev.tokenward.analytic.baseline;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Shared;
import dev.tokenward.event.Credential;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.IpAddress;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The credential registry: for each credential id the logs carry, its {@link Lineage} — first seen
 * and uses, and its issuance when the logs show it. Kept once per event for all analytics, after
 * they have read it.
 *
 * <p>Issuing events: a token issued (an AWS STS call whose response carries a key, an Okta OAuth
 * token grant, a secret added to an Entra application) or a credential created by an API call (an
 * AWS access key), expiring when the source says the new credential does; and an event whose source says it issues the credential it carries (an Okta
 * session start or a completed MFA in a session, an Entra interactive sign-in: the session id that
 * later refreshes carry). Uses: any successful or failed event carrying the id as its credential.
 *
 * <p>An entry is dropped a day after its credential expires, or when it has not been used for
 * {@code forgetAfter} (checked once per day of event time).
 */
public final class CredentialRegistry {
    private static final Duration GRACE = Duration.ofDays(1);

    private final BaselineSettings settings;
    private static final int ISSUED_PER_PRINCIPAL = 8;

    private final int limit;
    /** Least recently used first: past the limit, the lineage used least recently goes. */
    private final LinkedHashMap<String, Lineage> credentials = new LinkedHashMap<>(1 << 10, 0.75f, true);
    /** Per principal, the ids of the credentials last issued to it, newest first; as many principals as lineages at most. */
    private final LinkedHashMap<String, ArrayDeque<String>> issuedTo = new LinkedHashMap<>(1 << 10, 0.75f, true);
    private Instant sweptDay;
    private long evicted;
    private int peak;

    public CredentialRegistry(BaselineSettings settings) {
        this(settings, Integer.MAX_VALUE);
    }

    /** A registry of at most {@code limit} credentials. */
    public CredentialRegistry(BaselineSettings settings, int limit) {
        this.settings = settings;
        this.limit = limit;
    }

    /** Lineages that made room for newer ones at the limit. */
    public long evicted() {
        return evicted;
    }

    /** The most credentials registered at once. */
    public int peak() {
        return peak;
    }

    private Lineage lineageOf(String id, Instant at) {
        Lineage lineage = credentials.get(id);
        if (lineage == null) {
            lineage = seen(Shared.text(id), at);
            credentials.put(lineage.credential, lineage);
            if (credentials.size() > limit) {
                var eldest = credentials.entrySet().iterator();
                eldest.next();
                eldest.remove();
                evicted++;
            }
            peak = Math.max(peak, credentials.size());
        }
        return lineage;
    }

    /** The credential's lineage, or null when the logs have not carried it (within {@code forgetAfter}). */
    public Lineage get(String credential) {
        return credential == null ? null : credentials.get(credential);
    }

    /**
     * A high or critical alert about the credential came from the address of {@code decisive}: its
     * lineage remembers that network (/24, /64) as one an alert put the credential in someone else's
     * hands on, the last such.
     */
    public void distrust(String credential, Evidence decisive) {
        Lineage lineage = get(credential);
        String network = decisive == null || decisive.ip() == null ? null
                : IpAddress.parse(decisive.ip()).filter(ip -> !ip.isPrivate()).map(IpAddress::prefix).orElse(null);
        if (lineage != null && network != null) {
            lineage.distrusted = Shared.text(network);
        }
    }

    /** The credentials the logs show issued to the principal and still remembered, newest first (at most 8). */
    public List<Lineage> issuedTo(String principal) {
        ArrayDeque<String> ids = principal == null ? null : issuedTo.get(principal);
        if (ids == null) {
            return List.of();
        }
        List<Lineage> issued = new ArrayList<>(ids.size());
        for (String id : ids) {
            Lineage lineage = credentials.get(id);
            if (lineage != null) {
                issued.add(lineage);
            }
        }
        return issued;
    }

    public Map<String, Lineage> all() {
        return Collections.unmodifiableMap(credentials);
    }

    /** Learns from one event (in event-time order). */
    public void observe(Event event) {
        observe(event, Evidence::of);
    }

    /**
     * The same, keeping as an issuance's evidence the one {@code evidence} makes of the event: the
     * runtime's, which the analytics that keep the same event share.
     */
    public void observe(Event event, java.util.function.Function<Event, Evidence> evidence) {
        sweep(event.time());
        if (event.credential() == null) {
            return;
        }
        String minted = issuedId(event);
        if (minted != null) {
            Lineage lineage = lineageOf(minted, event.time());
            if (lineage.issued() && event.credential().mfa() == Mfa.TRUE) {
                lineage.mfa = Mfa.TRUE;
            }
            if (!lineage.issued()) {
                issue(lineage, event, evidence.apply(event));
                if (lineage.principal != null) {
                    ArrayDeque<String> ids = issuedTo.get(lineage.principal);
                    if (ids == null) {
                        ids = new ArrayDeque<>(2);
                        issuedTo.put(lineage.principal, ids);
                        if (issuedTo.size() > limit) {
                            var eldest = issuedTo.entrySet().iterator();
                            eldest.next();
                            eldest.remove();
                        }
                    }
                    ids.addFirst(minted);
                    if (ids.size() > ISSUED_PER_PRINCIPAL) {
                        ids.removeLast();
                    }
                }
            }
        }
        String used = event.credential().lineageId();
        if (used != null && !used.equals(minted)) {
            Lineage lineage = lineageOf(used, event.time());
            lineage.uses++;
            if (lineage.lastUsed == null || event.time().isAfter(lineage.lastUsed)) {
                lineage.lastUsed = event.time();
            }
        }
    }

    /**
     * The id of the credential this event issues, or null: a successful issuing call's (or token
     * grant's) new credential, or the credential of a successful event that the source says issues
     * it (a sign-in, an MFA completing one).
     */
    public static String issuedId(Event event) {
        if (event.outcome() != Outcome.SUCCESS) {
            return null;
        }
        Credential credential = event.credential();
        if (event.kind() == EventKind.TOKEN_ISSUED || credential.issued() != Credential.Issuance.NONE && credential.issuedCredentialId() != null) {
            return credential.issuedCredentialId();
        }
        return credential.issuance().issuing() ? credential.lineageId() : null;
    }

    private static Lineage seen(String id, Instant at) {
        Lineage lineage = new Lineage();
        lineage.credential = id;
        lineage.firstSeen = at;
        return lineage;
    }

    private static void issue(Lineage lineage, Event event, Evidence evidence) {
        lineage.principal = event.principal() == null ? null : Shared.text(event.principal().name());
        lineage.issuedAt = event.time();
        lineage.issuedBy = evidence;
        lineage.network = Shared.text(event.sourceNetwork());
        lineage.mfa = event.credential().mfa() == null ? Mfa.UNKNOWN : event.credential().mfa();
        String parent = event.credential().lineageId();
        lineage.parent = parent != null && !parent.equals(lineage.credential) ? Shared.text(parent) : null;
        lineage.expires = event.credential().issued().issuedExpires();
    }

    private void sweep(Instant now) {
        Instant day = now.truncatedTo(ChronoUnit.DAYS);
        if (sweptDay != null && !day.isAfter(sweptDay)) {
            return;
        }
        sweptDay = day;
        for (Iterator<Lineage> it = credentials.values().iterator(); it.hasNext(); ) {
            Lineage lineage = it.next();
            Instant lastUse = lineage.lastUsed == null ? lineage.firstSeen : lineage.lastUsed;
            boolean expired = lineage.expires != null && lineage.expires.plus(GRACE).isBefore(now);
            if (expired || lastUse.plus(settings.forgetAfter()).isBefore(now)) {
                it.remove();
            }
        }
        issuedTo.values().removeIf(ids -> {
            ids.removeIf(id -> !credentials.containsKey(id));
            return ids.isEmpty();
        });
    }
}
