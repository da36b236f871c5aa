package dev.tokenward.analytic.host;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * One approved background service of the inventory: who it is (any of label, signing id, path,
 * with the team that must have signed it), where it may call, when it runs, who answers for it and
 * when it is to be reviewed again.
 *
 * @param name         what people call it
 * @param label        its launchd label
 * @param signingId    its code-signing identifier
 * @param path         its executable ({@code ~/} for any user's home)
 * @param teamId       the Apple developer team that must have signed it; null for any
 * @param destinations the domains it may call ({@code *.jamfcloud.com} for subdomains, or exact names)
 * @param schedule     when it runs; null for any time
 * @param owner        who answers for it
 * @param review       when the entry is to be looked at again
 */
public record InventoryEntry(String name, String label, String signingId, String path, String teamId, List<String> destinations,
                             Schedule schedule, String owner, LocalDate review) {
    public InventoryEntry {
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
        dev.tokenward.event.Checks.require(label != null || signingId != null || path != null,
                "inventory entry %s: needs a label, a signingId or a path", name);
    }

    /**
     * When a service runs: every {@code interval} (launchd StartInterval), give or take
     * {@code tolerance} (a fraction: 0.25 is a quarter of the interval), or at any time when neither is set.
     */
    public record Schedule(Duration interval, Double tolerance) {
        public double toleranceOrDefault() {
            return tolerance == null ? 0.25 : tolerance;
        }
    }

    /** Whether this entry is the service with this label, signing id or path. */
    boolean describes(String jobLabel, String signing, String executable) {
        return label != null && label.equals(jobLabel) || signingId != null && signingId.equals(signing)
                || path != null && executable != null && path.equals(ServiceIdentity.homeless(executable));
    }

    /** Whether the entry lets its service call this name. */
    public boolean allows(String destination) {
        if (destination == null) {
            return false;
        }
        String name = destination.toLowerCase(Locale.ROOT);
        for (String allowed : destinations) {
            String pattern = allowed.toLowerCase(Locale.ROOT);
            if (pattern.startsWith("*.") ? name.endsWith(pattern.substring(1)) || name.equals(pattern.substring(2)) : name.equals(pattern)) {
                return true;
            }
        }
        return false;
    }
}
