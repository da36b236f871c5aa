package dev.tokenward.signal;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.event.DataTable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns signals into alerts: a deterministic id, the escalation tier and the containment steps of
 * the T1550.001 playbook for the kind of credential involved.
 */
public final class AlertFactory {

    /**
     * The alert for a signal. A signal whose decisive evidence comes from attack infrastructure (a
     * hosting provider's network, an attack tool) is raised one step, and its triage says why.
     */
    public Alert alert(Signal signal) {
        String infrastructure = signal.decisive() == null ? null : signal.decisive().attackInfrastructure();
        Severity severity = infrastructure == null ? signal.severity() : signal.severity().raise();
        Map<String, String> facts = signal.facts();
        if (infrastructure != null && severity != signal.severity()) {
            facts = new LinkedHashMap<>(facts);
            facts.put("Severity", severity.label() + ": " + signal.severity().label() + " raised one step, " + infrastructure);
        }
        int tier = severity.compareTo(Severity.HIGH) >= 0 ? 2 : 1;
        return new Alert(id(signal), signal.time(), signal.analytic(), signal.attack(), severity,
                signal.principal(), signal.credential(), signal.title(), signal.evidence(),
                new Triage(tier, facts, containment(signal)));
    }

    /** A hash of what the alert is about and the records it rests on; never of file names or run time. */
    static String id(Signal signal) {
        List<String> parts = new ArrayList<>();
        parts.add(signal.analytic());
        parts.add(signal.principal());
        parts.add(signal.credential());
        parts.add(signal.time().toString());
        for (Evidence evidence : signal.evidence()) {
            parts.add(evidence.origin() != null && evidence.origin().recordId() != null
                    ? evidence.origin().recordId() : evidence.time() + " " + evidence.summary());
        }
        return idOf(parts);
    }

    /** The first 16 bytes of a SHA-256 over the parts (null parts included as such), in hex. */
    static String idOf(List<String> parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                update(digest, part);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", missing);
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update((text == null ? "\u0000" : text).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0x1f);
    }

    /** Revoke what was stolen, then make the owner prove who they are again: the steps of {@code containment.tsv}. */
    private static List<String> containment(Signal signal) {
        String source = signal.evidence().isEmpty() ? "" : signal.evidence().get(signal.evidence().size() - 1).source();
        String credential = signal.credential();
        boolean listed = CONTAINMENT.stream().anyMatch(step -> step.source().equals(source));
        List<String> steps = new ArrayList<>();
        for (Step step : CONTAINMENT) {
            boolean forSource = listed ? step.source().equals(source) : step.source().equals("*");
            boolean forCredential = step.credential() == null || credential != null && step.credential().matcher(credential).matches();
            if (forSource && forCredential) {
                steps.add(step.text().replace("{credential}", credential == null ? "" : credential));
            }
        }
        steps.add("Review everything done with the credential since the first evidence for data access and persistence");
        return steps;
    }

    private record Step(String source, Pattern credential, String text) {
    }

    private static final List<Step> CONTAINMENT = DataTable.read(AlertFactory.class, "containment.tsv", 3).stream()
            .map(row -> new Step(row[0], row[1].equals("*") ? null : Pattern.compile(row[1]), row[2])).toList();
}
