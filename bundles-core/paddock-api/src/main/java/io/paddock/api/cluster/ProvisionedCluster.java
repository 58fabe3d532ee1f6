package io.paddock.api.cluster;

import java.util.Objects;

/**
 * What a provider hands back once a cluster it created (or changed) serves.
 *
 * @param kubeconfig        admin kubeconfig Paddock reaches the cluster with (kept encrypted)
 * @param kubernetesVersion the version now running, e.g. {@code v1.35.4}
 * @param directAccess      how users reach the API server directly (the authorized cluster endpoint), or
 *                          {@link DirectAccess#DISABLED} when the cluster cannot check Paddock tokens itself
 */
public record ProvisionedCluster(String kubeconfig, String kubernetesVersion, DirectAccess directAccess) {
    public ProvisionedCluster {
        Objects.requireNonNull(kubeconfig, "kubeconfig");
        Objects.requireNonNull(kubernetesVersion, "kubernetesVersion");
        directAccess = directAccess == null ? DirectAccess.DISABLED : directAccess;
    }

    @Override
    public String toString() {
        return "ProvisionedCluster[" + kubernetesVersion + ", directAccess=" + directAccess.enabled() + "]";
    }
}
