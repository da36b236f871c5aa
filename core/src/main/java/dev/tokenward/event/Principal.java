package dev.tokenward.event;

/**
 * Who acted. {@code name} is the normalized identity that analytics key by: a lower-cased UPN or
 * e-mail for people, an ARN for AWS identities (role sessions keep their session name).
 *
 * @param name   normalized identity, never blank
 * @param uid    the source's immutable id for it (Okta user id, Entra object id, AWS principal id)
 * @param type   person, service or workload
 * @param tenant the tenant or account the identity belongs to
 */
public record Principal(String name, String uid, PrincipalType type, String tenant) {
    public Principal {
        Checks.require(name != null && !name.isBlank(), "a principal needs a name");
        type = type == null ? PrincipalType.UNKNOWN : type;
    }
}
