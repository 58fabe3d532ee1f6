package io.paddock.tunnel.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP server on loopback that sends back every byte it receives and, at the end of its input,
 * shuts down its output: the far end of a stream in tests.
 */
public final class EchoServer implements AutoCloseable {

    private final ServerSocket server;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

    public EchoServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        start("test-echo-accept", this::accept);
    }

    /** Where it listens, as a tunnel target. */
    public TunnelTarget target() {
        return new TunnelTarget("127.0.0.1", server.getLocalPort());
    }

    /** Connections accepted and not yet ended. */
    public int openConnections() {
        return connections.size();
    }

    /**
     * Sends {@code data} to an echo server at {@code address} (directly or through a forwarder) while
     * reading the echo, then ends its output; returns every byte that came back.
     */
    public static byte[] roundTrip(InetSocketAddress address, byte[] data) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address);
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(data);
                    socket.shutdownOutput();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            byte[] echoed = socket.getInputStream().readAllBytes();
            writing.join();
            return echoed;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : connections) {
            socket.close();
        }
    }

    private void accept() {
        try {
            while (true) {
                Socket socket = server.accept();
                connections.add(socket);
                start("test-echo-" + socket.getPort(), () -> echo(socket));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void echo(Socket socket) {
        try (socket) {
            socket.getInputStream().transferTo(socket.getOutputStream());
            socket.shutdownOutput();
        } catch (IOException e) {
            // the client went away
        } finally {
            connections.remove(socket);
        }
    }

    private static void start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}
