package io.paddock.tunnel.protocol;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * The connection under a {@link TunnelSession}: sends whole binary messages, one at a time. The
 * other direction is the transport's job: it hands every inbound binary message to
 * {@link TunnelSession#receive(ByteBuffer)} and calls {@link TunnelSession#close(String)} when the
 * connection ends.
 */
public interface TunnelTransport {

    /**
     * Sends {@code message} as one binary message. The session waits for the returned stage before
     * it sends the next message, so a transport that completes it only once the bytes are written
     * passes its backpressure on to the streams. A stage that fails closes the session.
     */
    CompletionStage<?> send(ByteBuffer message);

    /** Drops the connection without waiting for the peer; the session calls it once, when it closes. */
    void close();
}
