package dev.tokenward.signal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tokenward.analytic.Severity;

import java.time.Instant;
import java.util.List;

/**
 * Alerts about one compromise, as one story: the same person, credential or credential lineage
 * within a window, or, for a campaign, several accounts hit the same way. One JSON line each in
 * the incidents file.
 *
 * @param id           deterministic: derived from the first alert's id ({@code inc-...}, {@code cmp-...} for a campaign)
 * @param kind         "incident", or "campaign" for several accounts hit the same way
 * @param title        one line: the worst alert's title, and for a campaign what the accounts share
 * @param first        the earliest alert's time
 * @param last         the latest alert's time
 * @param severity     the worst alert's
 * @param tier         2 when any alert's triage escalates, or for a campaign
 * @param escalation   why that tier, across its alerts
 * @param principals   the accounts its alerts name, in order of appearance
 * @param alsoAffected accounts hit the same way whose own evidence stayed below alerting
 * @param credentials  the credentials its alerts name or rest on
 * @param indicators   for a campaign, what its accounts share (an address, a client)
 * @param related      other incidents sharing an indicator with it, too few to make a campaign
 * @param alertCount   how many alerts it holds
 * @param alerts       their ids, in the order they were raised
 * @param analytics    the analytics that raised them
 * @param timeline     its alerts in time order
 * @param questions    the playbook's questions, answered across its alerts: yes when any alert found yes
 * @param containment  the plan: every alert's steps, once each
 * @param staysValid   what stays valid after them
 * @param disrupts     what else they stop
 * @param actions      the steps {@code respond --execute} can carry out, once each
 * @param mergedInto   where this incident went when a later alert joined it to an older one or to a campaign; null while it stands
 * @param merged       the incidents merged into this one
 */
@JsonPropertyOrder({"id", "kind", "title", "first", "last", "severity", "tier", "escalation", "principals", "alsoAffected",
    "credentials", "indicators", "related", "alertCount", "alerts", "analytics", "timeline", "questions", "containment", "staysValid",
    "disrupts", "actions", "mergedInto", "merged"})
public record Incident(String id, String kind, String title, Instant first, Instant last, Severity severity, int tier,
                       List<String> escalation, List<String> principals, List<String> alsoAffected, List<String> credentials,
                       List<String> indicators, List<String> related, int alertCount, List<String> alerts, List<String> analytics,
                       List<Entry> timeline, List<Triage.Question> questions, List<String> containment, List<String> staysValid,
                       List<String> disrupts, List<Triage.Action> actions, @JsonInclude(JsonInclude.Include.NON_NULL) String mergedInto, List<String> merged) {

    /** One alert on the incident's timeline. */
    @JsonPropertyOrder({"time", "alert", "analytic", "severity", "principal", "credential", "title"})
    public record Entry(Instant time, String alert, String analytic, Severity severity, String principal, String credential,
                        String title) {
    }

    /** Whether it still stands (was not merged into another). */
    public boolean standing() {
        return mergedInto == null;
    }
}
