package io.paddock.proxy.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paddock.api.cluster.ClusterConnection;
import io.paddock.api.cluster.ClusterException;

/**
 * WebSocket clients towards the API servers, one per cluster connection (each trusts only its
 * cluster's CA). Jetty's client, because the JDK's refuses subprotocol names such as
 * {@code SPDY/3.1+portforward.k8s.io}, which port-forward uses.
 */
final class StreamClients implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamClients.class);

    private final int maxFrame;
    private final Duration idleTimeout;
    private final Map<ClusterConnection, WebSocketClient> clients = new ConcurrentHashMap<>();

    StreamClients(int maxFrame, Duration idleTimeout) {
        this.maxFrame = maxFrame;
        this.idleTimeout = idleTimeout;
    }

    WebSocketClient of(ClusterConnection connection) {
        return clients.computeIfAbsent(connection, this::start);
    }

    private WebSocketClient start(ClusterConnection connection) {
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setSslContext(connection.httpClient().sslContext());
        WebSocketClient client = new WebSocketClient(tls);
        client.getPolicy().setMaxBinaryMessageSize(maxFrame);
        client.getPolicy().setMaxTextMessageSize(maxFrame);
        client.getPolicy().setIdleTimeout(idleTimeout.toMillis());
        try {
            client.start();
        } catch (Exception e) {
            throw new ClusterException("Unreachable", "cannot start a WebSocket client: " + e.getMessage(), e);
        }
        return client;
    }

    @Override
    public void close() {
        clients.values().forEach(client -> {
            try {
                client.stop();
            } catch (Exception e) {
                LOG.debug("Stopping a WebSocket client: {}", e.getMessage());
            }
        });
        clients.clear();
    }
}
