package io.paddock.api.cluster;

import java.util.Objects;

/**
 * A Kubernetes cluster managed by Paddock.
 *
 * @param name              unique, RFC 1123 label; used in URLs ({@code /k8s/clusters/{name}})
 * @param displayName       free text shown in the console
 * @param provider          type of the {@code ClusterProvider} that owns it, e.g. {@code import}
 * @param state             lifecycle state
 * @param apiEndpoint       URL of the cluster's API server, or {@code null} when reached through an agent
 * @param kubernetesVersion version reported by the API server, or {@code null} before first contact
 */
public record Cluster(String name, String displayName, String provider, ClusterState state, String apiEndpoint,
                      String kubernetesVersion) {
    public Cluster {
        ResourceNames.requireDns1123Label("cluster", name);
        displayName = displayName == null || displayName.isBlank() ? name : displayName;
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(state, "state");
    }
}
