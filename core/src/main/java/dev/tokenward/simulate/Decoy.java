package dev.tokenward.simulate;

import dev.tokenward.evaluate.Storyline;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One instance of a benign hard case, as the truth file records it: observed from the records it
 * causes rather than planned, so that its window runs from the first such record to the last and
 * its principals and credentials are the ones those records carry. A false alert on it can then be
 * put down to the class that caused it.
 */
final class Decoy {
    /** Enough credentials to attribute alerts by; a long-running case names its principals as well. */
    private static final int CREDENTIALS = 48;

    final String id;
    final HardCases.Case kind;
    final String variant;
    private final Set<String> principals = new LinkedHashSet<>();
    private final Set<String> credentials = new LinkedHashSet<>();
    private Instant first;
    private Instant last;

    Decoy(String id, HardCases.Case kind, String variant) {
        this.id = id;
        this.kind = kind;
        this.variant = variant;
    }

    /** A record of the case: its time, the principal it names and the credential it uses (either may be null). */
    void saw(Instant time, String principal, String credential) {
        first = first == null || time.isBefore(first) ? time : first;
        last = last == null || time.isAfter(last) ? time : last;
        if (principal != null) {
            principals.add(principal);
        }
        if (credential != null && credentials.size() < CREDENTIALS) {
            credentials.add(credential);
        }
    }

    /** A principal the case involves though its records may not name it (the person behind an id). */
    void involves(String principal) {
        principals.add(principal);
    }

    /** A credential the case uses though its records may carry it elsewhere than as the credential (an app's client id). */
    void uses(String credential) {
        credentials.add(credential);
    }

    boolean seen() {
        return first != null;
    }

    /** The truth line, or null when nothing of the case reached the logs. */
    Storyline storyline() {
        if (first == null) {
            return null;
        }
        return new Storyline(id, kind.id, variant, List.copyOf(principals), List.copyOf(credentials), List.of(), first, last,
                List.of(), List.of(), true);
    }
}
