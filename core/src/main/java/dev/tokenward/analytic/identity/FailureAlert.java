package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.identity.FailuresThenAccess.Attempt;
import dev.tokenward.event.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The signals failures-then-access raises, for a burst of failures against one principal, for a
 * spray from one network or client across many, and for tokens refused for many identities: their titles, facts, severity and evidence, kept
 * apart from the counting that decides them.
 */
final class FailureAlert {
    private FailureAlert() {
    }

    /** Failures against one principal, then its access: high when the access came from a network the failures came from. */
    static Signal burst(AnalyticSpec spec, Event event, List<Attempt> failures, Evidence access, Duration window, Instant now) {
        long mfa = failures.stream().filter(Attempt::mfa).count();
        boolean sameNetwork = failures.stream().anyMatch(f -> sameNetwork(f.evidence(), access));
        String what = mfa == failures.size() ? "MFA challenges refused or unanswered"
                : mfa == 0 ? "failed sign-ins" : "failed sign-ins and refused MFA challenges";
        String title = failures.size() + " " + what + " for " + event.principal().name() + " in "
                + Describe.between(failures.get(0).time(), failures.get(failures.size() - 1).time()) + ", then "
                + access.summary().split(" ")[0] + " " + event.outcome().name() + " from " + access.where();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Failed attempts before token use?", "yes: " + failures.size() + " " + what + " within "
                + window.toMinutes() + " min");
        facts.put("Failures from", distinct(failures.stream().map(f -> f.evidence().where()).toList()));
        facts.put("Access from", access.where() + (sameNetwork ? ", a network the failures came from" : ""));
        return signal(spec, event, failures, access, title, facts, sameNetwork ? Severity.HIGH : Severity.MEDIUM, now);
    }

    /**
     * Failures for the {@code failed} principals from one network ({@code network}) or, when it is
     * null, with one client, then a sign-in of another; {@code succeeded} counts the sign-ins from there.
     */
    static Signal spray(AnalyticSpec spec, Event event, List<Attempt> failures, Set<String> failed, long succeeded, Evidence access,
                        String network, Duration window, Instant now) {
        boolean byClient = network == null;
        String title = "Password spray " + (byClient ? "with " + (access.client() != null ? access.client() : "one client") + " from "
                + distinct(failures.stream().map(f -> f.evidence().ip()).toList()) + " and " + access.ip() : "from " + access.where())
                + ": " + failed.size() + " accounts failed in "
                + Describe.between(failures.get(0).time(), failures.get(failures.size() - 1).time()) + ", then " + event.principal().name()
                + " signed in";
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Failed attempts before token use?", "yes: " + failures.size() + " failures for " + failed.size()
                + " accounts " + (byClient ? "with the same client" : "from " + network) + " within "
                + window.toMinutes() + " min");
        facts.put("Many accounts hit the same way?", "yes: " + String.join(", ", failed.stream().limit(10).toList())
                + (failed.size() > 10 ? " and " + (failed.size() - 10) + " more" : ""));
        facts.put("Successful sign-ins " + (byClient ? "with that client" : "from that network") + " in the window", Long.toString(succeeded));
        return signal(spec, event, failures, access, title, facts, Severity.HIGH, now);
    }

    /**
     * Tokens refused for the {@code refused} identities, asked by the alert's principal or, when
     * {@code network} is given, from that network by callers the source leaves out; then a token
     * granted for another. {@code granted} counts the identities granted in the window.
     */
    static Signal sweep(AnalyticSpec spec, Event event, List<Attempt> refusals, Set<String> refused, int granted, Evidence access,
                        String network, Duration window, Instant now) {
        String from = network == null ? "" : " from " + network + " (the source leaves the refused caller out)";
        String span = Describe.between(refusals.get(0).time(), refusals.get(refusals.size() - 1).time());
        String grant = event.principal().name() + " was granted one for " + event.action().resource() + " from " + access.where();
        String title = network == null
                ? event.principal().name() + " was refused tokens for " + refused.size() + " identities in " + span + ", then granted one for "
                        + event.action().resource() + " from " + access.where()
                : "Tokens for " + refused.size() + " identities refused to callers at "
                        + distinct(refusals.stream().map(f -> f.evidence().ip()).toList()) + " in " + span + ", then " + grant;
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Failed attempts before token use?", "yes: " + refusals.size() + " token requests refused" + from + " within "
                + window.toMinutes() + " min");
        facts.put("Many accounts hit the same way?", "yes: tokens asked for " + refused.size() + " identities: "
                + String.join(", ", refused.stream().limit(10).toList()) + (refused.size() > 10 ? " and " + (refused.size() - 10) + " more" : ""));
        facts.put("Identities granted in the window", Integer.toString(granted));
        return signal(spec, event, refusals, access, title, facts, Severity.HIGH, now);
    }

    /** The first and last failures and the access as evidence. */
    private static Signal signal(AnalyticSpec spec, Event event, List<Attempt> failures, Evidence access, String title,
                                 Map<String, String> facts, Severity severity, Instant now) {
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(failures.get(0).evidence());
        if (failures.size() > 1) {
            evidence.add(failures.get(failures.size() - 1).evidence());
        }
        evidence.add(access);
        String credential = event.credential() == null ? null : event.credential().id();
        return new Signal(spec.id(), spec.attack(), now, severity, event.principal().name(), credential, title, evidence, facts);
    }

    private static boolean sameNetwork(Evidence a, Evidence b) {
        return a.ip() != null && b.ip() != null && (a.ip().equals(b.ip()) || a.asn() != null && a.asn().equals(b.asn()));
    }

    private static String distinct(List<String> values) {
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(values));
        return String.join("; ", unique.subList(0, Math.min(3, unique.size())))
                + (unique.size() > 3 ? String.format(Locale.ROOT, " and %d more", unique.size() - 3) : "");
    }
}
