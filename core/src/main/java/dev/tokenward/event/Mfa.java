package dev.tokenward.event;

/** Whether multi-factor authentication stands behind a credential, as far as the source says. */
public enum Mfa {
    TRUE,
    FALSE,
    /**
     * Not yet known: the source logs a sign-in's second factor as an event of its own (Okta's
     * verifications), so the answer comes with the next events of the same sign-in flow, if at all.
     */
    PENDING,
    /** The source does not say, or cannot know (MFA done at another identity provider). */
    UNKNOWN;

    public static Mfa of(Boolean value) {
        return value == null ? UNKNOWN : value ? TRUE : FALSE;
    }
}
