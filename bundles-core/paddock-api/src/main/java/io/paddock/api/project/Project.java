package io.paddock.api.project;

import java.time.Instant;
import java.util.Objects;

import io.paddock.api.cluster.ResourceNames;

/**
 * A named group of namespaces in one cluster. Its namespaces carry the label
 * {@value #NAMESPACE_LABEL}{@code =<project>} downstream, so membership lives with the namespace.
 *
 * @param cluster         cluster the project belongs to
 * @param name            RFC 1123 label, unique within the cluster
 * @param resourceVersion version of the stored record
 * @param displayName     free text
 * @param description     free text
 * @param quota           limits applied to each of its namespaces
 * @param createdAt       when it was created
 */
public record Project(String cluster, String name, long resourceVersion, String displayName, String description,
                      NamespaceQuota quota, Instant createdAt) {

    public static final String NAMESPACE_LABEL = "paddock.io/project";

    public Project {
        ResourceNames.requireDns1123Label("cluster", cluster);
        ResourceNames.requireDns1123Label("project", name);
        displayName = displayName == null || displayName.isBlank() ? name : displayName.strip();
        description = description == null ? "" : description.strip();
        quota = quota == null ? NamespaceQuota.NONE : quota;
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
