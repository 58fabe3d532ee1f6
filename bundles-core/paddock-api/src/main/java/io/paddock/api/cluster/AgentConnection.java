package io.paddock.api.cluster;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A cluster's API server as Paddock reaches it through the cluster's agent: a loopback address
 * whose connections the agent relays to the API server, TLS still end to end.
 *
 * @param cluster             the cluster's name
 * @param localServer         where to connect, e.g. {@code https://127.0.0.1:40123}
 * @param serverName          the name the API server's certificate must be valid for (the address the agent dials)
 * @param caCertificatePem    the cluster's CA, as the agent's service account sees it
 * @param serviceAccountToken the agent's service-account token, Paddock's credentials in the cluster
 * @param agentKind           {@code cluster} (the cluster agent) or {@code node} (a node agent, the fallback)
 * @param connectedAt         when this agent connected
 */
public record AgentConnection(String cluster, URI localServer, String serverName, String caCertificatePem,
                              String serviceAccountToken, String agentKind, Instant connectedAt) {

    public AgentConnection {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(localServer, "localServer");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(caCertificatePem, "caCertificatePem");
        Objects.requireNonNull(serviceAccountToken, "serviceAccountToken");
    }

    /** A kubeconfig for this connection (YAML), for Paddock's own clients. */
    public String kubeconfig() {
        String ca = java.util.Base64.getEncoder().encodeToString(caCertificatePem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return "apiVersion: v1\nkind: Config\n"
            + "clusters:\n- name: " + cluster + "\n  cluster:\n    server: " + localServer + "\n"
            + "    certificate-authority-data: " + ca + "\n    tls-server-name: \"" + serverName + "\"\n"
            + "users:\n- name: paddock-agent\n  user:\n    token: \"" + serviceAccountToken + "\"\n"
            + "contexts:\n- name: " + cluster + "\n  context:\n    cluster: " + cluster + "\n    user: paddock-agent\n"
            + "current-context: " + cluster + "\n";
    }

    @Override
    public String toString() { // never the token
        return "AgentConnection[" + cluster + " via " + localServer + " to " + serverName + ", " + agentKind + " agent since "
            + connectedAt + "]";
    }
}
