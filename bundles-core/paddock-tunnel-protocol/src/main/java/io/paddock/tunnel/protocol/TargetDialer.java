package io.paddock.tunnel.protocol;

import java.io.IOException;
import java.net.Socket;

/** Connects the streams that the peer opens; decides which targets this end of the tunnel reaches. */
@FunctionalInterface
public interface TargetDialer {

    /** For the end that only opens streams (the server): refuses every stream the peer asks for. */
    TargetDialer REFUSE_ALL = target -> {
        throw new IOException("this end of the tunnel opens no connections");
    };

    /**
     * A connected socket to {@code target}.
     *
     * @throws IOException when the target is not allowed or cannot be reached; its message goes back
     *                     to the peer as the reason, so it must say what went wrong and hold no secret
     */
    Socket dial(TunnelTarget target) throws IOException;
}
