package io.paddock.tunnel.protocol;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;

/**
 * Dials only the targets on its list, like the agent that may reach nothing but its cluster's API
 * server. A target matches when host (without regard to case) and port are equal; names are not
 * resolved first, so {@code localhost:443} does not match {@code 127.0.0.1:443}.
 */
public final class AllowedTargetDialer implements TargetDialer {

    private final Set<TunnelTarget> allowed;
    private final Duration connectTimeout;

    public AllowedTargetDialer(Set<TunnelTarget> allowed, Duration connectTimeout) {
        this.allowed = Set.copyOf(allowed);
        this.connectTimeout = connectTimeout;
    }

    @Override
    public Socket dial(TunnelTarget target) throws IOException {
        if (!allowed.contains(target)) {
            throw new IOException(target + " is not an allowed target; this end dials only " + allowed);
        }
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(target.host(), target.port()), Math.toIntExact(connectTimeout.toMillis()));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot connect to " + target + ": " + e.getMessage(), e);
        }
    }
}
