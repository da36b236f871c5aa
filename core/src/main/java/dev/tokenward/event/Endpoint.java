package dev.tokenward.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What endpoint and network telemetry says of a host: a connection and the process behind it, or
 * one of the facts a connection is judged with (a launchd job, a code signature, a host's address,
 * a name's address). OCSF's device, process and dst_endpoint objects.
 *
 * @param fact        which of those the record is
 * @param host        the host as its telemetry names it (osquery's hostIdentifier, a DHCP host name);
 *                    null for a network flow until its address is tied to a host
 * @param user        the user the process ran as, where the source says
 * @param process     the process; null where the telemetry does not say (a network flow)
 * @param destination the far end of a connection, or the name and address of a DNS answer
 * @param job         the launchd job, for a record of one; for a connection, the job that runs its process
 * @param tls         the client's TLS fingerprint (JA4, else JA3), where the sensor computes one
 * @param tiedBy      how a connection was tied to its host and process, in words, where a join did that
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Endpoint(Fact fact, String host, String user, Process process, Destination destination, Job job, String tls,
                       String tiedBy) {

    public Endpoint {
        Checks.require(fact != null, "an endpoint record needs its fact");
    }

    /**
     * A host's name as the run compares it: lower case, without the {@code .local} of Bonjour names,
     * so that osquery's {@code TWA-MBP-0142.local} and a DHCP lease's {@code twa-mbp-0142} are one host.
     */
    public static String hostName(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String name = raw.trim().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".local") ? name.substring(0, name.length() - ".local".length()) : name;
    }

    public Endpoint withHost(String name, String how) {
        return new Endpoint(fact, name, user, process, destination, job, tls, joined(how));
    }

    public Endpoint withProcess(Process found, Job runBy, String how) {
        return new Endpoint(fact, host, user, found, destination, runBy, tls, joined(how));
    }

    public Endpoint withDestination(Destination named) {
        return new Endpoint(fact, host, user, process, named, job, tls, tiedBy);
    }

    private String joined(String how) {
        return how == null ? tiedBy : tiedBy == null ? how : tiedBy + "; " + how;
    }

    /** What an endpoint record tells. */
    public enum Fact {
        /** A process or host talking to a destination: a socket in a snapshot, a flow seen on the wire. */
        CONNECTION,
        /** A launchd job as installed: label, program, schedule. */
        JOB,
        /** An executable's code signature. */
        SIGNATURE,
        /**
         * A code signature the sensor no longer reports (osquery's row removed: the process that ran it
         * exited, or the file changed): what it said of the path is no longer known.
         */
        SIGNATURE_WITHDRAWN,
        /** An address the host held (an interface's address, a DHCP lease); the address is the event's client address. */
        ADDRESS,
        /** A name and the address it resolved to. */
        NAME,
        /** A process that ran. */
        PROCESS
    }

    /**
     * A process.
     *
     * @param path      its executable
     * @param pid       its process id
     * @param parentPid its parent's (1 is launchd)
     * @param signed    whether its code signature is valid; null when unknown
     * @param signingId the signing identifier (a bundle id for most apps)
     * @param teamId    the Apple developer team that signed it; null for Apple's own and for unsigned code
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Process(String path, Long pid, Long parentPid, Boolean signed, String signingId, String teamId) {
        public Process withSignature(Process signature) {
            return new Process(path, pid, parentPid, signature.signed(), signature.signingId(), signature.teamId());
        }
    }

    /**
     * The far end of a connection.
     *
     * @param name  the host name asked for (TLS SNI, HTTP Host, the DNS name the address was resolved from)
     * @param ip    its address
     * @param port  its port
     * @param asn   the autonomous system that announces the address, filled by enrichment
     * @param asOrg that system's organisation
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Destination(String name, IpAddress ip, Integer port, Long asn, String asOrg) {
        public Destination(String name, IpAddress ip, Integer port) {
            this(name, ip, port, null, null);
        }

        public Destination named(String found) {
            return new Destination(found, ip, port, asn, asOrg);
        }

        public Destination ownedBy(Long number, String organisation) {
            return new Destination(name, ip, port, number, organisation);
        }

        /** A port as logs write it: a number from 0 to 65,535, else null. */
        public static Integer port(String text) {
            try {
                int port = text == null ? -1 : Integer.parseInt(text.trim());
                return port < 0 || port > 65_535 ? null : port;
            } catch (NumberFormatException notAPort) {
                return null;
            }
        }
    }

    /**
     * A launchd job.
     *
     * @param label           its label
     * @param program         the program it runs; where the job has no Program, its arguments joined with
     *                        spaces (the executable is the whole or a part of it ending before a space)
     * @param intervalSeconds its StartInterval; null for none
     * @param calendar        its StartCalendarInterval as "HH:MM" times, comma-separated; null for none
     * @param keepAlive       whether launchd keeps it running
     * @param plist           the property list it was installed from ({@code ~/Library/LaunchAgents/...} for a user's agent)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Job(String label, String program, Long intervalSeconds, String calendar, boolean keepAlive, String plist) {
    }
}
