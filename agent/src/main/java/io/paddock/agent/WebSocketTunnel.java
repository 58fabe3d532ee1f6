package io.paddock.agent;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.paddock.tunnel.protocol.TargetDialer;
import io.paddock.tunnel.protocol.TunnelSession;
import io.paddock.tunnel.protocol.TunnelTransport;

/**
 * Carries a {@link TunnelSession} over the JDK's WebSocket client: the session starts when the
 * WebSocket opens, gets every binary message whole (the JDK may hand one over in parts), and ends
 * when the WebSocket does. Messages are requested one at a time, after the session took the last.
 */
final class WebSocketTunnel implements WebSocket.Listener {

    /** How long a closing agent waits for its close message to be sent before it drops the connection. */
    static final long CLOSE_GRACE_SECONDS = 5;

    private final TargetDialer dialer;
    private final CompletableFuture<TunnelSession> session = new CompletableFuture<>();
    private final CompletableFuture<Void> dropped = new CompletableFuture<>();
    private ByteBuffer partial;

    WebSocketTunnel(TargetDialer dialer) {
        this.dialer = dialer;
    }

    /** The session, once the WebSocket opened. */
    CompletableFuture<TunnelSession> session() {
        return session;
    }

    /** Completes once the session closed and the WebSocket is gone: its close sent, or given up on. */
    CompletableFuture<Void> dropped() {
        return dropped;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        session.complete(new TunnelSession("agent", new Transport(webSocket), dialer));
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        TunnelSession tunnel = session.join(); // onOpen precedes every message
        if (partial == null && last) {
            tunnel.receive(data);
        } else {
            if (partial == null) {
                partial = ByteBuffer.allocate(TunnelSession.MAX_MESSAGE_BYTES);
            }
            if (data.remaining() > partial.remaining()) {
                tunnel.close("the server sent a message over " + TunnelSession.MAX_MESSAGE_BYTES + " bytes");
                return null;
            }
            partial.put(data);
            if (last) {
                tunnel.receive(partial.flip());
                partial = null;
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        session.join().close("the server sent a text message; the tunnel speaks binary frames only");
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        session.thenAccept(tunnel -> tunnel.close("the server closed the connection (" + statusCode
            + (reason.isEmpty() ? "" : " " + reason) + ")"));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        session.thenAccept(tunnel -> tunnel.close("the connection failed: " + error));
    }

    private final class Transport implements TunnelTransport {

        private final WebSocket webSocket;

        Transport(WebSocket webSocket) {
            this.webSocket = webSocket;
        }

        @Override
        public CompletionStage<?> send(ByteBuffer message) {
            return webSocket.sendBinary(message, true);
        }

        @Override
        public void close() {
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "")
                .completeOnTimeout(webSocket, CLOSE_GRACE_SECONDS, TimeUnit.SECONDS)
                .whenComplete((sent, error) -> {
                    webSocket.abort();
                    dropped.complete(null);
                });
        }
    }
}
