/**
 * The agent tunnel's wire protocol: a {@link io.paddock.tunnel.protocol.TunnelSession} carries many
 * flow-controlled byte streams over one message-based connection (the agent's WebSocket), with
 * heartbeats and dead-peer detection. The server and the agent use the same classes; only the
 * {@link io.paddock.tunnel.protocol.TargetDialer} differs.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.paddock.tunnel.protocol;
