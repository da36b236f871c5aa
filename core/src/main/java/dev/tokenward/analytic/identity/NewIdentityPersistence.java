package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.event.Credential;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The way back in that needs no history to see: a credential creates an identity and, within the
 * hour, gives it a key, a password or an administrator's policy. Part of new-credential-unusual-api,
 * which keeps, per credential, the identities it created ({@link Created}). An access key alone is
 * medium (service users get keys); a console password or an administrator's policy is high, and
 * alerts again after a key did.
 *
 * <p>Not judged: workloads (a CI pipeline's or an instance's role provisioning users) and calls a
 * cloud service made on the caller's behalf (CloudFormation stacks).
 */
final class NewIdentityPersistence {
    /** How soon after the creation a credential for it counts. */
    static final Duration WINDOW = Duration.ofHours(1);
    static final int REMEMBERED = 8;
    /** A policy allowing every action, as inline policies say it. */
    static final Pattern ALL_ACTIONS = Pattern.compile("\"Action\"\\s*:\\s*(\\[\\s*)?\"\\*(:\\*)?\"");
    /** Managed policies that make a principal an administrator (suffixes of their ARNs). */
    static final List<String> ADMINISTRATOR = List.of("policy/AdministratorAccess", "policy/PowerUserAccess",
            "policy/IAMFullAccess", "policy/job-function/SystemAdministrator");

    /** An identity the credential created, and the severity what was given to it alerted with, if it did. */
    public record Created(String identity, Instant time, Evidence evidence, Severity alerted) {
    }

    private NewIdentityPersistence() {
    }

    static boolean judged(Event event) {
        return event.outcome() == Outcome.SUCCESS && event.principal().type() != PrincipalType.WORKLOAD && event.client().host() == null;
    }

    /** Remembers an identity the event creates; true when it did. */
    static boolean remember(Event event, List<Created> created, Context context) {
        if (event.kind() != EventKind.ACCOUNT_CREATED || event.action().resource() == null || !judged(event)) {
            return false;
        }
        created.add(new Created(event.action().resource(), context.now(), context.evidence(event), null));
        if (created.size() > REMEMBERED) {
            created.remove(0);
        }
        return true;
    }

    /** Alerts when the event gives a key, a password or an administrator policy to an identity the credential just created. */
    static void judge(Event event, List<Created> created, String analytic, List<String> attack, Context context) {
        Credential.Issuance given = event.credential().issued();
        if (given == Credential.Issuance.NONE || given.issuedTo() == null || !judged(event)) {
            return;
        }
        for (int i = 0; i < created.size(); i++) {
            Created identity = created.get(i);
            if (!identity.identity().equals(given.issuedTo())
                    || identity.time().plus(WINDOW).isBefore(context.now()) || identity.identity().equals(event.principal().name())) {
                continue;
            }
            String what = what(event, given);
            if (what == null) {
                continue;
            }
            Severity severity = event.credential().issuedCredentialId() == null ? Severity.HIGH : Severity.MEDIUM;
            if (identity.alerted() != null && identity.alerted().compareTo(severity) >= 0) {
                continue;
            }
            created.set(i, new Created(identity.identity(), identity.time(), identity.evidence(), severity));
            Evidence grant = context.evidence(event);
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("A way back in?", "yes: " + what + " for " + identity.identity() + ", which this credential created "
                    + Describe.between(identity.time(), context.now()) + " earlier");
            facts.put("Created by", event.principal().name() + " with " + event.credential().id() + " from " + grant.where());
            String title = event.principal().name() + " created " + identity.identity() + " and " + Describe.between(identity.time(),
                    context.now()) + " later gave it " + what + ", from " + grant.where();
            context.emit(new Signal(analytic, attack, event.time(), severity, event.principal().name(),
                    event.credential().id(), title, List.of(identity.evidence(), grant), facts));
        }
    }

    /** What was given, in words: an access key, a console password, an administrator policy; null for a policy of less. */
    private static String what(Event event, Credential.Issuance given) {
        if (event.credential().issuedCredentialId() != null) {
            return "an access key (" + event.credential().issuedCredentialId() + ")";
        }
        if (given.scopes().isEmpty()) {
            return "a console password";
        }
        for (String policy : given.scopes()) {
            if (ADMINISTRATOR.stream().anyMatch(policy::endsWith) || ALL_ACTIONS.matcher(policy).find()) {
                return "an administrator policy (" + (policy.startsWith("arn:") ? policy.substring(policy.lastIndexOf('/') + 1)
                        : "inline, allowing every action") + ")";
            }
        }
        return null;
    }
}
