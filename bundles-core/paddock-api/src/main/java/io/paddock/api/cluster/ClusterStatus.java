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
 * @param operation         the last provider operation (create, upgrade, ...) on a created cluster, or {@code null}.
 *                          While one runs, it sets the state ({@link ClusterOperation.Type#runningState()}); after
 *                          one failed, the state stays {@link ClusterState#ERROR} until another one succeeds
 */
public record ClusterStatus(ClusterState state, List<Condition> conditions, String kubernetesVersion, String apiEndpoint,
                            int nodeCount, int readyNodeCount, ResourceAmounts capacity, ResourceAmounts allocatable,
                            ResourceAmounts requested, Instant lastSeen, Usage usage, ClusterOperation operation) {
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
            null, null);
    }

    /**
     * This status after contact (or failed contact) with the API server; a running or failed provider
     * operation keeps the state it set.
     */
    public ClusterStatus withReachability(ClusterState newState, List<Condition> newConditions, String newVersion,
                                          Instant newLastSeen) {
        return new ClusterStatus(operationState(newState), newConditions, newVersion, apiEndpoint, nodeCount, readyNodeCount,
            capacity, allocatable, requested, newLastSeen, usage, operation);
    }

    /**
     * This status with the provider operation as it stands now. A successful one hands the state back to
     * reachability: {@code reachableState} (what the last contact said) until the next probe.
     */
    public ClusterStatus withOperation(ClusterOperation newOperation, ClusterState reachableState) {
        ClusterStatus next = new ClusterStatus(state, conditions, kubernetesVersion, apiEndpoint, nodeCount, readyNodeCount,
            capacity, allocatable, requested, lastSeen, usage, newOperation);
        return next.withState(next.operationState(reachableState));
    }

    /** This status with another API endpoint and version, as a provider reported them after creating or upgrading. */
    public ClusterStatus withEndpoint(String newApiEndpoint, String newVersion) {
        return new ClusterStatus(state, conditions, newVersion, newApiEndpoint, nodeCount, readyNodeCount, capacity, allocatable,
            requested, lastSeen, usage, operation);
    }

    private ClusterStatus withState(ClusterState newState) {
        return new ClusterStatus(newState, conditions, kubernetesVersion, apiEndpoint, nodeCount, readyNodeCount, capacity,
            allocatable, requested, lastSeen, usage, operation);
    }

    private ClusterState operationState(ClusterState reachableState) {
        if (operation == null) {
            return reachableState;
        }
        if (operation.running() && operation.type().runningState() != null) {
            return operation.type().runningState();
        }
        if (operation.phase() == ClusterOperation.Phase.FAILED && operation.type().failureIsError()) {
            return ClusterState.ERROR;
        }
        return reachableState;
    }

    /** This status with the figures of a node and pod sync. */
    public ClusterStatus withInventory(int nodes, int readyNodes, ResourceAmounts newCapacity, ResourceAmounts newAllocatable,
                                       ResourceAmounts newRequested) {
        return new ClusterStatus(state, conditions, kubernetesVersion, apiEndpoint, nodes, readyNodes, newCapacity,
            newAllocatable, newRequested, lastSeen, usage, operation);
    }

    /** This status with a new usage reading. */
    public ClusterStatus withUsage(Usage newUsage) {
        return new ClusterStatus(state, conditions, kubernetesVersion, apiEndpoint, nodeCount, readyNodeCount, capacity,
            allocatable, requested, lastSeen, newUsage, operation);
    }
}
