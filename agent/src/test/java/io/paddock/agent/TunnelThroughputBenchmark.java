package io.paddock.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import io.paddock.testbed.ldap.TestPki;
import io.paddock.tunnel.protocol.EchoServer;
import io.paddock.tunnel.protocol.LocalPortForwarder;

/**
 * Throughput of one large transfer through the tunnel: a TCP client sends N MiB to an echo server
 * and reads them back, once straight over loopback and once through the whole path (a port
 * forwarder on the server's session, the TLS WebSocket, the agent's session and its relay). Prints
 * MiB/s each way and the ratio; a measurement, not a test. Argument: MiB per transfer (256).
 */
public final class TunnelThroughputBenchmark {

    private static final int CHUNK = 1 << 20;

    private TunnelThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long bytes = (args.length > 0 ? Long.parseLong(args[0]) : 256) << 20;
        TestPki pki = TestPki.generate("bench");
        Path dir = Files.createTempDirectory("paddock-agent-bench");
        try (EchoServer api = new EchoServer(); TunnelServer server = new TunnelServer(pki, "bench-token").start();
             RunningAgent agent = RunningAgent.start(dir, server.url(), pki, "bench-token", api.target())) {
            TunnelServer.Connection connection = server.awaitConnection(30);
            try (LocalPortForwarder forwarder = new LocalPortForwarder(connection.session(), api.target())) {
                InetSocketAddress direct = new InetSocketAddress(api.target().host(), api.target().port());
                echo(direct, 64L << 20); // warm up both paths
                echo(forwarder.address(), 64L << 20);
                for (int round = 1; round <= 3; round++) {
                    double straight = echo(direct, bytes);
                    double tunnelled = echo(forwarder.address(), bytes);
                    System.out.printf("round %d: %d MiB each way: direct %.0f MiB/s, tunnel %.0f MiB/s, ratio %.2f%n",
                        round, bytes >> 20, straight, tunnelled, tunnelled / straight);
                }
            }
        }
    }

    /** MiB/s of {@code bytes} sent to the echo server at {@code address} while its echo is read. */
    private static double echo(InetSocketAddress address, long bytes) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address);
            long started = System.nanoTime();
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    byte[] chunk = new byte[CHUNK];
                    for (long sent = 0; sent < bytes; sent += CHUNK) {
                        out.write(chunk);
                    }
                    socket.shutdownOutput();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[CHUNK];
            long received = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received += n;
            }
            writing.join();
            if (received != bytes) {
                throw new IllegalStateException(received + " bytes came back, " + bytes + " were sent");
            }
            return (bytes / (double) (1 << 20)) / ((System.nanoTime() - started) / 1e9);
        }
    }
}
