package dev.tokenward.analytic;

import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;

import java.util.EnumSet;
import java.util.Set;

/**
 * A field an analytic reads, on the events it reads it from.
 *
 * @param field the field
 * @param kinds the event kinds it matters on; empty means every kind
 */
public record FieldNeed(EventField field, Set<EventKind> kinds) {
    public FieldNeed {
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
    }

    public static FieldNeed of(EventField field, EventKind... kinds) {
        return new FieldNeed(field, Set.of(kinds));
    }

    public boolean appliesTo(Event event) {
        return kinds.isEmpty() || kinds.contains(event.kind());
    }
}
