package io.paddock.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.WebSocketListener;
import org.eclipse.jetty.websocket.api.WriteCallback;
import org.eclipse.jetty.websocket.servlet.WebSocketServlet;
import org.eclipse.jetty.websocket.servlet.WebSocketServletFactory;

import io.paddock.testbed.ldap.TestPki;
import io.paddock.tunnel.protocol.TargetDialer;
import io.paddock.tunnel.protocol.TunnelSession;
import io.paddock.tunnel.protocol.TunnelTransport;

/**
 * The server end of the tunnel in tests: Jetty 9.4's WebSocket server (the one inside Karaf's
 * pax-web) on loopback TLS with a test CA's certificate, accepting agents at /tunnel/connect that
 * present the expected token and answering 401 to others. Each accepted agent becomes a
 * {@link TunnelSession} the test can open streams through.
 */
final class TunnelServer implements AutoCloseable {

    private static final char[] KEY_PASSWORD = "test-only".toCharArray();

    private final TestPki pki;
    private final String expectedToken;
    private final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();
    private final AtomicInteger refusedTokens = new AtomicInteger();
    private Server server;
    private int port;

    /** An agent connected to this server: what it sent, and the session over its WebSocket. */
    record Connection(String token, String params, TunnelSession session) {
    }

    TunnelServer(TestPki pki, String expectedToken) {
        this.pki = pki;
        this.expectedToken = expectedToken;
    }

    /** Starts on a free port the first time, on the same port after {@link #stop()}. */
    TunnelServer start() throws Exception {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(pki.serverKeyStore(KEY_PASSWORD));
        tls.setKeyStorePassword(new String(KEY_PASSWORD));
        server = new Server();
        ServerConnector https = new ServerConnector(server, tls);
        https.setHost("127.0.0.1");
        https.setPort(port);
        server.addConnector(https);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new WebSocketServlet() {
            @Override
            public void configure(WebSocketServletFactory factory) {
                factory.getPolicy().setMaxBinaryMessageSize(TunnelSession.MAX_MESSAGE_BYTES);
                factory.setCreator((request, response) -> {
                    String token = request.getHeader(Agent.TOKEN_HEADER);
                    if (!expectedToken.equals(token)) {
                        refusedTokens.incrementAndGet();
                        try {
                            response.sendError(401, "unknown agent token");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        return null;
                    }
                    return new ServerEnd(token, request.getHeader(Agent.PARAMS_HEADER));
                });
            }
        }), AgentConfig.TUNNEL_PATH);
        server.setHandler(context);
        server.start();
        port = https.getLocalPort();
        return this;
    }

    /** Stops listening and drops every agent, as a server that goes down. */
    void stop() throws Exception {
        server.stop();
    }

    String url() {
        return "https://127.0.0.1:" + port;
    }

    /** The next agent that connects. */
    Connection awaitConnection(long seconds) throws InterruptedException {
        Connection connection = connections.poll(seconds, TimeUnit.SECONDS);
        if (connection == null) {
            throw new AssertionError("no agent connected within " + seconds + " s");
        }
        return connection;
    }

    boolean anyConnection() {
        return !connections.isEmpty();
    }

    int refusedTokens() {
        return refusedTokens.get();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private final class ServerEnd implements WebSocketListener {

        private final String token;
        private final String params;
        private TunnelSession session;

        ServerEnd(String token, String params) {
            this.token = token;
            this.params = params;
        }

        @Override
        public void onWebSocketConnect(Session webSocket) {
            session = new TunnelSession("server", new JettyTransport(webSocket), TargetDialer.REFUSE_ALL);
            connections.add(new Connection(token, params, session));
        }

        @Override
        public void onWebSocketBinary(byte[] payload, int offset, int length) {
            session.receive(ByteBuffer.wrap(payload, offset, length));
        }

        @Override
        public void onWebSocketText(String message) {
            session.close("the agent sent text");
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            session.close("the agent closed the connection (" + statusCode + ")");
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            if (session != null) {
                session.close("the connection failed: " + cause);
            }
        }
    }

    private record JettyTransport(Session webSocket) implements TunnelTransport {

        @Override
        public CompletionStage<?> send(ByteBuffer message) {
            CompletableFuture<Void> sent = new CompletableFuture<>();
            webSocket.getRemote().sendBytes(message, new WriteCallback() {
                @Override
                public void writeFailed(Throwable error) {
                    sent.completeExceptionally(error);
                }

                @Override
                public void writeSuccess() {
                    sent.complete(null);
                }
            });
            return sent;
        }

        @Override
        public void close() {
            webSocket.close();
        }
    }
}
