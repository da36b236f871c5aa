package dev.tokenward.event;

/** How the attempt an event records ended. */
public enum Outcome {
    SUCCESS,
    /** Refused: a wrong password, a denied factor, a call without permission. */
    FAILURE,
    /**
     * Neither granted nor refused: the flow stopped to ask for more (a second factor, consent, a
     * compliant device, a password change) and goes on in events of its own.
     */
    INTERRUPTED,
    UNKNOWN;

    /** Whether the attempt did not go through: refused or interrupted. */
    public boolean stopped() {
        return this == FAILURE || this == INTERRUPTED;
    }
}
