package io.paddock.api.access;

import java.util.List;

import io.paddock.api.cluster.ResourceNames;

/**
 * A role over Paddock as a whole; its rules apply to every cluster and project. {@code admin}
 * also makes its holders cluster administrators downstream.
 */
public record GlobalRole(String name, String displayName, String description, List<Rule> rules, boolean builtin,
                         long resourceVersion) {

    public static final String ADMIN = "admin";
    public static final String USER = "user";
    public static final String USER_BASE = "user-base";

    public GlobalRole {
        ResourceNames.requireDns1123Label("global role", name);
        displayName = displayName == null || displayName.isBlank() ? name : displayName.strip();
        description = description == null ? "" : description.strip();
        rules = rules == null ? List.of() : List.copyOf(rules);
    }
}
