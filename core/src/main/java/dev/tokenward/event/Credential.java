package dev.tokenward.event;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The authentication material an event was made with. Ids are identifiers the source logs (session
 * ids, token ids, access-key ids), never secrets. Besides what the material is, it carries what the
 * source knows of its issuance, normalised by the mappers so that analytics judge any source alike.
 *
 * @param kind               what sort of material
 * @param id                 the session, token or key id
 * @param parentId           the session or credential this one came from (Okta rootSessionId, ...)
 * @param issuedAt           when it was issued, where the source says
 * @param mfa                whether MFA stands behind it
 * @param issuedCredentialId for an event that issues a credential (a token issued, an access key created): its id
 * @param issuance           what the source says of how this credential came to be; never null
 * @param issued             for an event that issues or grants something (a token, a key, a password, a consent):
 *                           what the source says of that; {@link Issuance#NONE} otherwise, never null
 */
public record Credential(CredentialKind kind, String id, String parentId, Instant issuedAt, Mfa mfa,
                         String issuedCredentialId, @JsonIgnore Issuance issuance, @JsonIgnore Issuance issued) {
    public Credential {
        kind = kind == null ? CredentialKind.UNKNOWN : kind;
        mfa = mfa == null ? Mfa.UNKNOWN : mfa;
        issuance = issuance == null ? Issuance.NONE : issuance;
        issued = issued == null ? Issuance.NONE : issued;
    }

    /** The issuance for JSON: left out when the source said nothing of it. */
    @JsonProperty("issuance")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    Issuance issuanceIfAny() {
        return issuance == Issuance.NONE ? null : issuance;
    }

    /** What the event issues, for JSON: left out when it issues nothing. */
    @JsonProperty("issues")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    Issuance issuedIfAny() {
        return issued == Issuance.NONE ? null : issued;
    }

    public Credential(CredentialKind kind, String id, String parentId, Instant issuedAt, Mfa mfa, String issuedCredentialId) {
        this(kind, id, parentId, issuedAt, mfa, issuedCredentialId, Issuance.NONE, Issuance.NONE);
    }

    /** How the credential is issued, as its source tells it (all optional). */
    public enum Delivery {
        /** An instance's role credentials from the metadata service, version 1 (no session token needed to read them). */
        INSTANCE_METADATA_V1,
        /** The same through IMDSv2. */
        INSTANCE_METADATA_V2,
        /** An instance's role credentials, the metadata service version not logged. */
        INSTANCE_METADATA,
        /** Exchanged for a workload's OIDC token (a CI job, a Kubernetes service account). */
        WEB_IDENTITY
    }

    /**
     * @param provider       the system that issues such credentials, in words for people ("Okta", "AWS", "Microsoft Entra ID")
     * @param issuing        this event is the issuance of the credential it carries (a session's sign-in, an MFA
     *                       completing it)
     * @param issuanceLogged whether the issuing event of such a credential appears in this source's logs at all (AWS
     *                       console-session keys and IAM Identity Center role credentials are issued out of sight)
     * @param lifetime       the longest such a credential lives, by its issuer's rules; null when unknown
     * @param issuerTenant   the tenant or account that issued it (a role's account for cross-account sessions)
     * @param scopes         what it (a grant, a token) allows: OAuth scopes, an STS request's or an IAM attachment's policy
     *                       ARNs and inline policy
     * @param tenantWide     a grant for every user of the tenant (an administrator's consent)
     * @param delivery       how a workload's credential reached it
     * @param workload       the workload it was delivered to (an EC2 instance id), where the source says
     * @param issuedTo       the principal it acts as, or is granted to (an issued credential's)
     * @param issuedExpires  when it stops working, where the source says
     * @param mfaDetail      what the source said about MFA, in words, for the analyst
     * @param kind           for an issued credential, its kind where the issuing call says (a federation token, an access key)
     */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record Issuance(String provider, boolean issuing, boolean issuanceLogged,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) Duration lifetime, String issuerTenant,
                           List<String> scopes, boolean tenantWide, Delivery delivery, String workload, String issuedTo,
                           Instant issuedExpires, String mfaDetail, CredentialKind kind) {
        public static final Issuance NONE = new Issuance(null, false, false, null, null, List.of(), false, null, null, null, null, null,
                null);

        public Issuance {
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }

        /** The provider's issuance facts, nothing else known yet. */
        public static Issuance by(String provider, boolean issuanceLogged, Duration lifetime) {
            return new Issuance(provider, false, issuanceLogged, lifetime, null, List.of(), false, null, null, null, null, null, null);
        }

        public Issuance issuing(boolean value) {
            return new Issuance(provider, value, issuanceLogged, lifetime, issuerTenant, scopes, tenantWide, delivery, workload,
                    issuedTo, issuedExpires, mfaDetail, kind);
        }

        public Issuance issuedBy(String tenant) {
            return new Issuance(provider, issuing, issuanceLogged, lifetime, tenant, scopes, tenantWide, delivery, workload,
                    issuedTo, issuedExpires, mfaDetail, kind);
        }

        public Issuance granting(List<String> granted, boolean forEveryone) {
            return new Issuance(provider, issuing, issuanceLogged, lifetime, issuerTenant, granted, forEveryone, delivery, workload,
                    issuedTo, issuedExpires, mfaDetail, kind);
        }

        public Issuance deliveredTo(String instance) {
            return new Issuance(provider, issuing, issuanceLogged, lifetime, issuerTenant, scopes, tenantWide, delivery, instance,
                    issuedTo, issuedExpires, mfaDetail, kind);
        }

        public Issuance delivered(Delivery how) {
            return new Issuance(provider, issuing, issuanceLogged, lifetime, issuerTenant, scopes, tenantWide, how, workload,
                    issuedTo, issuedExpires, mfaDetail, kind);
        }

        public Issuance issuedTo(String principal, Instant expires) {
            return new Issuance(provider, issuing, issuanceLogged, lifetime, issuerTenant, scopes, tenantWide, delivery, workload,
                    principal, expires, mfaDetail, kind);
        }

        /** The same, saying what kind of credential the call issued. */
        public Issuance ofKind(CredentialKind issuedKind) {
            return new Issuance(provider, issuing, issuanceLogged, lifetime, issuerTenant, scopes, tenantWide, delivery, workload,
                    issuedTo, issuedExpires, mfaDetail, issuedKind);
        }

        public Issuance mfaDetail(String words) {
            return new Issuance(provider, issuing, issuanceLogged, lifetime, issuerTenant, scopes, tenantWide, delivery, workload,
                    issuedTo, issuedExpires, words, kind);
        }
    }

    /**
     * The id of an OAuth grant where the source logs no token id (Google Workspace, Auth0): the
     * user and the client it was granted to, so that the grant and the client's uses of it are one
     * credential. Null when either is unknown.
     */
    public static String grantId(String user, String client) {
        return user == null || client == null ? null : user + "|" + client;
    }

    /**
     * The id a session's whole lineage shares: the parent session where a source re-issues session
     * ids after sign-in (Okta's rootSessionId), otherwise the id itself.
     */
    public String lineageId() {
        return kind == CredentialKind.SESSION && parentId != null ? parentId : id;
    }
}
