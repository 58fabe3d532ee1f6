package io.paddock.api.cluster;

import java.time.Instant;
import java.util.Objects;

/**
 * A Kubernetes cluster managed by Paddock: what users asked for ({@link ClusterSpec}) and what
 * Paddock last observed ({@link ClusterStatus}).
 *
 * @param name            unique, RFC 1123 label; used in URLs ({@code /k8s/clusters/{name}})
 * @param resourceVersion version of the stored record, for optimistic concurrency
 * @param spec            desired state
 * @param status          observed state
 * @param createdAt       when it was registered
 */
public record Cluster(String name, long resourceVersion, ClusterSpec spec, ClusterStatus status, Instant createdAt) {
    public Cluster {
        ResourceNames.requireDns1123Label("cluster", name);
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
