package io.paddock.api.auth;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Who a login provider says the user is.
 *
 * @param provider    the provider's id
 * @param id          stable id of the user within the provider (LDAP DN, GitHub user id, OIDC
 *                    subject); never reused for another person
 * @param login       the name the user types or is known by (uid, GitHub login, preferred_username)
 * @param displayName a name for people
 * @param groups      the provider's groups the user belongs to, as far as the provider resolves them
 */
public record ExternalIdentity(String provider, String id, String login, String displayName, List<ExternalGroup> groups)
    implements Serializable {

    public ExternalIdentity {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(login, "login");
        displayName = displayName == null || displayName.isBlank() ? login : displayName;
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
