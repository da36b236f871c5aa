package dev.tokenward.signal;

import dev.tokenward.analytic.Shared;
import dev.tokenward.event.Action;
import dev.tokenward.event.Credential;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the first-line steps of the T1550.001 playbook look up around an alert, remembered from
 * every event as it passes (event time only): each person's recent failed sign-ins and MFA
 * refusals and the applications they authorised; each credential's kind, where it came from, what
 * it did (API calls by tactic), the applications it opened and what it minted; and who acted from
 * each address. Every table is bounded: the least recently touched entry makes room.
 */
public final class PlaybookMemory {
    /** How far back "before the access" looks for failed attempts. */
    public static final Duration ATTEMPTS_BEFORE = Duration.ofHours(24);
    /** How far back "authorised recently" looks. */
    public static final Duration CONSENTS_BEFORE = Duration.ofDays(30);
    private static final int PER_PRINCIPAL = 16;
    private static final int PER_CREDENTIAL = 12;
    private static final int PER_ADDRESS = 16;
    private static final int MAX_LINEAGE = 4;
    private static final int CREDENTIALS_PER_ACTOR = 4;

    /** A failed sign-in or refused MFA. */
    public record Attempt(Instant time, String ip, String what) {
    }

    /** An application authorised by the person, with the permissions granted. */
    public record Consent(Instant time, String app, List<String> scopes) {
    }

    /** Someone who acted from an address, whether only in failures, and the first few credentials they used there. */
    public record Actor(String principal, Instant last, boolean failedOnly, List<String> credentials) {
        public Actor {
            credentials = List.copyOf(credentials);
        }

        Actor seenAgain(Instant at, boolean failed, String credential) {
            List<String> used = credential == null || credentials.contains(credential) || credentials.size() >= CREDENTIALS_PER_ACTOR
                    ? credentials : java.util.stream.Stream.concat(credentials.stream(), java.util.stream.Stream.of(Shared.text(credential))).toList();
            return new Actor(principal, at.isAfter(last) ? at : last, failedOnly && failed, used);
        }
    }

    /** What is known of one credential. */
    public static final class CredentialFacts {
        CredentialKind kind = CredentialKind.UNKNOWN;
        String provider;
        String owner;
        String parentPrincipal;
        boolean root;
        Credential.Delivery delivery;
        String workload;
        /*
         * Made when first needed: most credentials make no API call of a tactic, open no app, mint
         * nothing. The texts are arrays in the order first seen (withText): most hold one to
         * four, and a hash set cost ten times their references.
         */
        EnumMap<Action.Tactic, Integer> tactics;
        EnumMap<Action.Tactic, String[]> examples;
        String[] apps;
        String[] minted;
        String mintedBy;

        public CredentialKind kind() {
            return kind;
        }

        public String provider() {
            return provider;
        }

        /** The principal that used it. */
        public String owner() {
            return owner;
        }

        /** The identity the owner derives from: a role session's role, a federated user's issuing user. */
        public String parentPrincipal() {
            return parentPrincipal;
        }

        public boolean root() {
            return root;
        }

        /** How it reached a workload (an instance profile, a web identity), or null. */
        public Credential.Delivery delivery() {
            return delivery;
        }

        /** The workload it was delivered to (an instance id), or null. */
        public String workload() {
            return workload;
        }

        /** API calls by tactic, and up to a few operations of each. */
        public Map<Action.Tactic, Integer> tactics() {
            return tactics == null ? Map.of() : tactics;
        }

        public Set<String> examples(Action.Tactic tactic) {
            return examples == null ? Set.of() : asSet(examples.get(tactic));
        }

        /** Applications it signed in to (an identity provider's session opening downstream apps). */
        public Set<String> apps() {
            return asSet(apps);
        }

        /** The credential used to mint it, where the logs show the minting. */
        public String mintedBy() {
            return mintedBy;
        }

        /** Credentials it was used to mint. */
        public Set<String> minted() {
            return asSet(minted);
        }
    }

    private final Bounded<String, Deque<Attempt>> attempts;
    private final Bounded<String, Deque<Consent>> consents;
    private final Bounded<String, CredentialFacts> credentials;
    /** Per address, who acted from it, the least recently first (most addresses see one principal). */
    private final Bounded<String, List<Actor>> addresses;
    private final Bounded<String, Boolean> roots;

    public PlaybookMemory(int maxEntities) {
        attempts = new Bounded<>(maxEntities);
        consents = new Bounded<>(maxEntities);
        credentials = new Bounded<>(maxEntities);
        addresses = new Bounded<>(maxEntities);
        roots = new Bounded<>(Math.min(maxEntities, 1024));
    }

