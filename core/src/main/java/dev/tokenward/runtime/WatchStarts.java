package dev.tokenward.runtime;

import dev.tokenward.event.Event;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * When each part of the logs began to be watched: per source, tenant (the principal's account or
 * org) and region. A part first seen past {@link #LIMIT} parts is not recorded, so hostile input
 * cannot grow it without bound; its events count as not yet watched, which makes the analytics that
 * judge absences say nothing about them rather than too much.
 */
final class WatchStarts {
    static final int LIMIT = 4096;

    private record Scope(String source, String tenant, String region) {
    }

    private final Map<Scope, Instant> starts = new HashMap<>();
    /** The scope of the last event, which the next event shares nearly always. */
    private Scope last;

    void observe(Event event) {
        Scope scope = scope(event);
        Instant start = starts.get(scope);
        if (start == null) {
            if (starts.size() < LIMIT) {
                starts.put(scope, event.time());
            }
        } else if (event.time().isBefore(start)) {
            starts.put(scope, event.time());
        }
    }

    Instant of(Event event) {
        return starts.get(scope(event));
    }

    private Scope scope(Event event) {
        String tenant = event.principal() == null ? null : event.principal().tenant();
        String region = event.action() == null ? null : event.action().region();
        Scope previous = last;
        if (previous != null && previous.source().equals(event.source()) && Objects.equals(previous.tenant(), tenant)
                && Objects.equals(previous.region(), region)) {
            return previous;
        }
        last = new Scope(event.source(), tenant, region);
        return last;
    }
}
