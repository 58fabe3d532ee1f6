package io.paddock.tunnel.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javax.servlet.Servlet;

import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.WebSocketListener;
import org.eclipse.jetty.websocket.api.WriteCallback;
import org.eclipse.jetty.websocket.servlet.ServletUpgradeRequest;
import org.eclipse.jetty.websocket.servlet.ServletUpgradeResponse;
import org.eclipse.jetty.websocket.servlet.WebSocketServlet;
import org.eclipse.jetty.websocket.servlet.WebSocketServletFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paddock.api.cluster.AgentConnection;
import io.paddock.api.cluster.AgentRegistrations;
import io.paddock.tunnel.protocol.LocalPortForwarder;
import io.paddock.tunnel.protocol.TargetDialer;
import io.paddock.tunnel.protocol.TunnelSession;
import io.paddock.tunnel.protocol.TunnelTransport;

/**
 * {@code /tunnel/connect}: where agents dial in. An agent presents its cluster's registration token
 * and how to reach the API server; once accepted, its WebSocket carries a {@link TunnelSession} and a
 * loopback port leads through it to the API server, so every Paddock client reaches the cluster as
 * if it were directly reachable. Not behind Paddock's login: the registration token is the
 * credential, and nothing but the agent protocol is served here.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/tunnel/connect",
    "osgi.http.whiteboard.servlet.name=paddock-tunnel",
    "osgi.http.whiteboard.servlet.asyncSupported=true"})
public class TunnelServlet extends WebSocketServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TunnelServlet.class);
    static final String TOKEN_HEADER = "X-Paddock-Agent-Token";
    static final String PARAMS_HEADER = "X-Paddock-Agent-Params";
    /** Jetty's own limit, well above the tunnel's heartbeats: dead peers are the session's to find. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final transient AgentRegistrations registrations;
    private final transient AgentRegistry registry;

    @Activate
    public TunnelServlet(@Reference AgentRegistrations registrations, @Reference AgentRegistry registry) {
        this.registrations = registrations;
        this.registry = registry;
    }

    @Override
    public void configure(WebSocketServletFactory factory) {
        factory.getPolicy().setMaxBinaryMessageSize(TunnelSession.MAX_MESSAGE_BYTES);
        factory.getPolicy().setMaxTextMessageSize(1024);
        factory.getPolicy().setIdleTimeout(IDLE_TIMEOUT.toMillis());
        factory.setCreator(this::accept);
    }

    private Object accept(ServletUpgradeRequest request, ServletUpgradeResponse response) {
        String from = request.getRemoteAddress();
        Optional<String> cluster = registrations.clusterOf(request.getHeader(TOKEN_HEADER));
        if (cluster.isEmpty()) {
            LOG.warn("Agent from {} refused: unknown or rotated registration token", from);
            refuse(response, 401, "unknown or rotated registration token: apply the cluster's current agent manifest");
            return null;
        }
        try {
            AgentParams params = AgentParams.parse(request.getHeader(PARAMS_HEADER));
            return new AgentEndpoint(cluster.get(), params);
        } catch (IllegalArgumentException e) {
            LOG.warn("Agent of cluster '{}' from {} refused: {}", cluster.get(), from, e.getMessage());
            refuse(response, 400, e.getMessage());
            return null;
        }
    }

    private static void refuse(ServletUpgradeResponse response, int status, String message) {
        try {
            response.sendError(status, message);
        } catch (IOException e) {
            LOG.debug("Could not send the refusal to an agent: {}", e.getMessage());
        }
    }

    /** One agent's WebSocket, from Jetty's side. */
    private final class AgentEndpoint implements WebSocketListener {

        private final String cluster;
        private final AgentParams params;
        private TunnelSession tunnel;

        AgentEndpoint(String cluster, AgentParams params) {
            this.cluster = cluster;
            this.params = params;
        }

        @Override
        public void onWebSocketConnect(Session socket) {
            tunnel = new TunnelSession(cluster + "-" + params.kind(), new JettyTransport(socket), TargetDialer.REFUSE_ALL);
            try {
                LocalPortForwarder forwarder = new LocalPortForwarder(tunnel, params.address());
                AgentSession session = new AgentSession(tunnel, forwarder, new AgentConnection(cluster,
                    URI.create("https://127.0.0.1:" + forwarder.address().getPort()), params.address().host(),
                    params.caCertificatePem(), params.token(), params.kind(), Instant.now()));
                registry.add(session);
                tunnel.closed().thenAccept(reason -> registry.remove(session));
            } catch (IOException | IllegalStateException e) {
                LOG.warn("Cluster '{}': agent connected but no local port could be opened for it: {}", cluster, e.getMessage());
                tunnel.close("no local port: " + e.getMessage());
            }
        }

        @Override
        public void onWebSocketBinary(byte[] payload, int offset, int length) {
            tunnel.receive(ByteBuffer.wrap(payload, offset, length));
        }

        @Override
        public void onWebSocketText(String message) {
            tunnel.close("the agent sent text; the tunnel speaks binary frames only");
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            if (tunnel != null) {
                tunnel.close("the agent's connection closed (" + statusCode + (reason == null ? "" : " " + reason) + ")");
            }
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            if (tunnel != null) {
                tunnel.close("the agent's connection failed: " + cause.getMessage());
            }
        }
    }

    /** Sends each frame as one binary message; completes when Jetty wrote it, which paces the streams. */
    private record JettyTransport(Session socket) implements TunnelTransport {

        @Override
        public CompletionStage<?> send(ByteBuffer message) {
            CompletableFuture<Void> written = new CompletableFuture<>();
            socket.getRemote().sendBytes(message, new WriteCallback() {
                @Override
                public void writeFailed(Throwable cause) {
                    written.completeExceptionally(cause);
                }

                @Override
                public void writeSuccess() {
                    written.complete(null);
                }
            });
            return written;
        }

        @Override
        public void close() {
            try {
                socket.disconnect();
            } catch (IOException e) {
                LOG.debug("Dropping an agent's connection: {}", e.getMessage());
            }
        }
    }
}
