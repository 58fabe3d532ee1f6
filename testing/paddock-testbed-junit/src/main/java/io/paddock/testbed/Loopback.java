package io.paddock.testbed;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Addresses for servers that tests start: loopback only. */
public final class Loopback {

    private Loopback() {
    }

    /** A TCP port on 127.0.0.1 that was free a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
