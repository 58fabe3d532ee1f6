package io.paddock.api.access;

import java.util.List;
import java.util.Objects;

/**
 * An authenticated caller.
 *
 * @param user        user name
 * @param displayName for people
 * @param provider    login provider
 * @param groups      qualified group names
 * @param tokenId     the token or session that authenticated the call, {@code null} for internal callers
 */
public record Identity(String user, String displayName, String provider, List<String> groups, String tokenId) {

    public Identity {
        Objects.requireNonNull(user, "user");
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public boolean isMember(Subject subject) {
        return subject.kind() == Subject.Kind.USER ? subject.name().equals(user) : groups.contains(subject.name());
    }
}
