package io.paddock.api.access;

import java.time.Instant;
import java.util.Objects;

/**
 * A grant: {@code role} (a global role when the scope is global, else a role template of the
 * scope's context) to {@code subject} at {@code scope}. One binding per scope, role and subject.
 */
public record RoleBinding(String name, Scope scope, String role, Subject subject, String createdBy, Instant createdAt) {

    public RoleBinding {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
