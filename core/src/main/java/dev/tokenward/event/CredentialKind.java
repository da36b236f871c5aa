package dev.tokenward.event;

public enum CredentialKind {
    PASSWORD,
    SESSION,
    ACCESS_TOKEN,
    REFRESH_TOKEN,
    /** A long-lived key: AWS access key (AKIA...), API token, client secret. */
    API_KEY,
    /** Short-lived cloud credentials (AWS ASIA... keys from STS). */
    TEMPORARY_KEY,
    /** Credentials obtained with STS GetFederationToken. */
    FEDERATION_TOKEN,
    /** A federation assertion (SAML, OIDC web identity). */
    ASSERTION,
    CERTIFICATE,
    UNKNOWN
}
