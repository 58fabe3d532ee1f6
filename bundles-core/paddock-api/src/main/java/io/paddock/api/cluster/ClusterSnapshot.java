package io.paddock.api.cluster;

import java.time.Instant;
import java.util.Objects;

/**
 * A backup of a cluster's state (for the local provider: an etcd snapshot) that it can be restored from.
 *
 * @param name              unique within the cluster, e.g. {@code manual-20261205-120102}
 * @param createdAt         when it was taken
 * @param sizeBytes         its size
 * @param scheduled         whether the provider's schedule took it (else a user asked)
 * @param kubernetesVersion the version the cluster ran when it was taken
 */
public record ClusterSnapshot(String name, Instant createdAt, long sizeBytes, boolean scheduled, String kubernetesVersion) {
    public ClusterSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
