package io.paddock.tunnel.protocol;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback port whose every connection becomes a stream to one fixed target through a session, so
 * that an ordinary client (HTTP, WebSocket, TLS) reaches the target without knowing of the tunnel.
 * Bytes pass unchanged: TLS stays end to end between the client and the target.
 *
 * <p>Listens on 127.0.0.1 at an ephemeral port. Threads: one accepts, each connection takes the
 * session's stream threads ({@link TunnelStream#relay}). Closing the forwarder stops accepting and
 * leaves open connections to end on their own; closing the session ends both.
 */
public final class LocalPortForwarder implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPortForwarder.class);

    private final TunnelSession session;
    private final TunnelTarget target;
    private final ServerSocket server;

    /**
     * Starts listening.
     *
     * @throws IOException when no loopback port can be had
     * @throws IllegalStateException when the session is closed
     */
    public LocalPortForwarder(TunnelSession session, TunnelTarget target) throws IOException {
        this.session = session;
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        try {
            session.execute("forward-" + server.getLocalPort(), this::accept);
        } catch (IllegalStateException e) {
            server.close();
            throw e;
        }
        session.closed().whenComplete((reason, error) -> close());
    }

    /** Where clients connect: 127.0.0.1 and the chosen port. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("Closing the forwarder to {}: {}", target, e.toString());
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("Forwarder to {} through {} stopped accepting: {}", target, session, e.toString());
                    close();
                }
                return;
            }
            try {
                session.execute("forward-" + server.getLocalPort() + "-open", () -> forward(client));
            } catch (IllegalStateException e) {
                closeQuietly(client);
                return;
            }
        }
    }

    private void forward(Socket client) {
        try {
            session.open(target).relay(client);
        } catch (IOException e) {
            LOG.warn("Cannot forward a connection to {}: {}", target, e.getMessage());
            closeQuietly(client);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing a forwarded connection: {}", e.toString());
        }
    }
}
