package io.paddock.api.cluster;

/** Lifecycle state of a managed cluster, as shown in lists and used by reconcile loops. */
public enum ClusterState {
    /** Registered; Paddock has not reached it yet. */
    PENDING,
    /** A provider is creating it. */
    PROVISIONING,
    /** Reachable and serving. */
    ACTIVE,
    /** A provider is changing its Kubernetes version. */
    UPGRADING,
    /** A provider is changing it otherwise (node count, restore from a snapshot). */
    UPDATING,
    /** Known and configured, but Paddock cannot reach it now. */
    UNAVAILABLE,
    /** A provider operation failed; its {@link ClusterStatus#operation()} says why. */
    ERROR,
    /** Being removed from Paddock (and deleted, for provisioned clusters). */
    REMOVING
}
