package io.paddock.api.cluster;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** The tunnels of connected cluster agents (the {@code paddock-tunnel} bundle). */
@ProviderType
public interface AgentTunnels {

    /** How to reach the cluster through its agent now: the cluster agent if connected, else a node agent. */
    Optional<AgentConnection> connection(String cluster);

    /** Ends the cluster's agent connections, e.g. after its registration token was rotated. */
    void disconnect(String cluster);
}
