package io.paddock.tunnel.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two sessions back to back over an in-memory transport, with real TCP sockets at both ends. */
class TunnelSessionTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    private final ExecutorService clients = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "test-client");
        thread.setDaemon(true);
        return thread;
    });

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    @Test
    void twentyConcurrentStreamsOfFiveMegabytesArriveIntact() throws Exception {
        try (EchoServer echo = new EchoServer();
             InMemoryLink link = new InMemoryLink(TargetDialer.REFUSE_ALL, allowing(echo.target()));
             LocalPortForwarder forwarder = new LocalPortForwarder(link.left, echo.target())) {
            List<CompletableFuture<Void>> transfers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int seed = i;
                transfers.add(CompletableFuture.runAsync(() -> {
                    byte[] data = randomBytes(5 << 20, seed);
                    try {
                        assertArrayEquals(data, EchoServer.roundTrip(forwarder.address(), data), "stream " + seed + " came back intact");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, clients));
            }
            CompletableFuture.allOf(transfers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        }
    }

    @Test
    void aReaderThatStopsPausesOnlyItsOwnStreamAndItsWriterHoldsOneWindow() throws Exception {
        List<Socket> dialed = new ArrayList<>();
        TargetDialer smallSocketBuffers = target -> {
            Socket socket = new Socket();
            socket.setSendBufferSize(8192); // a fixed kernel buffer, so the bytes in flight can be counted
            socket.connect(new InetSocketAddress(target.host(), target.port()));
            dialed.add(socket);
            return socket;
        };
        try (EchoServer echo = new EchoServer();
             ServerSocket stalled = new ServerSocket();
             InMemoryLink link = new InMemoryLink(TargetDialer.REFUSE_ALL, smallSocketBuffers)) {
            stalled.setReceiveBufferSize(8192);
            stalled.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            TunnelStream slow = link.left.open(new TunnelTarget("127.0.0.1", stalled.getLocalPort()));
            Socket farEnd = stalled.accept();

            int total = 8 << 20;
            AtomicLong written = new AtomicLong();
            byte[] data = randomBytes(total, 1);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int off = 0; off < total; off += 4096) {
                        slow.output().write(data, off, 4096);
                        written.addAndGet(4096);
                    }
                    slow.output().close();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, clients);
            awaitSteady(written);

            long kernelBuffers = dialed.get(0).getSendBufferSize() + farEnd.getReceiveBufferSize();
            long bound = TunnelSession.INITIAL_WINDOW + TunnelSession.MAX_DATA + kernelBuffers;
            assertTrue(written.get() <= bound, written.get() + " bytes written while nobody reads; bound " + bound);

            for (int i = 0; i < 5; i++) {
                echoThroughStream(link.left.open(echo.target()), 1 << 20, 10 + i);
            }
            assertEquals(false, writer.isDone(), "the writer of the stalled stream is still waiting");

            byte[] arrived = farEnd.getInputStream().readAllBytes();
            writer.get(30, TimeUnit.SECONDS);
            assertArrayEquals(data, arrived, "once read, the paused stream delivers everything in order");
            farEnd.close();
        }
    }

    @Test
    void closingTheOutputEndsTheTargetsInputWhileTheReplyStillArrives() throws Exception {
        try (EchoServer echo = new EchoServer();
             InMemoryLink link = new InMemoryLink(TargetDialer.REFUSE_ALL, allowing(echo.target()))) {
            TunnelStream stream = link.left.open(echo.target());
            stream.output().write("hello".getBytes(StandardCharsets.UTF_8));
            stream.output().close();
            assertEquals("hello", new String(stream.input().readAllBytes(), StandardCharsets.UTF_8),
                "the echo server replies after its input ended, then ends its output");
            IOException late = assertThrows(IOException.class, () -> stream.output().write(1));
            assertTrue(late.getMessage().contains("output already closed"), late.getMessage());
            Waiting.until(() -> echo.openConnections() == 0, TEN_SECONDS, () -> "the target's connection ends");
        }
    }

    @Test
    void aResetAbortsTheTargetConnectionAndFailsTheReaderWithTheReason() throws Exception {
        try (EchoServer echo = new EchoServer();
             InMemoryLink link = new InMemoryLink(TargetDialer.REFUSE_ALL, allowing(echo.target()))) {
            TunnelStream stream = link.left.open(echo.target());
            stream.output().write(7);
            assertEquals(7, stream.input().read());
            assertEquals(1, echo.openConnections());

            stream.reset("the client gave up");
            IOException e = assertThrows(IOException.class, () -> stream.input().read());
            assertTrue(e.getMessage().contains("reset: the client gave up"), e.getMessage());
            Waiting.until(() -> echo.openConnections() == 0, TEN_SECONDS, () -> "the other end closes the target connection");
        }
    }

    @Test
    void aTargetThatAbortsItsConnectionResetsTheStream() throws Exception {
        try (ServerSocket aborting = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            TunnelTarget target = new TunnelTarget("127.0.0.1", aborting.getLocalPort());
            try (InMemoryLink link = new InMemoryLink(TargetDialer.REFUSE_ALL, allowing(target))) {
                TunnelStream stream = link.left.open(target);
                try (Socket farEnd = aborting.accept()) {
                    farEnd.setSoLinger(true, 0); // close with RST
                }
                IOException e = assertThrows(IOException.class, () -> stream.input().read());
                assertTrue(e.getMessage().contains("reset by the other end: relay failed"), e.getMessage());
            }
        }
    }

    @Test
    void openingATargetOutsideTheAllowListIsRefusedWithTheReason() throws Exception {
        try (EchoServer echo = new EchoServer();
             InMemoryLink link = new InMemoryLink(TargetDialer.REFUSE_ALL, allowing(echo.target()))) {
            IOException refused = assertThrows(IOException.class, () -> link.left.open(new TunnelTarget("10.0.0.1", 22)));
            assertEquals("cannot open 10.0.0.1:22 through tunnel left: 10.0.0.1:22 is not an allowed target; "
                + "this end dials only [" + echo.target() + "]", refused.getMessage());

            IOException byServer = assertThrows(IOException.class, () -> link.right.open(echo.target()));
            assertTrue(byServer.getMessage().endsWith("this end of the tunnel opens no connections"), byServer.getMessage());

            TunnelTarget closedPort = closedPort();
            try (InMemoryLink toClosed = new InMemoryLink(TargetDialer.REFUSE_ALL, allowing(closedPort))) {
                IOException unreachable = assertThrows(IOException.class, () -> toClosed.left.open(closedPort));
                assertTrue(unreachable.getMessage().contains("cannot connect to " + closedPort + ": Connection refused"),
                    unreachable.getMessage());
            }
            echoThroughStream(link.left.open(echo.target()), 1000, 3); // refusals left the session working
        }
    }

    @Test
    void aPeerThatFallsSilentIsDeclaredDeadWithinTheBound() throws Exception {
        try (EchoServer echo = new EchoServer();
             InMemoryLink link = new InMemoryLink(TargetDialer.REFUSE_ALL, allowing(echo.target()))) {
            TunnelStream stream = link.left.open(echo.target());
            CompletableFuture<IOException> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    stream.input().read();
                    return null;
                } catch (IOException e) {
                    return e;
                }
            }, clients);

            long dropped = System.nanoTime();
            link.dropEverything();
            String reason = link.left.closed().toCompletableFuture().get(30, TimeUnit.SECONDS);
            Duration detectedAfter = Duration.ofNanos(System.nanoTime() - dropped);

            assertTrue(reason.startsWith("nothing received for 15 s"), reason);
            assertTrue(detectedAfter.compareTo(TunnelSession.DEAD_AFTER.plusSeconds(2)) <= 0, "detected after " + detectedAfter);
            IOException e = reader.get(5, TimeUnit.SECONDS);
            assertTrue(e.getMessage().contains("tunnel left closed: nothing received for 15 s"), e.getMessage());
            link.right.closed().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void closingTheSessionWakesBlockedReadersAndWritersAndLeavesNoThreads() throws Exception {
        try (EchoServer echo = new EchoServer();
             ServerSocket stalled = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            TunnelTarget stalledTarget = new TunnelTarget("127.0.0.1", stalled.getLocalPort());
            InMemoryLink link = new InMemoryLink(TargetDialer.REFUSE_ALL, allowing(echo.target(), stalledTarget));
            LocalPortForwarder forwarder = new LocalPortForwarder(link.left, echo.target());
            Socket client = new Socket();
            client.connect(forwarder.address());
            client.getOutputStream().write(1);
            assertEquals(1, client.getInputStream().read());

            TunnelStream idle = link.left.open(echo.target());
            CompletableFuture<IOException> reader = failureOf(() -> idle.input().read());
            TunnelStream full = link.left.open(stalledTarget);
            CompletableFuture<IOException> writer = failureOf(() -> full.output().write(new byte[64 << 20]));
            Waiting.until(() -> Waiting.threadsNamed("paddock-tunnel-right-").size() >= 6, TEN_SECONDS, () -> "relay threads run");

            link.left.close("the operator stopped it");
            assertTrue(reader.get(5, TimeUnit.SECONDS).getMessage().contains("tunnel left closed: the operator stopped it"));
            assertTrue(writer.get(5, TimeUnit.SECONDS).getMessage().contains("tunnel left closed: the operator stopped it"));
            assertEquals(-1, client.getInputStream().read(), "the forwarded connection ends");
            IOException openAfterClose = assertThrows(IOException.class, () -> link.left.open(echo.target()));
            assertEquals("tunnel left closed: the operator stopped it", openAfterClose.getMessage());

            Waiting.until(() -> Waiting.threadsNamed("paddock-tunnel-").isEmpty(), TEN_SECONDS,
                () -> "no tunnel thread left; still: " + Waiting.threadsNamed("paddock-tunnel-"));
            Waiting.until(() -> echo.openConnections() == 0, TEN_SECONDS, () -> "every target connection closed");
            client.close();
            link.close();
        }
    }

    @Test
    void aPeerThatSendsMoreThanItWasGrantedIsDisconnected() throws Exception {
        RecordingTransport transport = new RecordingTransport();
        TunnelSession session = new TunnelSession("strict", transport, TargetDialer.REFUSE_ALL);
        CompletableFuture<IOException> opener = failureOf(() -> session.open(new TunnelTarget("api", 443)));
        Frame open = transport.awaitFrame();
        assertEquals(FrameType.OPEN, open.type());
        assertEquals("api:443", open.text());

        int reply = open.streamId() | TunnelSession.REPLY_BIT;
        session.receive(Frame.encode(FrameType.OPEN_OK, reply));
        byte[] chunk = new byte[TunnelSession.MAX_DATA];
        for (int sent = 0; sent <= TunnelSession.INITIAL_WINDOW; sent += chunk.length) {
            session.receive(Frame.encode(FrameType.DATA, reply, chunk, 0, chunk.length));
        }
        String reason = session.closed().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals("protocol error from the other end: stream 1 to api:443: 32768 bytes sent, only 0 granted", reason);
        assertEquals(null, opener.get(5, TimeUnit.SECONDS), "the stream had opened");

        TunnelSession garbled = new TunnelSession("garbled", new RecordingTransport(), TargetDialer.REFUSE_ALL);
        garbled.receive(ByteBuffer.wrap(new byte[] {42, 0, 0, 0, 1}));
        assertEquals("protocol error from the other end: unknown frame type 42", garbled.closed().toCompletableFuture().getNow(null));
    }

    @Test
    void aPeerThatAsksFasterThanItReadsIsDisconnected() throws Exception {
        TunnelTransport neverWritable = new TunnelTransport() {
            @Override
            public CompletionStage<?> send(ByteBuffer message) {
                return new CompletableFuture<>();
            }

            @Override
            public void close() {
            }
        };
        TunnelSession session = new TunnelSession("flooded", neverWritable, TargetDialer.REFUSE_ALL);
        for (int ping = 0; ping < 100_000 && !session.closed().toCompletableFuture().isDone(); ping++) {
            session.receive(Frame.encode(FrameType.PING, 0));
        }
        assertEquals("the other end asks faster than it reads the answers (256 KiB of them waiting)",
            session.closed().toCompletableFuture().getNow(null));
    }

    private static TargetDialer allowing(TunnelTarget... targets) {
        return new AllowedTargetDialer(Set.of(targets), CONNECT_TIMEOUT);
    }

    private void echoThroughStream(TunnelStream stream, int size, int seed) throws Exception {
        byte[] data = randomBytes(size, seed);
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try {
                stream.output().write(data);
                stream.output().close();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, clients);
        assertArrayEquals(data, stream.input().readAllBytes());
        writing.get(30, TimeUnit.SECONDS);
    }

    private CompletableFuture<IOException> failureOf(IoAction action) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                action.run();
                return null;
            } catch (IOException e) {
                return e;
            }
        }, clients);
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    private static byte[] randomBytes(int size, int seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static TunnelTarget closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new TunnelTarget("127.0.0.1", socket.getLocalPort());
        }
    }

    /** Waits until {@code counter} has not moved for a second. */
    private static void awaitSteady(AtomicLong counter) throws InterruptedException {
        long last = -1;
        while (counter.get() != last) {
            last = counter.get();
            Thread.sleep(1000);
        }
    }
}
