package io.paddock.api.access;

import java.time.Instant;
import java.util.Objects;

/**
 * A person known to Paddock, created by an administrator or at first login through a provider.
 *
 * @param name        unique, stable: the login for local users, {@code u-<hash>} for others
 * @param displayName for people
 * @param provider    the login provider that vouches for the user
 * @param login       the name the user logs in with
 * @param enabled     a disabled user cannot log in and their tokens stop working
 * @param groups      qualified group names seen at the last login
 * @param createdAt   when Paddock first knew the user
 * @param lastLogin   last successful login, or {@code null}
 */
public record User(String name, String displayName, String provider, String login, boolean enabled,
                   java.util.List<String> groups, Instant createdAt, Instant lastLogin) {

    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(login, "login");
        displayName = displayName == null || displayName.isBlank() ? login : displayName;
        groups = groups == null ? java.util.List.of() : java.util.List.copyOf(groups);
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
