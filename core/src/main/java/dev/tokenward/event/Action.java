package dev.tokenward.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What was done.
 *
 * @param service   the service called (AWS service prefix such as {@code iam}, {@code okta}, {@code entra})
 * @param operation the API name or event type
 * @param resource  what it was done to, where the source says
 * @param sensitive whether the operation touches identity, keys, secrets or audit configuration
 * @param region    the cloud region the call was made in, where the source says
 * @param tactic    what the operation does, in the terms an attacker's use of it would have; never null
 * @param revealed  the stored secrets or vault items whose contents the call handed over (a secret's ARN, a
 *                  decrypted parameter, a vault item revealed, copied, filled or exported), at most
 *                  {@value #MAX_REVEALED}; empty when it handed over none
 * @param revealedOf whose stored credential was handed over, where the source names someone (the Okta user
 *                   whose Secure Web Authentication password the dashboard showed): normally the principal
 *                   itself; null when the source says nothing
 * @param written   the stored secrets or vault items the call gave new contents (an item created or saved with
 *                  changes, a secret's new value or version), named as {@code revealed} names them, at most
 *                  {@value #MAX_REVEALED}; empty when it wrote none
 */
public record Action(String service, String operation, String resource, boolean sensitive, String region,
                     @JsonIgnore Tactic tactic, @JsonInclude(JsonInclude.Include.NON_EMPTY) java.util.List<String> revealed,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String revealedOf,
                     @JsonInclude(JsonInclude.Include.NON_EMPTY) java.util.List<String> written) {
    /** How many revealed or written items one event names at most. */
    public static final int MAX_REVEALED = 64;

    public Action {
        tactic = tactic == null ? Tactic.NONE : tactic;
        revealed = capped(revealed);
        written = capped(written);
    }

    public Action(String service, String operation, String resource, boolean sensitive, String region, Tactic tactic) {
        this(service, operation, resource, sensitive, region, tactic, java.util.List.of(), null, java.util.List.of());
    }

    private static java.util.List<String> capped(java.util.List<String> items) {
        return items == null ? java.util.List.of() : java.util.List.copyOf(items.size() > MAX_REVEALED ? items.subList(0, MAX_REVEALED) : items);
    }

    /** Whether the call handed over a stored credential of someone other than {@code principal}. */
    public boolean revealedAnother(String principal) {
        return revealedOf != null && !revealed.isEmpty() && !revealedOf.equalsIgnoreCase(principal);
    }

    /** The tactic for JSON: left out when there is none. */
    @JsonProperty("tactic")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    Tactic tacticIfAny() {
        return tactic == Tactic.NONE ? null : tactic;
    }

    public Action(String service, String operation, String resource, boolean sensitive) {
        this(service, operation, resource, sensitive, null, Tactic.NONE);
    }

    /** What an operation amounts to when an attacker calls it, from the sources' data files of operations. */
    public enum Tactic {
        /** Listing and describing: what an intruder does first. */
        DISCOVERY,
        /** Reading secrets, keys and credentials. */
        CREDENTIAL_ACCESS,
        /** Creating users, keys, login profiles, trust: a way back in. */
        PERSISTENCE,
        /** Granting permissions: policies attached, roles widened. */
        PRIVILEGE_ESCALATION,
        /** Turning off logging and detection. */
        DEFENSE_EVASION,
        /** Reading or copying data in bulk. */
        COLLECTION,
        /** Running commands on, or logging in to, a workload (the resource): whoever does can read its credentials. */
        EXECUTION,
        NONE
    }
}
