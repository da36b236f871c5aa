package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.identity.MfaNotSatisfied.Settings;
import dev.tokenward.event.Event;
import dev.tokenward.event.IpAddress;
import dev.tokenward.event.IpRange;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What mfa-not-satisfied's settings allow to sign in without MFA (principals by glob, applications by
 * id or name, networks by CIDR block), compiled once and kept apart so that the policy reads in one place.
 */
final class MfaPolicy {
    private final List<Pattern> exemptPrincipals;
    private final List<String> exemptApps;
    private final List<IpRange> exemptNetworks;

    MfaPolicy(Settings settings) {
        this.exemptPrincipals = settings.exemptPrincipals().stream().map(dev.tokenward.event.Globs::pattern).toList();
        this.exemptApps = settings.exemptApps();
        this.exemptNetworks = settings.exemptNetworks().stream().map(c -> IpRange.parse(c).orElseThrow()).toList();
    }

    /** Whether the sign-in's principal, application or network is exempt. */
    boolean exempt(Event event) {
        String name = event.principal().name();
        if (exemptPrincipals.stream().anyMatch(p -> p.matcher(name).matches())) {
            return true;
        }
        String app = app(event);
        if (app != null && exemptApps.stream().anyMatch(a -> a.equalsIgnoreCase(app)
                || a.equalsIgnoreCase(event.client().app()))) {
            return true;
        }
        IpAddress ip = event.client().ip();
        return ip != null && exemptNetworks.stream().anyMatch(r -> r.contains(ip));
    }

    /** The application signed in to: its name, else its client id. */
    static String app(Event event) {
        return event.client().appName() != null ? event.client().appName() : event.client().app();
    }
}
