package io.paddock.api.cluster;

import java.util.Objects;

/**
 * Request to register an existing cluster from a kubeconfig.
 *
 * @param name        name for the cluster in Paddock (RFC 1123 label)
 * @param displayName free text, optional
 * @param description free text, optional
 * @param kubeconfig  self-contained kubeconfig (credentials inline); stored encrypted
 * @param context     context of the kubeconfig to use, or {@code null} for its current context
 */
public record ClusterImport(String name, String displayName, String description, String kubeconfig, String context) {
    public ClusterImport {
        ResourceNames.requireDns1123Label("cluster", name);
        Objects.requireNonNull(kubeconfig, "kubeconfig");
    }

    @Override
    public String toString() {
        return "ClusterImport[name=" + name + ", displayName=" + displayName + ", context=" + context + ", kubeconfig=<redacted>]";
    }
}
