package dev.tokenward.analytic.baseline;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The credential registry: for each credential id whose issuance the logs show, its
 * {@link Issuance}, and each later use. Kept once per event for all analytics, after they have read
 * it.
 *
 * <p>Issuing events: a CloudTrail STS call whose response carries a key (AssumeRole,
 * AssumeRoleWithSAML, AssumeRoleWithWebIdentity, GetSessionToken, GetFederationToken), with the
 * requested duration or STS's default as its lifetime; an Okta session start or a completed MFA in
 * a session (the root session id), and an Okta OAuth token grant; an Entra interactive sign-in
 * (the session id, which non-interactive sign-ins and refreshes of the session carry). Uses: any
 * later event carrying the id as its credential (CloudTrail {@code userIdentity.accessKeyId}, Okta
 * {@code externalSessionId}/{@code rootSessionId}, Entra {@code sessionId}).
 *
 * <p>An entry is dropped a day after its credential expires, or when it has not been used for
 * {@code forgetAfter} (checked once per day of event time).
 */
public final class Lineage {
    private static final Duration STS_DEFAULT = Duration.ofHours(12);
    private static final Duration STS_ROLE_DEFAULT = Duration.ofHours(1);
    private static final Duration GRACE = Duration.ofDays(1);

    private final BaselineSettings settings;
    private final Map<String, Issuance> issued = new HashMap<>();
    private Instant sweptDay;

    public Lineage(BaselineSettings settings) {
        this.settings = settings;
    }

    /** The credential's issuance, or null when the logs have not shown it. */
    public Issuance get(String credential) {
        return credential == null ? null : issued.get(credential);
    }

    public Map<String, Issuance> all() {
        return java.util.Collections.unmodifiableMap(issued);
    }

    /** Learns from one event (in event-time order). */
    public void observe(Event event) {
        sweep(event.time());
        if (event.credential() == null || event.outcome() == Outcome.FAILURE) {
            return;
        }
        String lineage = event.credential().lineageId();
        String minted = issuedId(event);
        if (minted != null && !issued.containsKey(minted)) {
            issued.put(minted, issuance(event, minted));
        }
        if (lineage != null && !lineage.equals(minted)) {
            Issuance known = issued.get(lineage);
            if (known != null) {
                known.uses++;
                if (known.lastUsed == null || event.time().isAfter(known.lastUsed)) {
                    known.lastUsed = event.time();
                }
            }
        }
    }

    /** The id of the credential this event issues, or null. */
    static String issuedId(Event event) {
        if (event.outcome() != Outcome.SUCCESS) {
            return null;
        }
        return switch (event.kind()) {
            case TOKEN_ISSUED -> event.credential().issuedCredentialId();
            case SESSION_START -> event.credential().lineageId();
            case MFA -> "okta".equals(event.source()) && event.credential().kind() == CredentialKind.SESSION
                    ? event.credential().lineageId() : null;
            case AUTHENTICATION -> "entra".equals(event.source()) ? event.credential().lineageId() : null;
            default -> null;
        };
    }

    private static Issuance issuance(Event event, String id) {
        Issuance issuance = new Issuance();
        issuance.credential = id;
        issuance.principal = event.principal() == null ? null : event.principal().name();
        issuance.issuedAt = event.time();
        issuance.issuedBy = Evidence.of(event);
        issuance.network = event.client().ip() == null || event.client().ip().isPrivate() ? null : event.client().ip().prefix();
        issuance.mfa = event.credential().mfa() == null ? Mfa.UNKNOWN : event.credential().mfa();
        String parent = event.credential().lineageId();
        issuance.parent = parent != null && !parent.equals(id) ? parent : null;
        if ("cloudtrail".equals(event.source()) && event.kind() == EventKind.TOKEN_ISSUED) {
            issuance.expires = event.time().plus(stsLifetime(event));
        }
        return issuance;
    }

    /** The requested duration, or STS's default for the operation. */
    static Duration stsLifetime(Event event) {
        String seconds = event.unmapped("cloudtrail.durationSeconds");
        if (seconds != null && seconds.trim().matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(seconds.trim()));
        }
        String operation = event.action() == null ? "" : event.action().operation();
        return "GetFederationToken".equals(operation) || "GetSessionToken".equals(operation) ? STS_DEFAULT : STS_ROLE_DEFAULT;
    }

    private void sweep(Instant now) {
        Instant day = now.truncatedTo(ChronoUnit.DAYS);
        if (sweptDay != null && !day.isAfter(sweptDay)) {
            return;
        }
        sweptDay = day;
        for (Iterator<Issuance> it = issued.values().iterator(); it.hasNext(); ) {
            Issuance issuance = it.next();
            Instant lastUse = issuance.lastUsed == null ? issuance.issuedAt : issuance.lastUsed;
            boolean expired = issuance.expires != null && issuance.expires.plus(GRACE).isBefore(now);
            if (expired || lastUse.plus(settings.forgetAfter()).isBefore(now)) {
                it.remove();
            }
        }
    }
}
