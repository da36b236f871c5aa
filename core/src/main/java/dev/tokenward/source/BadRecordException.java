package dev.tokenward.source;

/** A record that cannot become an event; its message is the quarantine reason. */
public final class BadRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadRecordException(String reason) {
        super(reason, null, false, false);
    }
}
