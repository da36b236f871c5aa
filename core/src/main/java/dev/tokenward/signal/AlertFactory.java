package dev.tokenward.signal;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns signals into alerts: a deterministic id, the escalation tier and the containment steps of
 * the T1550.001 playbook for the kind of credential involved.
 */
public final class AlertFactory {

    public Alert alert(Signal signal) {
        return new Alert(id(signal), signal.time(), signal.analytic(), signal.attack(), signal.severity(),
                signal.principal(), signal.credential(), signal.title(), signal.evidence(), triage(signal));
    }

    /** A hash of what the alert is about and the records it rests on; never of file names or run time. */
    static String id(Signal signal) {
        List<String> parts = new ArrayList<>();
        parts.add(signal.analytic());
        parts.add(signal.principal());
        parts.add(signal.credential());
        parts.add(signal.time().toString());
        for (Evidence evidence : signal.evidence()) {
            parts.add(evidence.origin() != null && evidence.origin().recordId() != null
                    ? evidence.origin().recordId() : evidence.time() + " " + evidence.summary());
        }
        return idOf(parts);
    }

    /** The first 16 bytes of a SHA-256 over the parts (null parts included as such), in hex. */
    static String idOf(List<String> parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                update(digest, part);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", missing);
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update((text == null ? "\u0000" : text).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0x1f);
    }

    private static Triage triage(Signal signal) {
        int tier = signal.severity().compareTo(Severity.HIGH) >= 0 ? 2 : 1;
        return new Triage(tier, signal.facts(), containment(signal));
    }

    /** Revoke what was stolen, then make the owner prove who they are again. */
    private static List<String> containment(Signal signal) {
        List<String> steps = new ArrayList<>();
        String source = signal.evidence().isEmpty() ? "" : signal.evidence().get(signal.evidence().size() - 1).source();
        String credential = signal.credential();
        switch (source) {
            case "okta" -> {
                steps.add("Clear the user's Okta sessions and revoke their OAuth tokens: "
                        + "DELETE /api/v1/users/{userId}/sessions?oauthTokens=true");
                steps.add("Require re-authentication with a phishing-resistant factor (Okta FastPass or FIDO2) "
                        + "and review the user's enrolled factors for ones the attacker added");
            }
            case "entra" -> {
                steps.add("Revoke the user's refresh tokens and sessions: POST /users/{id}/revokeSignInSessions "
                        + "(Microsoft Graph) or Revoke-MgUserSignInSession");
                steps.add("Require MFA on next sign-in and review the user's authentication methods");
            }
            case "cloudtrail" -> {
                if (credential != null && credential.startsWith("ASIA")) {
                    steps.add("Revoke the role's active sessions issued before now (IAM console: Revoke active "
                            + "sessions; it attaches an AWSRevokeOlderSessions deny policy)");
                } else if (credential != null && credential.startsWith("AKIA")) {
                    steps.add("Deactivate access key " + credential + " (aws iam update-access-key --status Inactive)");
                }
                steps.add("Require MFA for the principal (an IAM policy denying actions when "
                        + "aws:MultiFactorAuthPresent is false) and reset its console password if it has one");
            }
            default -> steps.add("Revoke the credential and force the owner to re-authenticate with MFA");
        }
        steps.add("Review everything done with the credential since the first evidence for data access and persistence");
        return steps;
    }
}
