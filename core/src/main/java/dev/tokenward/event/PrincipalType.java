package dev.tokenward.event;

public enum PrincipalType {
    /** A person. */
    HUMAN,
    /** A non-human account or application identity (service principal, API client, IAM user of a script). */
    SERVICE,
    /** A compute workload's own identity (EC2 instance profile, managed identity, CI job). */
    WORKLOAD,
    UNKNOWN
}
