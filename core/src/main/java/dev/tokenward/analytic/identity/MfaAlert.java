package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.identity.MfaNotSatisfied.Pending;
import dev.tokenward.event.Event;
import dev.tokenward.event.Risk;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The signals mfa-not-satisfied raises, for a sign-in the source reports without MFA and for one
 * whose verification never followed: their titles, facts and severity, kept apart from the tracking
 * of sign-in flows.
 */
final class MfaAlert {
    private MfaAlert() {
    }

    /** A session start of {@code principal} with no MFA verification logged within {@code mfaWindow}. */
    static Signal unverified(AnalyticSpec spec, Pending pending, String principal, Duration mfaWindow) {
        Evidence evidence = pending.evidence();
        String title = String.format(Locale.ROOT, "%s without MFA by %s from %s", signIn(pending.provider(), false, pending.app()),
                principal, evidence.ip());
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Was MFA used?", "no MFA verification was logged in the sign-in flow within "
                + mfaWindow.toMinutes() + " min of the session start");
        facts.put("Where from", evidence.where());
        return new Signal(spec.id(), spec.attack(), evidence.time(), Severity.MEDIUM, principal, null, title,
                List.of(evidence), facts);
    }

    /** A sign-in the source reports without MFA; high for root or the source's own high risk. */
    static Signal withoutMfa(AnalyticSpec spec, Event event, Evidence evidence, String app, Instant now) {
        String provider = event.credential().issuance().provider();
        boolean root = event.principal().root();
        Severity severity = root || event.risk() == Risk.HIGH ? Severity.HIGH : Severity.MEDIUM;
        String title = String.format(Locale.ROOT, "%s without MFA by %s from %s", signIn(provider, root, app),
                event.principal().name(), evidence.ip() != null ? evidence.ip() : "an unknown address");
        Map<String, String> facts = new LinkedHashMap<>();
        String detail = event.credential().issuance().mfaDetail();
        facts.put("Was MFA used?", "no: " + (detail != null ? detail : "the source reports no MFA"));
        facts.put("Where from", evidence.where());
        if (app != null) {
            facts.put("Application", app);
        }
        return new Signal(spec.id(), spec.attack(), now, severity, event.principal().name(),
                event.credential().id(), title, List.of(evidence), facts);
    }

    /** "Okta Dashboard sign-in", "AWS Management Console root sign-in", "Microsoft Entra ID sign-in to Outlook". */
    private static String signIn(String provider, boolean root, String app) {
        String what = root ? "root sign-in" : "sign-in";
        if (app != null && provider != null && app.startsWith(provider)) {
            return app + " " + what;
        }
        return (provider == null ? "" : provider + " ") + what + (app == null ? "" : " to " + app);
    }
}
