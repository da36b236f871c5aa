package dev.tokenward.signal;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The T1550.001 playbook carried out for the analyst: who should handle it and why, the
 * playbook's questions answered from the evidence, the first-line look-ups already done, the scope
 * a second-line analyst starts from, and the containment plan.
 *
 * @param tier        1 for the first-line queue, 2 for escalation
 * @param escalation  why this tier: each Tier 2 condition that holds, or why none does
 * @param questions   the playbook's three questions, answered
 * @param lookups     the first-line steps done: attempts before, recent authorisations, the usual pattern
 * @param scope       for Tier 2: other accounts with the same indicators, privilege changes, the lineage to follow
 * @param lineage     the credentials that minted the alert's credential, nearest first (a key that minted a
 *                    federation token, the user key that created another user's key), where the logs show it
 * @param alsoAffected accounts hit the same way whose own evidence stayed below alerting (they failed to sign in
 *                    from the same address in the day before): a campaign's other victims
 * @param answers     what the analytic established, by name
 * @param containment the steps, most urgent first
 * @param staysValid  what stays valid after the steps
 * @param disrupts    what else the steps stop
 * @param actions     the steps {@code tokenward respond --execute} can carry out through the providers' APIs
 */
@JsonPropertyOrder({"tier", "escalation", "questions", "lookups", "scope", "lineage", "alsoAffected", "answers", "containment",
    "staysValid", "disrupts", "actions"})
public record Triage(int tier, List<String> escalation, List<Question> questions, List<String> lookups, List<String> scope,
                     List<String> lineage, List<String> alsoAffected, Map<String, String> answers, List<String> containment,
                     List<String> staysValid, List<String> disrupts, List<Action> actions) {
    public Triage {
        escalation = List.copyOf(escalation);
        alsoAffected = alsoAffected == null ? List.of() : List.copyOf(alsoAffected);
        lineage = lineage == null ? List.of() : List.copyOf(lineage);
        questions = List.copyOf(questions);
        lookups = List.copyOf(lookups);
        scope = List.copyOf(scope);
        answers = Collections.unmodifiableMap(new LinkedHashMap<>(answers));
        containment = List.copyOf(containment);
        staysValid = List.copyOf(staysValid);
        disrupts = List.copyOf(disrupts);
        actions = actions == null ? List.of() : List.copyOf(actions);
    }

    /** The tier, its reasons, the analytic's facts and the plan alone (a summary of many alerts). */
    public Triage(int tier, List<String> escalation, Map<String, String> answers, Plan plan) {
        this(tier, escalation, List.of(), List.of(), List.of(), List.of(), List.of(), answers, plan.steps(), plan.staysValid(), plan.disrupts(),
                plan.actions());
    }

    /** Whether a playbook question's answer points at compromise: yes, no, or unknown from these logs. */
    public enum Finding {
        YES, NO, UNKNOWN;

        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One of the playbook's questions and its answer, with the evidence in words.
     *
     * @param question as the playbook asks it
     * @param finding  yes, no, or not answerable from these logs
     * @param answer   the evidence
     */
    @JsonPropertyOrder({"question", "finding", "answer"})
    public record Question(String question, Finding finding, String answer) {
    }

    /**
     * A containment plan.
     *
     * @param steps      what to do, in order
     * @param staysValid what stays valid afterwards
     * @param disrupts   what else the steps stop
     */
    public record Plan(List<String> steps, List<String> staysValid, List<String> disrupts, List<Action> actions) {
        public Plan {
            steps = List.copyOf(steps);
            staysValid = List.copyOf(staysValid);
            disrupts = List.copyOf(disrupts);
            actions = actions == null ? List.of() : List.copyOf(actions);
        }

        public Plan(List<String> steps, List<String> staysValid, List<String> disrupts) {
            this(steps, staysValid, disrupts, List.of());
        }
    }

    /**
     * A containment step a provider's API can carry out.
     *
     * @param action     what: {@code okta.clear-sessions}, {@code entra.revoke-sessions}, {@code aws.deactivate-key},
     *                   {@code aws.deny-before} (see containment.tsv)
     * @param subject    whom: the login, the user principal name, or the IAM user or role ARN
     * @param credential the access key, for {@code aws.deactivate-key}; null otherwise
     */
    @JsonPropertyOrder({"action", "subject", "credential"})
    public record Action(String action, String subject,
                         @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                         String credential) {
    }
}
