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
    /** Known and configured, but Paddock cannot reach it now. */
    UNAVAILABLE,
    /** A provider operation failed; the cluster's conditions say why. */
    ERROR,
    /** Being removed from Paddock (and deleted, for provisioned clusters). */
    REMOVING
}
