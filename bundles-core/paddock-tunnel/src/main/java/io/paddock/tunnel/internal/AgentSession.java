package io.paddock.tunnel.internal;

import io.paddock.api.cluster.AgentConnection;
import io.paddock.tunnel.protocol.LocalPortForwarder;
import io.paddock.tunnel.protocol.TunnelSession;

/** One connected agent: its tunnel, the loopback port that leads through it, and how Paddock uses that port. */
record AgentSession(TunnelSession tunnel, LocalPortForwarder forwarder, AgentConnection connection) {

    boolean clusterAgent() {
        return "cluster".equals(connection.agentKind());
    }

    void close(String reason) {
        forwarder.close();
        tunnel.close(reason);
    }
}