    /** Remembers what the playbook's steps need of one event. */
    public void observe(Event event) {
        String principal = event.principal() == null ? null : event.principal().name();
        String ip = event.client().ip() == null ? null : event.client().ip().toString();
        boolean signingIn = event.kind() == EventKind.AUTHENTICATION || event.kind() == EventKind.MFA
                || event.kind() == EventKind.SESSION_START;
        boolean failed = signingIn && event.outcome() == Outcome.FAILURE;
        if (principal != null && event.principal().root()) {
            roots.put(principal, Boolean.TRUE);
        }
        if (principal != null && failed) {
            add(attempts.computeIfAbsent(principal, k -> new ArrayDeque<>()),
                    new Attempt(event.time(), ip, event.kind() == EventKind.MFA ? "MFA refused or not completed"
                            : "sign-in failed" + (event.reason() == null ? "" : " (" + event.reason() + ")")), PER_PRINCIPAL);
        }
        if (principal != null && event.kind() == EventKind.CONSENT && event.succeeded()) {
            Credential.Issuance granted = event.credential() == null ? Credential.Issuance.NONE : event.credential().issued();
            add(consents.computeIfAbsent(principal, k -> new ArrayDeque<>()),
                    new Consent(event.time(), app(event), granted.scopes()), PER_PRINCIPAL);
        }
        if (principal != null && ip != null) {
            List<Actor> actors = addresses.get(ip);
            if (actors == null) {
                actors = new ArrayList<>(1);
                addresses.put(Shared.text(ip), actors);
            }
            Actor before = null;
            for (int i = 0; i < actors.size() && before == null; i++) {
                if (actors.get(i).principal().equals(principal)) {
                    before = actors.remove(i);
                }
            }
            String used = event.credential() == null ? null : event.credential().id();
            actors.add(before == null
                    ? new Actor(Shared.text(principal), event.time(), failed, used == null ? List.of() : List.of(Shared.text(used)))
                    : before.seenAgain(event.time(), failed, used));
            if (actors.size() > PER_ADDRESS) {
                actors.remove(0);
            }
        }
        Credential credential = event.credential();
        if (credential != null && credential.id() != null) {
            credential(event, credential);
        }
        if (credential != null && credential.issuedCredentialId() != null && !credential.issuedCredentialId().equals(credential.id())) {
            minted(event, credential);
        }
    }

    private void credential(Event event, Credential credential) {
        CredentialFacts facts = factsOf(credential.id());
        if (credential.kind() != CredentialKind.UNKNOWN
                && (facts.kind == CredentialKind.UNKNOWN || credential.kind() != CredentialKind.SESSION)) {
            facts.kind = credential.kind();
        }
        Credential.Issuance issuance = credential.issuance();
        facts.provider = changed(facts.provider, issuance.provider());
        facts.delivery = issuance.delivery() != null ? issuance.delivery() : facts.delivery;
        facts.workload = changed(facts.workload, issuance.workload());
        if (event.principal() != null) {
            facts.owner = event.principal().name() == null ? null : changed(facts.owner, event.principal().name());
            facts.parentPrincipal = changed(facts.parentPrincipal, event.principal().parent());
            facts.root |= event.principal().root();
        }
        Action action = event.action();
        if (event.apiCall() && action.tactic() != Action.Tactic.NONE) {
            if (facts.tactics == null) {
                facts.tactics = new EnumMap<>(Action.Tactic.class);
                facts.examples = new EnumMap<>(Action.Tactic.class);
            }
            facts.tactics.merge(action.tactic(), 1, Integer::sum);
            String[] examples = facts.examples.get(action.tactic());
            if (examples == null || examples.length < PER_CREDENTIAL) {
                facts.examples.put(action.tactic(), withText(examples, action.service() + ":" + action.operation()));
            }
        }
        String app = event.client().appName();
        if (app != null && event.succeeded()) {
            addApp(facts, app);
            String lineage = credential.lineageId();
            if (!lineage.equals(credential.id())) {
                addApp(factsOf(lineage), app);
            }
        }
        if (credential.issuedCredentialId() != null && !credential.issuedCredentialId().equals(credential.id())) {
            facts.minted = withText(facts.minted, credential.issuedCredentialId());
        }
    }

    /** What the event says of the credential it issued: who issued it, its kind, where it went, what minted it. */
    private void minted(Event event, Credential credential) {
        CredentialFacts issued = factsOf(credential.issuedCredentialId());
        Credential.Issuance made = credential.issued();
        issued.provider = changed(issued.provider, made.provider());
        issued.delivery = made.delivery() != null ? made.delivery() : issued.delivery;
        issued.workload = changed(issued.workload, made.workload());
        issued.kind = made.kind() != null && issued.kind == CredentialKind.UNKNOWN ? made.kind() : issued.kind;
        issued.mintedBy = issued.mintedBy == null ? Shared.text(credential.id()) : issued.mintedBy;
        if (issued.owner == null && made.issuedTo() != null) {
            issued.owner = Shared.text(made.issuedTo());
        }
        if (made.kind() == CredentialKind.FEDERATION_TOKEN && event.principal() != null && issued.parentPrincipal == null) {
            issued.parentPrincipal = Shared.text(event.principal().name());
        }
    }

