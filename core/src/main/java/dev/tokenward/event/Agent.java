package dev.tokenward.event;

/**
 * What enrichment made of a user agent.
 *
 * @param clientClass the kind of client
 * @param name        the agent's name (Chrome, Edge, AWS-CLI, Boto3, python-requests)
 * @param version     its major version
 * @param os          the operating system family, where the user agent says
 */
public record Agent(ClientClass clientClass, String name, String version, String os) {
    public static final Agent UNKNOWN = new Agent(ClientClass.UNKNOWN, null, null, null);

    public Agent {
        clientClass = clientClass == null ? ClientClass.UNKNOWN : clientClass;
    }

    /** The family used to tell one kind of client from another: name and OS, no version. */
    public String family() {
        if (name == null) {
            return null;
        }
        return os == null ? name : name + "/" + os;
    }
}
