package dev.tokenward.signal;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.baseline.Facet;
import dev.tokenward.analytic.baseline.Profile;
import dev.tokenward.analytic.baseline.Seen;
import dev.tokenward.analytic.identity.FederationTokenAbuse;
import dev.tokenward.analytic.identity.MassApiAccess;
import dev.tokenward.analytic.identity.NewCredentialUnusualApi;
import dev.tokenward.analytic.identity.OauthConsentThenUse;
import dev.tokenward.event.Action;
import dev.tokenward.event.NetworkClass;
import dev.tokenward.signal.PlaybookMemory.Attempt;
import dev.tokenward.signal.PlaybookMemory.CredentialFacts;
import dev.tokenward.signal.Triage.Finding;
import dev.tokenward.signal.Triage.Question;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The first-line steps of the T1550.001 playbook, done for every alert: the three questions
 * answered from the evidence, the person's and credential's surroundings looked up, the Tier 2
 * decision explained, the scope prepared and containment planned.
 */
final class Playbook {
    static final String PLACE = "Was the token used from an unfamiliar address or place?";
    static final String BEFORE = "Were there failed attempts or unusual patterns before the access?";
    static final String API = "Does the API use match malicious patterns (enumeration, mass extraction, privilege changes)?";

    /** Analytics whose finding is itself API use inconsistent with the principal's profile. */
    private static final Set<String> API_ANALYTICS = Set.of(NewCredentialUnusualApi.ID, MassApiAccess.ID, FederationTokenAbuse.ID);
    private static final String CONSENT_ANALYTIC = OauthConsentThenUse.ID;
    private static final Set<NetworkClass> RISKY = EnumSet.of(NetworkClass.HOSTING, NetworkClass.VPN, NetworkClass.PRIVACY_RELAY);
    /** A place or network the principal showed this long before the decisive event is theirs, not the attack's. */
    private static final Duration FAMILIAR_BEFORE = Duration.ofHours(12);
    private static final int SHOWN = 6;

    private final PlaybookMemory memory;

    Playbook(PlaybookMemory memory) {
        this.memory = memory;
    }

    Triage triage(Signal signal, Map<String, String> facts, Profile profile) {
        Evidence decisive = signal.decisive();
        Instant at = decisive == null ? signal.time() : decisive.time();
        CredentialFacts credential = memory.credential(signal.credential() != null ? signal.credential()
                : decisive == null ? null : decisive.credential());
        List<Attempt> attempts = memory.attemptsBefore(signal.principal(), at);
        List<PlaybookMemory.Consent> consents = memory.consentsBefore(signal.principal(), at);
        List<PlaybookMemory.Actor> others = decisive == null ? List.of()
                : memory.othersFrom(decisive.ip(), signal.principal(), at.minus(PlaybookMemory.ATTEMPTS_BEFORE), at.plus(Duration.ofHours(1)));
        List<String> sprayed = others.stream().filter(PlaybookMemory.Actor::failedOnly).map(PlaybookMemory.Actor::principal).toList();

        Question place = place(decisive, profile, at);
        Question before = before(attempts, sprayed);
        Question api = api(credential);
        List<String> escalation = escalation(signal, decisive, place, before, api, sprayed, credential, consents);
        int tier = escalation.isEmpty() ? 1 : 2;
        if (escalation.isEmpty()) {
            escalation = List.of("Tier 1: a familiar place, no failed attempts, no API use beyond the profile, no new application, one account");
        }
        Triage.Plan plan = Containment.plan(signal.analytic(), signal.principal(), signal.credential(), credential,
                decisive == null ? null : decisive.issuer());
        return new Triage(tier, escalation, List.of(place, before, api), lookups(attempts, consents, profile, at),
                tier == 2 ? scope(others, credential) : List.of(), memory.lineage(signal.credential()), sprayed, facts, plan.steps(),
                plan.staysValid(), plan.disrupts(), plan.actions());
    }

    private static Question place(Evidence decisive, Profile profile, Instant at) {
        if (decisive == null || decisive.ip() == null) {
            return new Question(PLACE, Finding.UNKNOWN, "The evidence carries no address");
        }
        String where = decisive.where();
        if (decisive.zone() != null) {
            return new Question(PLACE, Finding.NO, where + " is the organisation's network " + decisive.zone());
        }
        List<String> unfamiliar = new ArrayList<>();
        if (decisive.networkClass() != null && RISKY.contains(decisive.networkClass())) {
            unfamiliar.add("a " + Evidence.label(decisive.networkClass()) + " address");
        }
        boolean history = profile != null && familiar(profile.firstSeen, at);
        if (!history && unfamiliar.isEmpty()) {
            return new Question(PLACE, Finding.UNKNOWN, where + ": no history of the principal before to compare with");
        }
        if (history) {
            String country = decisive.place() == null ? null : decisive.place().substring(decisive.place().lastIndexOf(", ") + 2);
            if (country != null && !familiar(profile.seen(Facet.COUNTRY, country), at)) {
                unfamiliar.add("country " + country + " new for the principal");
            }
            if (decisive.asn() != null && !familiar(profile.seen(Facet.ASN, decisive.owner()), at)) {
                unfamiliar.add(decisive.owner() + " new for the principal");
            }
        }
        return unfamiliar.isEmpty()
                ? new Question(PLACE, Finding.NO, where + ": a country and network the principal used before")
                : new Question(PLACE, Finding.YES, where + ": " + String.join("; ", unfamiliar));
    }

