package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.baseline.Facet;
import dev.tokenward.analytic.baseline.Profile;
import dev.tokenward.analytic.baseline.Profiles;
import dev.tokenward.event.Agent;
import dev.tokenward.event.Credential;
import dev.tokenward.event.Event;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the client of a workload credential's use says about where it runs: the software behind a
 * user agent, and a desktop system no instance would run. Workload-credential-exfiltration's reading
 * of clients, kept apart from its judgement of networks.
 */
final class WorkloadClient {
    private static final Pattern COMMAND = Pattern.compile("\\s*(md/command#|command/)\\S*");

    private WorkloadClient() {
    }

    /**
     * The desktop system the client runs on: macOS always (no instance runs it); Windows when the
     * role's other clients ran elsewhere and never on Windows (Windows instances exist).
     */
    static String desktop(Event event, Context context) {
        Agent agent = event.client().agent();
        String os = agent == null ? null : agent.os();
        if (!"macOS".equals(os) && !"Windows".equals(os) || event.credential().issuance().delivery() == Credential.Delivery.WEB_IDENTITY) {
            return null;
        }
        if (os.equals("macOS")) {
            return os;
        }
        Profile role = context.profile(Profiles.group(event));
        var clients = role == null ? Set.<String>of() : role.values(Facet.CLIENT).keySet();
        return clients.stream().anyMatch(c -> c.contains("/")) && clients.stream().noneMatch(c -> c.endsWith("/Windows")) ? os : null;
    }

    /** A user agent without the parts that change with every call (aws-cli names its command): the software that sent it. */
    static String software(String userAgent) {
        return userAgent == null ? null : COMMAND.matcher(userAgent).replaceAll("");
    }
}
