package io.paddock.api.auth;

import java.io.Serializable;
import java.util.Objects;

/**
 * A group as a login provider names it.
 *
 * @param id          stable id within the provider (LDAP DN, {@code org/team} slug, OIDC group claim)
 * @param displayName a name for people
 */
public record ExternalGroup(String id, String displayName) implements Serializable {

    public ExternalGroup {
        Objects.requireNonNull(id, "id");
        displayName = displayName == null || displayName.isBlank() ? id : displayName;
    }
}
