package dev.tokenward.signal;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.baseline.Profile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns signals into alerts: a deterministic id, and the triage of the T1550.001 playbook (the
 * questions answered, the tier decided, the containment planned) from what the playbook memory and
 * the principal's profile hold at that moment.
 */
public final class AlertFactory {
    private final Playbook playbook;
    private final Function<String, Profile> profiles;
    private final Alert.Producer producer;

    /**
     * @param memory   what the playbook's look-ups read
     * @param profiles the principals' profiles, by name (null where there is none)
     * @param geoData  the geolocation data enrichment uses, each with its version
     */
    public AlertFactory(PlaybookMemory memory, Function<String, Profile> profiles, List<String> geoData) {
        this.playbook = new Playbook(memory);
        this.profiles = profiles;
        this.producer = new Alert.Producer(tool(), geoData);
    }

    /** {@code tokenward} and the version its jar names, or a development build's. */
    public static String tool() {
        String version = AlertFactory.class.getPackage().getImplementationVersion();
        return "tokenward " + (version == null ? "(development build)" : version);
    }

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
        Triage triage = playbook.triage(signal, facts, profiles.apply(signal.principal()));
        return new Alert(id(signal), signal.time(), signal.analytic(), signal.attack(), severity,
                signal.principal(), signal.credential(), signal.title(), signal.evidence(), triage).madeBy(producer);
    }

    /**
     * A hash of what the alert is about, what it says and the records it rests on; never of file
     * names or run time. The title is part of it: one analytic may find two things in one record (a
     * new session's unusual calls, and the administrator it created), and they are two alerts.
     */
    static String id(Signal signal) {
        List<String> parts = new ArrayList<>();
        parts.add(signal.analytic());
        parts.add(signal.principal());
        parts.add(signal.credential());
        parts.add(signal.time().toString());
        parts.add(signal.title());
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

}
