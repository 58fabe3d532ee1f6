package io.paddock.api.access;

import java.util.List;
import java.util.Objects;

import io.paddock.api.cluster.ResourceNames;

/**
 * A role that can be granted on one cluster or one project: its own rules plus those of the
 * templates it inherits.
 *
 * @param name            RFC 1123 label; becomes part of Kubernetes object names
 * @param displayName     for people
 * @param description     for people
 * @param context         where it can be bound
 * @param rules           its own rules
 * @param inherits        names of templates of the same context whose rules it adds
 * @param builtin         shipped with Paddock; cannot be changed or deleted
 * @param resourceVersion version of the stored record, 0 for one not stored yet
 */
public record RoleTemplate(String name, String displayName, String description, Context context, List<Rule> rules,
                           List<String> inherits, boolean builtin, long resourceVersion) {

    public enum Context { CLUSTER, PROJECT }

    public RoleTemplate {
        ResourceNames.requireDns1123Label("role template", name);
        displayName = displayName == null || displayName.isBlank() ? name : displayName.strip();
        description = description == null ? "" : description.strip();
        Objects.requireNonNull(context, "context");
        rules = rules == null ? List.of() : List.copyOf(rules);
        inherits = inherits == null ? List.of() : List.copyOf(inherits);
        if (inherits.contains(name)) {
            throw new IllegalArgumentException("role template '" + name + "' cannot inherit itself");
        }
    }
}
