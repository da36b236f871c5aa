package dev.tokenward.runtime;

import dev.tokenward.event.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Events that arrived later than the allowed lateness: they are still processed, but after events
 * that followed them, so an analytic may have judged without them. Counted by source, with how late
 * the worst was, and with those that concerned a principal or credential that alerted, before or
 * after them (a sign-in that came too late for the alert it would have prevented counts too): the
 * alerts a larger lateness might change.
 */
public final class LateEvents {
    /** Late events followed, by entity, for the alerts they may have changed; past this many, they are only counted. */
    private static final int FOLLOWED = 100_000;

    private final Map<String, Long> bySource = new TreeMap<>();
    private final Map<String, List<Long>> byEntity = new HashMap<>();
    private final Set<Long> beforeAlerts = new HashSet<>();
    /** Entities that alerted, for the late events that arrive after their alerts; at most {@link #FOLLOWED}. */
    private final Set<String> alertedEntities = new HashSet<>();
    private long count;
    private long followed;
    private Duration worst = Duration.ZERO;

    /** An event older than what was already released at {@code released}. */
    void late(Event event, Instant released) {
        count++;
        bySource.merge(event.source(), 1L, Long::sum);
        Duration behind = Duration.between(event.time(), released);
        if (behind.compareTo(worst) > 0) {
            worst = behind;
        }
        if (followed >= FOLLOWED) {
            return;
        }
        followed++;
        if (event.principal() != null) {
            follow(event.principal().name());
        }
        if (event.credential() != null) {
            follow(event.credential().lineageId());
            follow(event.credential().issuedCredentialId());
        }
    }

    private void follow(String key) {
        if (key == null) {
            return;
        }
        if (alertedEntities.contains(key)) {
            beforeAlerts.add(count);
        } else {
            byEntity.computeIfAbsent(key, k -> new ArrayList<>(1)).add(count);
        }
    }

    /** An alert about this principal and credential: the late events that concerned either came before an alert. */
    void alerted(String principal, String credential) {
        for (String key : new String[] {principal, credential}) {
            if (key != null && alertedEntities.size() < FOLLOWED) {
                alertedEntities.add(key);
            }
            List<Long> late = key == null ? null : byEntity.remove(key);
            if (late != null) {
                beforeAlerts.addAll(late);
            }
        }
    }

    public long count() {
        return count;
    }

    public Map<String, Long> bySource() {
        return Collections.unmodifiableMap(bySource);
    }

    /** Late events that concerned a principal or credential that alerted, before or after them. */
    public long beforeAlerts() {
        return beforeAlerts.size();
    }

    /** How far behind what had been released the latest event was. */
    public Duration worst() {
        return worst;
    }
}
