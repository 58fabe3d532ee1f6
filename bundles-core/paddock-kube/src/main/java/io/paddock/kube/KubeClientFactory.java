package io.paddock.kube;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Builds fabric8 clients for managed clusters, one per cluster, each with its own connection pool
 * and credentials (fabric8's single managed client cannot serve many clusters).
 */
public interface KubeClientFactory {

    /**
     * Builds a client from a kubeconfig document. Only self-contained kubeconfigs are accepted:
     * credentials and certificates inline, no {@code exec} or {@code auth-provider} plugins and no
     * file references, because Paddock stores kubeconfigs and must never run commands or read
     * server files on a user's behalf.
     *
     * @param kubeconfig YAML or JSON kubeconfig
     * @param context    context to use, or {@code null} for the kubeconfig's current context
     * @return a new client; the caller closes it
     * @throws InvalidKubeconfigException saying what is wrong with the document
     */
    KubernetesClient create(String kubeconfig, String context);

    /** Name of the HTTP transport the clients use, e.g. {@code JDK HttpClient}. */
    String transport();
}
