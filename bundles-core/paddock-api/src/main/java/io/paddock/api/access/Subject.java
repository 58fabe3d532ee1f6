package io.paddock.api.access;

import java.util.Objects;

/**
 * Whom a binding grants a role: a Paddock user (by user name) or a group (by its qualified name
 * {@code <provider>:<group id>}, e.g. {@code ldap:cn=ops,ou=groups,dc=example,dc=org}).
 */
public record Subject(Kind kind, String name) {

    public enum Kind { USER, GROUP }

    public Subject {
        Objects.requireNonNull(kind, "kind");
        if (name == null || name.isBlank() || name.length() > 512) {
            throw new IllegalArgumentException("subject name must be 1 to 512 characters");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            // the name travels downstream in an Impersonate-* header: a line break there would be a new header
            throw new IllegalArgumentException("subject name must not contain control characters (line breaks, NUL, ...)");
        }
        if (kind == Kind.GROUP && name.indexOf(':') < 1) {
            throw new IllegalArgumentException("group '" + name + "' must be qualified by its provider, e.g. 'local:ops'");
        }
    }

    public static Subject user(String name) {
        return new Subject(Kind.USER, name);
    }

    public static Subject group(String qualifiedName) {
        return new Subject(Kind.GROUP, qualifiedName);
    }
}
