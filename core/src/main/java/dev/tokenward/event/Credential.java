package dev.tokenward.event;

import java.time.Instant;

/**
 * The authentication material an event was made with. Ids are identifiers the source logs (session
 * ids, token ids, access-key ids), never secrets.
 *
 * @param kind               what sort of material
 * @param id                 the session, token or key id
 * @param parentId           the session or credential this one came from (Okta rootSessionId, ...)
 * @param issuedAt           when it was issued, where the source says
 * @param mfa                whether MFA stands behind it
 * @param issuedCredentialId for {@link EventKind#TOKEN_ISSUED}: the id of what was issued
 */
public record Credential(CredentialKind kind, String id, String parentId, Instant issuedAt, Mfa mfa,
                         String issuedCredentialId) {
    public Credential {
        kind = kind == null ? CredentialKind.UNKNOWN : kind;
        mfa = mfa == null ? Mfa.UNKNOWN : mfa;
    }

    /**
     * The id a session's whole lineage shares: the parent session where a source re-issues session
     * ids after sign-in (Okta's rootSessionId), otherwise the id itself.
     */
    public String lineageId() {
        return kind == CredentialKind.SESSION && parentId != null ? parentId : id;
    }
}
