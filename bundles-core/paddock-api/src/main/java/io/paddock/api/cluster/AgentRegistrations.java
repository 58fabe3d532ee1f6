package io.paddock.api.cluster;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Clusters that come to Paddock through an agent: the registration token each agent presents, and
 * the manifest that installs the agent in the cluster.
 */
@ProviderType
public interface AgentRegistrations {

    /** The cluster whose current registration token this is; empty for an unknown or rotated token. */
    Optional<String> clusterOf(String registrationToken);

    /**
     * The manifest (YAML) that installs the agents in the cluster: namespace, service account and
     * its binding, the registration token as a Secret, the cluster agent's Deployment and the node
     * agents' DaemonSet.
     *
     * @param host the host name the caller reaches Paddock by, for the agents' server URL when no
     *             {@code server-url} is set
     */
    String manifest(String cluster, String host);

    /**
     * Where the manifest can be fetched without a Paddock login (the registration token is in the
     * URL), for a one-line install in the cluster.
     */
    String manifestUrl(String cluster, String host);

    /** A new registration token for the cluster; the old one stops working and its agents are disconnected. */
    void rotateToken(String cluster);
}
