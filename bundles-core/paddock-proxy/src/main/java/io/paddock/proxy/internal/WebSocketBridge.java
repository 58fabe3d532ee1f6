package io.paddock.proxy.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upgraded stream (exec, attach, port-forward over WebSocket): frames pass unchanged between
 * the client's connection to Paddock and Paddock's connection to the API server. Each side asks for
 * the next frame only after the previous one was written to the other side, so a slow reader slows
 * the writer down instead of filling memory.
 */
final class WebSocketBridge implements WebSocketListener, java.net.http.WebSocket.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketBridge.class);
    private static final long CONNECT_WAIT_SECONDS = 30;

    private final CountDownLatch clientConnected = new CountDownLatch(1);
    private volatile Session client;
    private volatile java.net.http.WebSocket upstream;

    void upstream(java.net.http.WebSocket socket) {
        this.upstream = socket;
    }

    // ---- client side (Jetty)

    @Override
    public void onWebSocketConnect(Session session) {
        client = session;
        clientConnected.countDown();
        upstream.request(1);
    }

    @Override
    public void onWebSocketBinary(byte[] payload, int offset, int length) {
        ByteBuffer copy = ByteBuffer.wrap(payload, offset, length).asReadOnlyBuffer();
        upstream.sendBinary(copy, true).join();
    }

    @Override
    public void onWebSocketText(String message) {
        upstream.sendText(message, true).join();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        java.net.http.WebSocket socket = upstream;
        if (socket != null && !socket.isOutputClosed()) {
            int code = statusCode == StatusCode.NO_CODE || statusCode == StatusCode.NO_CLOSE ? StatusCode.NORMAL : statusCode;
            socket.sendClose(code, reason == null ? "" : reason);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("Proxied stream ended on the client side: {}", cause.getMessage());
        java.net.http.WebSocket socket = upstream;
        if (socket != null) {
            socket.abort();
        }
    }

    // ---- API server side (JDK client)

    @Override
    public void onOpen(java.net.http.WebSocket webSocket) {
        // frames are requested once the client's side is connected
    }

    @Override
    public CompletionStage<?> onBinary(java.net.http.WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return toClient(() -> client.getRemote().sendPartialBytes(ByteBuffer.wrap(bytes), last));
    }

    @Override
    public CompletionStage<?> onText(java.net.http.WebSocket webSocket, CharSequence data, boolean last) {
        String text = data.toString();
        return toClient(() -> client.getRemote().sendPartialString(text, last));
    }

    @Override
    public CompletionStage<?> onClose(java.net.http.WebSocket webSocket, int statusCode, String reason) {
        if (awaitClient()) {
            client.close(statusCode, reason);
        }
        return null;
    }

    @Override
    public void onError(java.net.http.WebSocket webSocket, Throwable error) {
        LOG.debug("Proxied stream ended on the cluster side: {}", error.getMessage());
        if (awaitClient()) {
            client.close(StatusCode.SERVER_ERROR, "the cluster ended the stream");
        }
    }

    /** Writes to the client (blocking, which is the back-pressure), then asks the API server for the next frame. */
    private CompletionStage<?> toClient(IoAction send) {
        if (!awaitClient()) {
            upstream.abort();
            return null;
        }
        try {
            send.run();
            upstream.request(1);
        } catch (java.io.IOException e) {
            LOG.debug("Proxied stream: client went away: {}", e.getMessage());
            upstream.abort();
        }
        return CompletableFuture.completedFuture(null);
    }

    private boolean awaitClient() {
        try {
            return clientConnected.await(CONNECT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A write that may fail with an I/O error. */
    @FunctionalInterface
    private interface IoAction {
        void run() throws java.io.IOException;
    }
}
