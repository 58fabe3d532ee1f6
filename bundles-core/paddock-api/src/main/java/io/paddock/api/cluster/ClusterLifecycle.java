package io.paddock.api.cluster;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Creating and changing clusters through their {@link ClusterProvider}: what the shell, the REST
 * API and the console call. Long operations return at once with the cluster in its new state
 * ({@link ClusterState#PROVISIONING}, {@link ClusterState#UPGRADING}, ...) and run in the
 * background; the cluster's {@link ClusterStatus#operation()} shows their steps and how they ended.
 * One operation at a time per cluster: another one meanwhile is refused with reason {@code Busy}.
 * Errors as {@link ClusterService}'s; {@code NotSupported} when the provider cannot do it.
 */
@ProviderType
public interface ClusterLifecycle {

    /** Validates the form, stores the cluster as provisioning and starts the provider's {@code create}. */
    Cluster create(String provider, String name, Map<String, String> config);

    /** Fields of the provider's {@code updateSchema}, e.g. {@code {"nodes": "5"}}. */
    Cluster update(String name, Map<String, String> changes);

    /** To one of the provider's {@code kubernetesVersions}, newer than the running one. */
    Cluster upgrade(String name, String kubernetesVersion);

    /** Takes a snapshot now; the operation's message names it once done. */
    Cluster snapshot(String name);

    List<ClusterSnapshot> snapshots(String name);

    Cluster restore(String name, String snapshot);

    /**
     * For created clusters: deletes the cluster through its provider, then forgets it. For registered
     * ones: the same as {@link ClusterService#remove}.
     */
    Cluster delete(String name);

    /** The provider's description of a created cluster. */
    Map<String, Object> describe(String name);
}
