package dev.tokenward.analytic.baseline;

import java.time.Duration;

/**
 * How the shared baselines learn and forget, from the configuration's {@code baseline} section.
 *
 * <pre>
 * baseline:
 *   learningPeriod: 14d     # a principal's "new X" facts do not alert by themselves before this much history
 *   learningSignIns: 10     # ... nor before this many sign-ins (whichever comes later)
 *   forgetAfter: 90d        # a fact not seen for this long is dropped, and a principal not seen at all
 *   organisation:           # the organisation's own networks, learnt from MFA sign-ins
 *     minPrincipals: 5      # distinct principals a prefix needs at least (a quarter, three at least, in a smaller company)...
 *     minShare: 0.10        # ...and at least this share of all principals signing in with MFA
 *     minDays: 3            # days it must have been signed in from
 *     maxFailureShare: 0.20 # more failed sign-ins than this share of its attempts, by minPrincipals people or more, disqualifies it
 *     maxAlertedShare: 0.30 # high alerts from more than this share of its principals: not trusted
 * </pre>
 *
 * @param learningPeriod  history a principal needs before its profile has settled
 * @param learningSignIns sign-ins a principal needs before its profile has settled
 * @param forgetAfter     how long an unseen fact, principal or credential is remembered
 * @param organisation    how the organisation's own networks are learnt
 */
public record BaselineSettings(Duration learningPeriod, Integer learningSignIns, Duration forgetAfter,
                               OrganisationNetworks.Settings organisation) {
    public static final BaselineSettings DEFAULTS = new BaselineSettings(Duration.ofDays(14), 10, Duration.ofDays(90),
            OrganisationNetworks.Settings.DEFAULTS);

    public BaselineSettings(Duration learningPeriod, Integer learningSignIns, Duration forgetAfter) {
        this(learningPeriod, learningSignIns, forgetAfter, OrganisationNetworks.Settings.DEFAULTS);
    }

    public BaselineSettings {
        organisation = organisation == null ? OrganisationNetworks.Settings.DEFAULTS : organisation;
        learningPeriod = learningPeriod == null ? Duration.ofDays(14) : learningPeriod;
        learningSignIns = learningSignIns == null ? 10 : learningSignIns;
        forgetAfter = forgetAfter == null ? Duration.ofDays(90) : forgetAfter;
        if (learningPeriod.isNegative() || learningSignIns < 0 || forgetAfter.isNegative() || forgetAfter.isZero()) {
            throw new IllegalArgumentException("learningPeriod and learningSignIns must not be negative, forgetAfter must be positive");
        }
    }
}
