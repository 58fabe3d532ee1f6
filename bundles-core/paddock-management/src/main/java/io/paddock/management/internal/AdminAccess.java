package io.paddock.management.internal;

import java.util.Optional;

import io.paddock.api.cluster.AgentConnection;
import io.paddock.api.cluster.AgentTunnels;
import io.paddock.api.store.StoreRecord;

/**
 * How Paddock reaches a cluster as its administrator: with the kubeconfig it was imported with (or that its
 * provider returned after creating it), or,
 * for a cluster registered through its agent, through the agent's tunnel while one is connected.
 *
 * @param kubeconfig the kubeconfig document
 * @param context    its context to use, or null for its current one
 * @param agent      the agent connection it goes through, or null
 */
record AdminAccess(String kubeconfig, String context, AgentConnection agent) {

    /**
     * Empty for a cluster registered through an agent while none is connected, and for a created cluster
     * before its provider handed over a kubeconfig.
     */
    static Optional<AdminAccess> of(StoreRecord cluster, Optional<AgentTunnels> tunnels) {
        ClusterRecords.ClusterData data = ClusterRecords.clusterData(cluster.data());
        if (!AgentClusterProvider.ID.equals(data.spec().provider())) {
            return Optional.ofNullable(cluster.secrets().get(ClusterRecords.KUBECONFIG_SECRET))
                .map(kubeconfig -> new AdminAccess(kubeconfig, data.context(), null));
        }
        return tunnels.flatMap(t -> t.connection(cluster.name()))
            .map(agent -> new AdminAccess(agent.kubeconfig(), null, agent));
    }

    @Override
    public String toString() { // never the credentials
        return "AdminAccess[" + (agent == null ? "kubeconfig" : agent) + "]";
    }
}
