package dev.tokenward.signal;

/**
 * How many alerts of one analytic are written one by one, from the configuration's {@code alerts}
 * section. A replayed key sprayed across a tenant, or a tool minting a credential per call, can
 * raise an alert per event; past the limit, the rest of that hour's alerts of the analytic become
 * one summary alert with their count and the principals and credentials they named.
 *
 * <pre>
 * alerts:
 *   maxPerHour: 50      # alerts of one analytic in one hour of event time, before the rest are summarised
 *   listed: 20          # principals and credentials a summary names
 * </pre>
 *
 * @param maxPerHour alerts of one analytic written in one (UTC) hour of event time
 * @param listed     principals and credentials listed by a summary
 */
public record AlertLimits(Integer maxPerHour, Integer listed) {
    public static final AlertLimits DEFAULTS = new AlertLimits(null, null);

    public AlertLimits {
        maxPerHour = maxPerHour == null ? 50 : maxPerHour;
        listed = listed == null ? 20 : listed;
        dev.tokenward.event.Checks.require(maxPerHour >= 1, "maxPerHour must be at least 1, not %s", maxPerHour);
        dev.tokenward.event.Checks.require(listed >= 1 && listed <= 1000, "listed must be between 1 and 1000, not %s", listed);
    }
}