    private static boolean familiar(Seen seen, Instant at) {
        return seen != null && familiar(seen.first(), at);
    }

    private static boolean familiar(Instant first, Instant at) {
        return first != null && first.isBefore(at.minus(FAMILIAR_BEFORE));
    }

    private static Question before(List<Attempt> attempts, List<String> sprayed) {
        List<String> found = new ArrayList<>();
        if (!attempts.isEmpty()) {
            Map<String, Long> kinds = attempts.stream().collect(Collectors.groupingBy(Attempt::what, java.util.LinkedHashMap::new,
                    Collectors.counting()));
            Set<String> from = attempts.stream().map(Attempt::ip).filter(java.util.Objects::nonNull)
                    .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
            found.add(attempts.size() + " in the 24 hours before (" + kinds.entrySet().stream()
                    .map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", ")) + ") from "
                    + shown(from) + ", " + attempts.get(0).time() + " to " + attempts.get(attempts.size() - 1).time()
                    + pattern(kinds));
        }
        if (!sprayed.isEmpty()) {
            found.add(sprayed.size() + " other account" + (sprayed.size() == 1 ? "" : "s") + " failed to sign in from the same address: "
                    + shown(sprayed));
        }
        return found.isEmpty() ? new Question(BEFORE, Finding.NO, "No failed sign-ins or MFA refusals in the 24 hours before")
                : new Question(BEFORE, Finding.YES, String.join("; ", found));
    }

    /** Names the pattern a run of failures shows: guessing passwords, or pushing MFA until someone gives in. */
    private static String pattern(Map<String, Long> kinds) {
        long mfa = kinds.getOrDefault("MFA refused or not completed", 0L);
        long passwords = kinds.values().stream().mapToLong(Long::longValue).sum() - mfa;
        return mfa >= 3 ? ": MFA fatigue" : passwords >= 5 ? ": password guessing" : "";
    }

    private static Question api(CredentialFacts credential) {
        if (credential == null || credential.tactics().isEmpty()) {
            return new Question(API, credential == null ? Finding.UNKNOWN : Finding.NO,
                    credential == null ? "No API calls by the credential in the logs" : "None of its API calls enumerate, extract or change privileges");
        }
        List<String> found = new ArrayList<>();
        credential.tactics().forEach((tactic, count) -> found.add(Evidence.label(tactic) + " ×" + count + " ("
                + shown(credential.examples(tactic)) + ")"));
        return new Question(API, Finding.YES, String.join("; ", found));
    }

    /**
     * The playbook's Tier 2 conditions that hold: an unfamiliar address, place or attack
     * infrastructure; failed attempts before the access; API use beyond the profile (enumeration
     * in bulk, privilege changes, a federation token); a newly authorised OAuth application;
     * several accounts hit; the account's root user.
     */
    private List<String> escalation(Signal signal, Evidence decisive, Question place, Question before, Question api,
                                    List<String> sprayed, CredentialFacts credential, List<PlaybookMemory.Consent> consents) {
        List<String> reasons = new ArrayList<>();
        String infrastructure = decisive == null ? null : decisive.attackInfrastructure();
        if (place.finding() == Finding.YES) {
            reasons.add("Unfamiliar address or place: " + place.answer());
        } else if (infrastructure != null) {
            reasons.add("Attack infrastructure: " + infrastructure);
        }
        if (before.finding() == Finding.YES) {
            reasons.add("Failed attempts before the access: " + before.answer());
        }
        boolean changes = credential != null && (credential.tactics().containsKey(Action.Tactic.PRIVILEGE_ESCALATION)
                || credential.tactics().containsKey(Action.Tactic.PERSISTENCE) || credential.tactics().containsKey(Action.Tactic.DEFENSE_EVASION)
                || credential.tactics().containsKey(Action.Tactic.CREDENTIAL_ACCESS));
        if (API_ANALYTICS.contains(signal.analytic()) || changes) {
            reasons.add("API use inconsistent with the profile: " + (changes ? api.answer() : signal.title()));
        }
        if (CONSENT_ANALYTIC.equals(signal.analytic()) || !consents.isEmpty()) {
            reasons.add("A newly authorised OAuth application: " + (CONSENT_ANALYTIC.equals(signal.analytic()) ? signal.title()
                    : consents.get(0).app()));
        }
        if (!sprayed.isEmpty()) {
            reasons.add("Several accounts affected: " + shown(sprayed) + " failed from the same address");
        }
        if (credential != null && credential.root() || memory.root(signal.principal())) {
            reasons.add("The account's root user: no policy restricts it");
        }
        return reasons;
    }

    private static List<String> lookups(List<Attempt> attempts, List<PlaybookMemory.Consent> consents, Profile profile, Instant at) {
        List<String> lookups = new ArrayList<>();
        lookups.add("Sign-in attempts in the 24 hours before: " + (attempts.isEmpty() ? "none failed"
                : attempts.stream().map(a -> a.time() + " " + a.what() + (a.ip() == null ? "" : " from " + a.ip()))
                .limit(SHOWN).collect(Collectors.joining("; ")) + (attempts.size() > SHOWN ? "; …" : "")));
        lookups.add("Applications authorised in the 30 days before: " + (consents.isEmpty() ? "none"
                : consents.stream().map(c -> c.time() + " " + c.app() + (c.scopes().isEmpty() ? "" : " (" + String.join(" ", c.scopes()) + ")"))
                .collect(Collectors.joining("; "))));
        lookups.add("Usual pattern before: " + (profile == null ? "no history of the principal" : usual(profile, at.minus(FAMILIAR_BEFORE))));
        return lookups;
    }

    /** The principal's most frequent countries, networks, clients and hours, by days seen, of those shown before {@code before}. */
    private static String usual(Profile profile, Instant before) {
        List<String> parts = new ArrayList<>();
        parts.add(profile.describe());
        for (Facet facet : List.of(Facet.COUNTRY, Facet.ASN, Facet.CLIENT, Facet.DEVICE)) {
            String top = top(profile.values(facet), before);
            if (!top.isEmpty()) {
                parts.add(facet.name().toLowerCase(java.util.Locale.ROOT) + " " + top);
            }
        }
        List<String> hours = profile.values(Facet.HOUR).entrySet().stream().filter(e -> e.getValue().firstBefore(before))
                .sorted(Map.Entry.<String, Seen>comparingByValue(Comparator.comparingInt(s -> -s.days)).thenComparing(Map.Entry.comparingByKey()))
                .limit(8).map(Map.Entry::getKey).sorted().toList();
        if (!hours.isEmpty()) {
            parts.add("hours (UTC) " + String.join(" ", hours));
        }
        return String.join("; ", parts);
    }

    private static String top(Map<String, Seen> values, Instant before) {
        return values.entrySet().stream().filter(e -> e.getValue().firstBefore(before))
                .sorted(Map.Entry.<String, Seen>comparingByValue(Comparator.comparingInt(s -> -s.days)).thenComparing(Map.Entry.comparingByKey()))
                .limit(3).map(e -> e.getKey() + " (" + e.getValue().days + (e.getValue().days == 1 ? " day)" : " days)"))
                .collect(Collectors.joining(", "));
    }

    private static List<String> scope(List<PlaybookMemory.Actor> others, CredentialFacts credential) {
        List<String> scope = new ArrayList<>();
        if (!others.isEmpty()) {
            scope.add("Other accounts and credentials active from the same address in the day before: "
                    + shown(others.stream().map(a -> a.principal() + (a.credentials().isEmpty() ? "" : " (" + String.join(", ", a.credentials())
                    + ")")).toList()));
        }
        if (credential != null) {
            Set<String> changes = new java.util.LinkedHashSet<>();
            changes.addAll(credential.examples(Action.Tactic.PRIVILEGE_ESCALATION));
            changes.addAll(credential.examples(Action.Tactic.PERSISTENCE));
            if (!changes.isEmpty()) {
                scope.add("Privilege changes and persistence attempted with the credential: " + shown(changes));
            }
            if (!credential.minted().isEmpty()) {
                scope.add("Credentials minted from it (follow the lineage): " + shown(credential.minted()));
            }
            if (credential.parentPrincipal() != null) {
                scope.add("It derives from " + credential.parentPrincipal() + ": check that identity's other sessions");
            }
        }
        if (scope.isEmpty()) {
            scope.add("No other account, privilege change or derived credential found in the logs");
        }
        return scope;
    }

    private static String shown(java.util.Collection<String> values) {
        return values.stream().limit(SHOWN).collect(Collectors.joining(", ")) + (values.size() > SHOWN ? ", … (" + values.size() + ")" : "");
    }
}
