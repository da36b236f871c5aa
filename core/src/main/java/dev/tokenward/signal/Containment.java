package dev.tokenward.signal;

import dev.tokenward.analytic.identity.OauthConsentThenUse;
import dev.tokenward.analytic.store.CredentialStoreScraping;
import dev.tokenward.analytic.store.SsoBulkAccess;
import dev.tokenward.event.Credential;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.DataTable;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The playbook's containment, planned for the credential at hand: what to do, in order, what stays
 * valid afterwards and what else the actions disrupt. The plans are data ({@code containment.tsv}),
 * chosen by the provider that issued the credential, its kind and the situation that changes the
 * right action (a federation token is denied through the user that minted it, an instance's keys
 * outside the instance, and nothing denies what the root user minted).
 */
public final class Containment {

    /** Situations that change the right plan; the names are the {@code when} column's. */
    enum Situation {
        ROOT, INSTANCE, WEB_IDENTITY, ROLE, USER, CONSENT;

        static Situation named(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** The analytic whose alerts list the secrets read, which the plan rotates first. */
    private static final String SCRAPING = CredentialStoreScraping.ID;

    private record Row(String provider, String kind, Situation when, String part, String action, String text) {
    }

    private static final List<Row> ROWS = DataTable.read(Containment.class, "containment.tsv", 6).stream()
            .map(row -> new Row(row[0], row[1], row[2].equals("*") ? null : Situation.named(row[2]), row[3],
                    row[4].equals("-") ? null : row[4], row[5]))
            .toList();

    private Containment() {
    }

    /**
     * The plan for a credential, from what the playbook memory knows of it (null when nothing).
     *
     * @param analytic   the analytic that raised the alert
     * @param principal  whom the alert concerns
     * @param credential the credential's id, or null
     * @param facts      what is known of the credential
     * @param issuer     the provider of the credential the decisive evidence used, when nothing is known of the credential
     */
    public static Triage.Plan plan(String analytic, String principal, String credential,
                                   PlaybookMemory.CredentialFacts facts, String issuer) {
        String known = facts != null && facts.provider() != null ? facts.provider() : issuer;
        String provider = known != null && ROWS.stream().anyMatch(row -> row.provider.equals(known)) ? known : "*";
        CredentialKind kind = facts == null ? CredentialKind.UNKNOWN : facts.kind();
        String kindName = ROWS.stream().anyMatch(row -> row.provider.equals(provider) && row.kind.equals(kind.name()))
                ? kind.name() : "*";
        Set<Situation> holds = situations(analytic, facts);
        List<Row> rows = ROWS.stream().filter(row -> row.provider.equals(provider) && row.kind.equals(kindName)).toList();
        boolean specific = rows.stream().anyMatch(row -> row.when != null && holds.contains(row.when));
        List<String> steps = new ArrayList<>();
        List<String> stays = new ArrayList<>();
        List<String> disrupts = new ArrayList<>();
        List<Triage.Action> actions = new ArrayList<>();
        for (Row row : rows) {
            boolean applies = specific ? row.when != null && holds.contains(row.when) : row.when == null;
            if (!applies) {
                continue;
            }
            String text = fill(row.text, principal, credential, facts);
            Triage.Action action = action(row.action, principal, credential, facts);
            if (action != null) {
                actions.add(action);
            }
            switch (row.part) {
                case "do" -> steps.add(text);
                case "stays" -> stays.add(text);
                case "disrupts" -> disrupts.add(text);
                default -> throw new IllegalStateException("containment.tsv: unknown part " + row.part);
            }
        }
        if (SsoBulkAccess.ID.equals(analytic)) {
            steps.add(0, "Review what the session did in each application listed under \"Applications opened\" (each keeps its own"
                    + " session once opened: sign the user out there too), and where \"Stored passwords shown\" says so, change those"
                    + " applications' passwords");
        }
        if (SCRAPING.equals(analytic)) {
            steps.add(0, "Rotate every secret and vault item listed under \"Items read\": their contents are in someone else's hands");
            stays.add(0, "What was read stays usable by whoever read it until each secret or item is rotated, whatever else is revoked");
        }
        steps.add("Review everything done with " + (credential == null ? "the principal's credentials" : credential)
                + " since the first evidence for data access and persistence (new users, keys, grants, mail rules)");
        return new Triage.Plan(steps, stays, disrupts, actions);
    }

    /** The action a step's {@code action} column names, for the identity it names; null when that identity is not known. */
    private static Triage.Action action(String spec, String principal, String credential, PlaybookMemory.CredentialFacts facts) {
        if (spec == null) {
            return null;
        }
        String[] parts = spec.split(" ", 2);
        String parent = facts == null ? null : facts.parentPrincipal();
        String subject = switch (parts[1]) {
            case "{principal}" -> principal;
            case "{parent}" -> parent;
            case "{owner}" -> parent != null ? parent : principal;
            default -> throw new IllegalStateException("containment.tsv: unknown action subject " + parts[1]);
        };
        return subject == null ? null : new Triage.Action(parts[0], subject, parts[0].equals("aws.deactivate-key") ? credential : null);
    }

    static Set<Situation> situations(String analytic, PlaybookMemory.CredentialFacts facts) {
        Set<Situation> holds = EnumSet.noneOf(Situation.class);
        if (OauthConsentThenUse.ID.equals(analytic)) {
            holds.add(Situation.CONSENT);
        }
        if (facts == null) {
            return holds;
        }
        if (facts.root()) {
            holds.add(Situation.ROOT);
        }
        Credential.Delivery delivery = facts.delivery();
        if (delivery == Credential.Delivery.WEB_IDENTITY) {
            holds.add(Situation.WEB_IDENTITY);
        } else if (delivery != null) {
            holds.add(Situation.INSTANCE);
        } else if (!facts.root()) {
            holds.add(facts.parentPrincipal() != null ? Situation.ROLE : Situation.USER);
        }
        return holds;
    }

    private static String fill(String text, String principal, String credential, PlaybookMemory.CredentialFacts facts) {
        String parent = facts == null || facts.parentPrincipal() == null ? "the role or user behind it" : facts.parentPrincipal();
        String workload = facts == null || facts.workload() == null ? "the instance" : facts.workload();
        String apps = facts == null || facts.apps().isEmpty() ? "none seen in the logs" : String.join(", ", facts.apps());
        return text.replace("{credential}", credential == null ? "the credential" : credential)
                .replace("{principal}", principal == null ? "the principal" : principal)
                .replace("{parent}", parent)
                .replace("{workload}", workload)
                .replace("{apps}", apps);
    }
}
