package dev.tokenward.analytic.host;

import dev.tokenward.event.Endpoint;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who a background service is across the fleet: its launchd label when a job runs it, else its
 * executable with any user's home written {@code ~/} (the same agent in every home is one service).
 */
public final class ServiceIdentity {
    private static final Pattern HOME = Pattern.compile("^/Users/[^/]+/");
    /** Interpreters and transfer tools: a launchd job running one of them runs a script. */
    private static final Set<String> SCRIPT_HOSTS = Set.of("python", "python3", "python2", "curl", "wget", "osascript", "bash", "sh",
            "zsh", "node", "perl", "ruby", "php", "pwsh");

    private ServiceIdentity() {
    }

    /** The service's identity, or null for a connection whose process is unknown. */
    static String of(Endpoint endpoint) {
        if (endpoint.job() != null && endpoint.job().label() != null) {
            return endpoint.job().label();
        }
        return endpoint.process() == null || endpoint.process().path() == null ? null : homeless(endpoint.process().path());
    }

    static String homeless(String path) {
        return HOME.matcher(path).replaceFirst("~/");
    }

    /**
     * A program in a Library folder ({@code /Library/...} or a user's {@code ~/Library/...}), outside
     * the system's own: where launch agents, daemons and apps' helpers are installed, not where people
     * keep what they run themselves.
     */
    private static final Pattern LIBRARY = Pattern.compile("^(/Users/[^/]+)?/Library/(?!Apple/).*");

    /**
     * Whether the process is one that runs in the background: run by a launchd job, a child of
     * launchd, or, when its parent is not known (socket events name none), a program installed in a
     * Library folder.
     */
    static boolean background(Endpoint endpoint) {
        if (endpoint.job() != null) {
            return true;
        }
        Endpoint.Process process = endpoint.process();
        if (process == null) {
            return false;
        }
        if (process.parentPid() != null) {
            return process.parentPid() == 1L;
        }
        return process.path() != null && LIBRARY.matcher(process.path()).matches();
    }

    /** Whether the process is an interpreter or a transfer tool (python3, curl, osascript, ...). */
    public static boolean scriptHost(Endpoint.Process process) {
        if (process == null || process.path() == null) {
            return false;
        }
        String name = process.path().substring(process.path().lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return SCRIPT_HOSTS.contains(name) || name.matches("python3\\.\\d+");
    }

    /** Who signed it, in words: a team, Apple's own (signed, no team), unsigned, or unknown. */
    static String signer(Endpoint.Process process) {
        if (process == null || process.signed() == null) {
            return null;
        }
        if (!process.signed()) {
            return "unsigned";
        }
        return process.teamId() == null ? "Apple" : "team " + process.teamId();
    }
}
