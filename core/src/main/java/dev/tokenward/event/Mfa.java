package dev.tokenward.event;

/** Whether multi-factor authentication stands behind a credential, as far as the source says. */
public enum Mfa {
    TRUE,
    FALSE,
    UNKNOWN;

    public static Mfa of(Boolean value) {
        return value == null ? UNKNOWN : value ? TRUE : FALSE;
    }
}
