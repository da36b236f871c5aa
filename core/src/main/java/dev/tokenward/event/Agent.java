package dev.tokenward.event;

import java.util.Objects;

/**
 * What enrichment made of a user agent: the kind of client, its name (Chrome, Edge, AWS-CLI,
 * Boto3, python-requests), its major version and the operating system family, where the user agent
 * says. One instance serves every event with the same user agent, so its family is worked out once.
 */
public final class Agent {
    public static final Agent UNKNOWN = new Agent(ClientClass.UNKNOWN, null, null, null);

    private final ClientClass clientClass;
    private final String name;
    private final String version;
    private final String os;
    private final String family;

    public Agent(ClientClass clientClass, String name, String version, String os) {
        this.clientClass = clientClass == null ? ClientClass.UNKNOWN : clientClass;
        this.name = name;
        this.version = version;
        this.os = os;
        this.family = name == null ? null : os == null ? name : name + "/" + os;
    }

    /** Whether the operating system is a phone's: iOS or Android. */
    public boolean phone() {
        return "iOS".equals(os) || "Android".equals(os);
    }

    public ClientClass clientClass() {
        return clientClass;
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public String os() {
        return os;
    }

    /** The family used to tell one kind of client from another: name and OS, no version. */
    public String family() {
        return family;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Agent that && clientClass == that.clientClass && Objects.equals(name, that.name)
                && Objects.equals(version, that.version) && Objects.equals(os, that.os);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientClass, name, version, os);
    }

    @Override
    public String toString() {
        return "Agent[clientClass=" + clientClass + ", name=" + name + ", version=" + version + ", os=" + os + "]";
    }
}
