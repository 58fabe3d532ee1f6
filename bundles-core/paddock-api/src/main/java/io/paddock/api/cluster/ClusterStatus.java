package io.paddock.api.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What Paddock last observed of a cluster.
 *
 * @param state             lifecycle state
 * @param conditions        observed conditions, e.g. {@link Condition#REACHABLE}
 * @param kubernetesVersion git version the API server reports, or {@code null} before first contact
 * @param apiEndpoint       URL of the API server
 * @param nodeCount         number of nodes
 * @param readyNodeCount    number of nodes whose Ready condition is true
 * @param capacity          sum of the nodes' capacity
 * @param allocatable       sum of the nodes' allocatable resources
 * @param requested         sum of the resource requests of the pods placed on nodes and not finished: what
 *                          the scheduler considers used (not measured usage)
 * @param lastSeen          when Paddock last heard from the API server, or {@code null}
 * @param usage             measured use when the cluster serves the metrics API, else the requests, labelled; or
 *                          {@code null} before the first reading
 */
public record ClusterStatus(ClusterState state, List<Condition> conditions, String kubernetesVersion, String apiEndpoint,
                            int nodeCount, int readyNodeCount, ResourceAmounts capacity, ResourceAmounts allocatable,
                            ResourceAmounts requested, Instant lastSeen, Usage usage) {
    public ClusterStatus {
        Objects.requireNonNull(state, "state");
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        capacity = capacity == null ? ResourceAmounts.ZERO : capacity;
        allocatable = allocatable == null ? ResourceAmounts.ZERO : allocatable;
        requested = requested == null ? ResourceAmounts.ZERO : requested;
    }

    /** Status of a cluster just registered, before Paddock reached it. */
    public static ClusterStatus pending(String apiEndpoint, String kubernetesVersion) {
        return new ClusterStatus(ClusterState.PENDING, List.of(), kubernetesVersion, apiEndpoint, 0, 0, null, null, null, null,
            null);
    }

    /** This status after contact (or failed contact) with the API server. */
    public ClusterStatus withReachability(ClusterState newState, List<Condition> newConditions, String newVersion,
                                          Instant newLastSeen) {
        return new ClusterStatus(newState, newConditions, newVersion, apiEndpoint, nodeCount, readyNodeCount, capacity,
            allocatable, requested, newLastSeen, usage);
    }

    /** This status with the figures of a node and pod sync. */
    public ClusterStatus withInventory(int nodes, int readyNodes, ResourceAmounts newCapacity, ResourceAmounts newAllocatable,
                                       ResourceAmounts newRequested) {
        return new ClusterStatus(state, conditions, kubernetesVersion, apiEndpoint, nodes, readyNodes, newCapacity,
            newAllocatable, newRequested, lastSeen, usage);
    }

    /** This status with a new usage reading. */
    public ClusterStatus withUsage(Usage newUsage) {
        return new ClusterStatus(state, conditions, kubernetesVersion, apiEndpoint, nodeCount, readyNodeCount, capacity,
            allocatable, requested, lastSeen, newUsage);
    }
}