    private static void addApp(CredentialFacts facts, String app) {
        facts.apps = withText(facts.apps, app);
    }

    /** {@code texts} with {@code text} (its shared copy) at the end, unless it holds it or {@value #PER_CREDENTIAL} already. */
    private static String[] withText(String[] texts, String text) {
        if (texts == null) {
            return new String[] {Shared.text(text)};
        }
        if (texts.length >= PER_CREDENTIAL || Arrays.asList(texts).contains(text)) {
            return texts;
        }
        String[] more = Arrays.copyOf(texts, texts.length + 1);
        more[texts.length] = Shared.text(text);
        return more;
    }

    /** The texts as a read-only set, in the order first seen. */
    private static Set<String> asSet(String[] texts) {
        return texts == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(texts)));
    }

    /** The facts of a credential, made (under the shared copy of its id) when it has none. */
    private CredentialFacts factsOf(String id) {
        CredentialFacts facts = credentials.get(id);
        if (facts == null) {
            facts = new CredentialFacts();
            credentials.put(Shared.text(id), facts);
        }
        return facts;
    }

    /** {@code now} where it says something new, as the shared copy; else what was known. */
    private static String changed(String known, String now) {
        return now == null || now.equals(known) ? known : Shared.text(now);
    }

    /** The person's failed sign-ins and MFA refusals in the day before {@code until}, oldest first. */
    public List<Attempt> attemptsBefore(String principal, Instant until) {
        return within(attempts.peek(principal), until.minus(ATTEMPTS_BEFORE), until, Attempt::time);
    }

    /** The applications the person authorised in the month before {@code until}, oldest first. */
    public List<Consent> consentsBefore(String principal, Instant until) {
        return within(consents.peek(principal), until.minus(CONSENTS_BEFORE), until, Consent::time);
    }

    /** Whether the principal is a tenant's all-powerful identity (an AWS account's root user). */
    public boolean root(String principal) {
        return principal != null && roots.peek(principal) != null;
    }

    /** What is known of a credential, or null. */
    public CredentialFacts credential(String id) {
        return id == null ? null : credentials.peek(id);
    }

    /** The credentials that minted this one, nearest first, as far as the logs show (a few steps at most). */
    public List<String> lineage(String id) {
        List<String> chain = new ArrayList<>();
        CredentialFacts at = credential(id);
        while (at != null && at.mintedBy != null && chain.size() < MAX_LINEAGE && !chain.contains(at.mintedBy) && !at.mintedBy.equals(id)) {
            chain.add(at.mintedBy);
            at = credentials.peek(at.mintedBy);
        }
        return chain;
    }

    /** Other principals that acted from the address between {@code from} and {@code to}, oldest first. */
    public List<Actor> othersFrom(String ip, String principal, Instant from, Instant to) {
        List<Actor> actors = ip == null ? null : addresses.peek(ip);
        if (actors == null) {
            return List.of();
        }
        List<Actor> others = new ArrayList<>();
        for (Actor actor : actors) {
            if (!actor.principal().equals(principal) && !actor.last().isBefore(from) && !actor.last().isAfter(to)) {
                others.add(actor);
            }
        }
        return others;
    }

    private static String app(Event event) {
        String name = event.client().appName();
        String id = event.client().app();
        return name == null ? id : id == null || name.equals(id) ? name : name + " (" + id + ")";
    }

    private static <T> void add(Deque<T> items, T item, int cap) {
        items.addLast(item);
        if (items.size() > cap) {
            items.removeFirst();
        }
    }

    private static <T> List<T> within(Deque<T> items, Instant from, Instant to, java.util.function.Function<T, Instant> time) {
        if (items == null) {
            return List.of();
        }
        List<T> found = new ArrayList<>();
        for (T item : items) {
            Instant at = time.apply(item);
            if (!at.isBefore(from) && !at.isAfter(to)) {
                found.add(item);
            }
        }
        return found;
    }

    /** A map of at most {@code max} entries; the least recently touched one makes room. */
    private static final class Bounded<K, V> extends LinkedHashMap<K, V> {
        private final int max;

        Bounded(int max) {
            super(64, 0.75f, true);
            this.max = max;
        }

        /** The entry; reading it counts as touching it, in event order like every other touch. */
        V peek(K key) {
            return super.get(key);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > max;
        }
    }
}
