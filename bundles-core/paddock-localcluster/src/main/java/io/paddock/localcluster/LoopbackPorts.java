package io.paddock.localcluster;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;

/**
 * Free loopback ports for servers that another process binds a little later (etcd, kube-apiserver, a
 * Paddock under test). A port from the kernel's ephemeral range would be free when checked and could
 * still be taken before the server binds it, by any outgoing connection of this host; so ports come
 * from below that range, where only servers bind, and never twice from this JVM while recently handed out.
 */
public final class LoopbackPorts {

    static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Linux's default ephemeral range, for hosts that do not say. */
    static final int[] DEFAULT_EPHEMERAL = {32768, 60999};
    /** Below the ephemeral range but above the usual fixed service ports (databases, 8080, 9090, ...). */
    static final int LOWEST = 15000;
    private static final int ATTEMPTS = 200;
    private static final int REMEMBERED = 4096;

    private static final Random RANDOM = new SecureRandom();
    private static final Set<Integer> HANDED_OUT = new LinkedHashSet<>();
    private static final String HOST = "127.0.0.1";

    private LoopbackPorts() {
    }

    /** A loopback port that nothing listens on now and that outgoing connections do not use. */
    public static int free() throws IOException {
        int[] ephemeral = ephemeralRange(EPHEMERAL_RANGE);
        int highest = ephemeral[0] - 1;
        if (highest - LOWEST < 1000) {
            // no room below the ephemeral range on this host: let the kernel choose
            return bindable(0);
        }
        for (int i = 0; i < ATTEMPTS; i++) {
            int candidate = LOWEST + RANDOM.nextInt(highest - LOWEST + 1);
            if (remember(candidate) && bindable(candidate) == candidate) {
                return candidate;
            }
        }
        throw new IOException("no free loopback port between " + LOWEST + " and " + highest + " after " + ATTEMPTS + " tries");
    }

    /** The ephemeral port range the file gives (two numbers), or Linux's default when it is missing or unreadable. */
    static int[] ephemeralRange(Path file) {
        try {
            String[] bounds = Files.readString(file).trim().split("\\s+");
            return new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])};
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL.clone();
        }
    }

    private static synchronized boolean remember(int port) {
        if (!HANDED_OUT.add(port)) {
            return false;
        }
        if (HANDED_OUT.size() > REMEMBERED) {
            HANDED_OUT.remove(HANDED_OUT.iterator().next());
        }
        return true;
    }

    /** The port bound (the one asked for, or the kernel's choice for 0), or -1 when it is taken. */
    private static int bindable(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            // as a server that binds it later would: without SO_REUSEADDR, so a port in TIME_WAIT counts as taken
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
            return socket.getLocalPort();
        } catch (BindException e) {
            if (port == 0) {
                throw e;
            }
            return -1;
        }
    }
}
