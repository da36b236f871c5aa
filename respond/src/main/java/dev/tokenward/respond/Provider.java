package dev.tokenward.respond;

import dev.tokenward.signal.Triage;

import java.time.Instant;

/** A provider's API, carrying out the containment actions it knows. */
interface Provider {
    /** Whether this provider carries out {@code action}. */
    boolean handles(String action);

    /** The request it would make, in words, without making it. */
    String describe(Triage.Action action, Instant cutoff);

    /** Makes the request; never throws for an answer the provider gives, only says it failed. */
    Outcome execute(Triage.Action action, Instant cutoff);
}
