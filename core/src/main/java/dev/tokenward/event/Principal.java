package dev.tokenward.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Who acted. {@code name} is the normalized identity that analytics key by: a lower-cased UPN or
 * e-mail for people, an ARN for AWS identities (role sessions keep their session name).
 *
 * @param name   normalized identity, never blank
 * @param uid    the source's immutable id for it (Okta user id, Entra object id, AWS principal id)
 * @param type   person, service or workload
 * @param tenant the tenant or account whose log this is
 * @param parent the identity it derives from: a role session's role, a federated user's issuing user
 * @param root   the tenant's own all-powerful identity, which no policy restricts (an AWS account's root user)
 */
public record Principal(String name, String uid, PrincipalType type, String tenant, String parent,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean root) {
    public Principal {
        Checks.require(name != null && !name.isBlank(), "a principal needs a name");
        type = type == null ? PrincipalType.UNKNOWN : type;
    }

    public Principal(String name, String uid, PrincipalType type, String tenant) {
        this(name, uid, type, tenant, null, false);
    }

    /** The same identity under the name the source gives it elsewhere (its login, for an event that named it by id). */
    public Principal named(String login) {
        return new Principal(login, uid, type, tenant, parent, root);
    }

    /** Whether the log names this principal only by its immutable id (an Okta event with no login). */
    public boolean onlyById() {
        return uid != null && name.equals(uid);
    }
}
