package dev.tokenward.analytic;

import dev.tokenward.event.EntityKind;

import java.util.List;

/**
 * What an analytic is: its stable id, what it finds, the ATT&CK references it implements, what it
 * keeps state by, the fields it cannot run without and the ones that make it better.
 *
 * @param id          stable kebab-case id, also the alert's {@code analytic}
 * @param title       one line, for people
 * @param attack      ATT&CK technique and analytic ids
 * @param keyedBy     the entity its state belongs to
 * @param severity    default severity of its alerts
 * @param needs       fields without which it cannot run
 * @param improvedBy  fields that make it more precise
 */
public record AnalyticSpec(String id, String title, List<String> attack, EntityKind keyedBy, Severity severity,
                           List<FieldNeed> needs, List<FieldNeed> improvedBy) {
    public AnalyticSpec {
        dev.tokenward.event.Checks.require(id.matches("[a-z0-9]+(-[a-z0-9]+)*"), "analytic id must be kebab-case: %s", id);
        attack = List.copyOf(attack);
        needs = List.copyOf(needs);
        improvedBy = List.copyOf(improvedBy);
    }
}
