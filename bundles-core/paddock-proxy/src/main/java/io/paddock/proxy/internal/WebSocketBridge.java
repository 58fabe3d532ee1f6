package io.paddock.proxy.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upgraded stream (exec, attach, port-forward): frames pass unchanged between the client's
 * WebSocket to Paddock and Paddock's WebSocket to the API server. A frame is written to the other
 * side before the next one is read, so a slow reader slows the writer down instead of filling
 * memory.
 */
final class WebSocketBridge {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketBridge.class);
    private static final long CONNECT_WAIT_SECONDS = 30;

    private final CountDownLatch clientConnected = new CountDownLatch(1);
    private volatile Session client;
    private volatile Session upstream;

    /** The endpoint for the client's side; the upstream side is connected first. */
    final WebSocketListener clientSide = new Side(true);
    /** The endpoint for the API server's side. */
    final WebSocketListener upstreamSide = new Side(false);

    /** One end: what arrives there is written to the other end. */
    private final class Side implements WebSocketListener {
        private final boolean clientEnd;

        Side(boolean clientEnd) {
            this.clientEnd = clientEnd;
        }

        @Override
        public void onWebSocketConnect(Session session) {
            if (clientEnd) {
                client = session;
                clientConnected.countDown();
            } else {
                upstream = session;
            }
        }

        @Override
        public void onWebSocketBinary(byte[] payload, int offset, int length) {
            Session other = other();
            if (other != null) {
                try {
                    other.getRemote().sendBytes(ByteBuffer.wrap(payload, offset, length));
                } catch (IOException e) {
                    closeBoth(e);
                }
            }
        }

        @Override
        public void onWebSocketText(String message) {
            Session other = other();
            if (other != null) {
                try {
                    other.getRemote().sendString(message);
                } catch (IOException e) {
                    closeBoth(e);
                }
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            Session other = other();
            if (other != null && other.isOpen()) {
                boolean sendable = statusCode != StatusCode.NO_CODE && statusCode != StatusCode.NO_CLOSE
                    && statusCode != StatusCode.ABNORMAL;
                other.close(sendable ? statusCode : StatusCode.NORMAL, reason);
            }
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            closeBoth(cause);
        }

        /** The other end; the client end may still be completing its handshake when the cluster already speaks. */
        private Session other() {
            if (clientEnd) {
                return upstream;
            }
            try {
                return clientConnected.await(CONNECT_WAIT_SECONDS, TimeUnit.SECONDS) ? client : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private void closeBoth(Throwable cause) {
        LOG.debug("Proxied stream ended: {}", cause.getMessage());
        for (Session session : new Session[] {client, upstream}) {
            if (session != null && session.isOpen()) {
                session.close(StatusCode.SERVER_ERROR, "the other end of the stream went away");
            }
        }
    }
}
