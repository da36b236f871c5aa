package dev.tokenward.event;

/** What a log record says happened, in the vocabulary every analytic shares. */
public enum EventKind {
    /** A sign-in or other proof of identity (password, federation assertion, client secret). */
    AUTHENTICATION,
    /** A multi-factor challenge or verification. */
    MFA,
    SESSION_START,
    SESSION_END,
    /** A token or temporary credential was issued; {@link Credential#issuedCredentialId()} names it. */
    TOKEN_ISSUED,
    /** A token was obtained from an existing session or refresh token. */
    TOKEN_REFRESHED,
    TOKEN_REVOKED,
    /** An API call or web request made with a credential. */
    CREDENTIAL_USE,
    /** An identity was created (an IAM user, a directory user), named as the action's resource; an API call too. */
    ACCOUNT_CREATED,
    /** An OAuth application was granted access (user or admin consent). */
    CONSENT,
    CREDENTIAL_STORE_ACCESS,
    NETWORK_CONNECTION,
    OTHER
}
