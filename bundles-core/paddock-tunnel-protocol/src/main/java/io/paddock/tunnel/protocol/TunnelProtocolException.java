package io.paddock.tunnel.protocol;

import java.io.IOException;

/** The peer broke the protocol: a malformed frame, or more bytes than it was granted. Closes the session. */
final class TunnelProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    TunnelProtocolException(String message) {
        super(message);
    }
}
