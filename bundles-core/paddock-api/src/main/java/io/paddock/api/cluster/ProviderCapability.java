package io.paddock.api.cluster;

/** What a {@link ClusterProvider} can do besides listing its form; shells and consoles offer only these. */
public enum ProviderCapability {
    /** Registers an existing cluster at once ({@link ClusterProvider#register}). */
    REGISTER,
    /** Creates clusters ({@link ClusterProvider#create}), a long operation. */
    CREATE,
    /** Changes a created cluster, e.g. its node count ({@link ClusterProvider#update}). */
    UPDATE,
    /** Moves a created cluster to another Kubernetes version ({@link ClusterProvider#upgrade}). */
    UPGRADE,
    /** Takes snapshots of a created cluster and restores them ({@link ClusterProvider#snapshot}, {@link ClusterProvider#restore}). */
    SNAPSHOT,
    /** Deletes the clusters it created, machines and files included ({@link ClusterProvider#delete}). */
    DELETE
}
