package io.paddock.api.cluster;

import java.util.List;
import java.util.Objects;

/**
 * A node of a managed cluster, as last synced.
 *
 * @param name           node name
 * @param roles          from {@code node-role.kubernetes.io/<role>} labels
 * @param ready          whether its Ready condition is true
 * @param kubeletVersion version its kubelet reports
 * @param capacity       capacity
 * @param allocatable    allocatable resources
 */
public record ClusterNode(String name, List<String> roles, boolean ready, String kubeletVersion, ResourceAmounts capacity,
                          ResourceAmounts allocatable) {
    public ClusterNode {
        Objects.requireNonNull(name, "name");
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
