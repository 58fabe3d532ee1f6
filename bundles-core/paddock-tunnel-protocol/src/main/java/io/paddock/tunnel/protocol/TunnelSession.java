package io.paddock.tunnel.protocol;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many byte streams over one message-based connection, the agent's WebSocket: the server opens a
 * {@link TunnelStream} to a target, the agent connects it and relays bytes. Both ends use this
 * class; the {@link TargetDialer} decides what the peer may reach through this end.
 *
 * <h2>Wire</h2>
 * One transport message is one frame: type (1 byte, {@link FrameType}), stream id (4 bytes,
 * big-endian), payload. The opener of a stream picks its id (1 to 2<sup>31</sup>-1) and writes it as
 * is; the acceptor writes the same id with the top bit set, so both ends may open streams without
 * coordinating. PING and PONG use stream 0. The opener sends OPEN with the target and waits for
 * OPEN_OK or OPEN_FAILED before it sends data. A frame the protocol does not allow (malformed, too
 * large, more bytes than granted) closes the session.
 *
 * <h2>Bounds</h2>
 * <ul>
 * <li>Per stream, each receiver grants {@link #INITIAL_WINDOW} (256 KiB) and grants more only as its
 *     reader consumes, so at most 256 KiB wait in a stream's input; a writer whose peer does not read
 *     blocks after one window. A slow reader pauses only its own stream.</li>
 * <li>Per session, at most {@link #MAX_STREAMS} (256) streams are open, so received data waiting for
 *     readers stays under 256 x 256 KiB = 64 MiB; stream frames waiting for the transport stay under
 *     {@link #MAX_QUEUED_DATA} (1 MiB), writers block beyond that; control frames waiting stay under
 *     {@link #MAX_QUEUED_CONTROL} (256 KiB): a peer that asks (PING, OPEN) faster than it reads the
 *     answers is disconnected. A DATA frame carries at most {@link #MAX_DATA} (32 KiB); a message is
 *     at most {@link #MAX_MESSAGE_BYTES}.</li>
 * <li>Each end sends PING every {@link #PING_INTERVAL} (5 s). A session that has received no frame
 *     for {@link #DEAD_AFTER} (15 s) closes: the peer is gone or the network dropped silently.</li>
 * </ul>
 * Closing the session, for whatever reason, resets every stream: blocked readers and writers wake
 * with an {@link IOException} that says why.
 *
 * <h2>Threads</h2>
 * {@link #receive} runs on the transport's thread and never blocks: it buffers, answers with control
 * frames, and hands OPEN to a stream thread. A session owns one heartbeat thread and a cached pool of
 * daemon stream threads, each named {@code paddock-tunnel-<session>-...} after the stream it serves:
 * two relay each stream's bytes ({@link TunnelStream#relay}), and one more connects a stream while it
 * opens (the agent's dial, a forwarded connection's open); a {@link LocalPortForwarder} adds one
 * accepting thread. So a session uses at most 1 + 3 x {@link #MAX_STREAMS} threads plus one per
 * forwarder, about 1 + 2 per open stream in steady state, and none once it is closed.
 */
public final class TunnelSession implements AutoCloseable {

    /** Bytes a receiver grants each stream at the start: the most one stream buffers. */
    public static final int INITIAL_WINDOW = 256 * 1024;
    /** Largest DATA payload. */
    public static final int MAX_DATA = 32 * 1024;
    /** Largest message a transport must accept: a full DATA frame. */
    public static final int MAX_MESSAGE_BYTES = Frame.HEADER_BYTES + MAX_DATA;
    /** Streams open at once per session, both directions together. */
    public static final int MAX_STREAMS = 256;
    /** Stream bytes queued for the transport per session before writers block. */
    public static final int MAX_QUEUED_DATA = 1024 * 1024;
    /** Control frames queued for the transport per session before the session gives up on the peer. */
    public static final int MAX_QUEUED_CONTROL = 256 * 1024;
    public static final Duration PING_INTERVAL = Duration.ofSeconds(5);
    /** Silence after which the peer counts as dead. */
    public static final Duration DEAD_AFTER = Duration.ofSeconds(15);

    static final int REPLY_BIT = 0x8000_0000;

    private static final Logger LOG = LoggerFactory.getLogger(TunnelSession.class);

    private final String name;
    private final TunnelTransport transport;
    private final TargetDialer dialer;
    private final OutboundQueue outbound;
    /** Keyed by the id as this end writes it; a received frame's id with the reply bit flipped. */
    private final ConcurrentMap<Integer, TunnelStream> streams = new ConcurrentHashMap<>();
    private final Semaphore streamSlots = new Semaphore(MAX_STREAMS);
    private final AtomicInteger lastOpenedId = new AtomicInteger();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final ScheduledExecutorService heartbeat;
    private final ExecutorService streamThreads;
    private volatile long lastReceivedNanos = System.nanoTime();

    /**
     * Starts a session over {@code transport}, whose inbound messages the caller must pass to
     * {@link #receive}.
     *
     * @param name   names the session in thread names and logs, e.g. the cluster; no secrets
     * @param dialer connects the streams the peer opens; {@link TargetDialer#REFUSE_ALL} for none
     */
    public TunnelSession(String name, TunnelTransport transport, TargetDialer dialer) {
        this.name = name;
        this.transport = transport;
        this.dialer = dialer;
        this.outbound = new OutboundQueue(transport, this::close);
        String prefix = "paddock-tunnel-" + name + "-";
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(daemon(prefix + "heartbeat"));
        this.streamThreads = Executors.newCachedThreadPool(daemon(prefix + "idle"));
        long ping = PING_INTERVAL.toNanos();
        heartbeat.scheduleAtFixedRate(() -> sendControl(Frame.encode(FrameType.PING, 0)), ping, ping, TimeUnit.NANOSECONDS);
        heartbeat.schedule(this::checkAlive, DEAD_AFTER.toNanos(), TimeUnit.NANOSECONDS);
    }

    public String name() {
        return name;
    }

    /**
     * Opens a stream to {@code target} at the other end and waits until the other end connected it.
     * The wait is bounded by the other end's connect timeout and by {@link #DEAD_AFTER}.
     *
     * @throws IOException with the other end's reason when it refused or could not connect, or when
     *                     the session is closed or already has {@link #MAX_STREAMS} streams
     */
    public TunnelStream open(TunnelTarget target) throws IOException {
        checkOpen();
        int id = lastOpenedId.incrementAndGet();
        if (id <= 0) {
            throw new IOException("tunnel " + name + " used up its stream ids; reconnect it");
        }
        TunnelStream stream = new TunnelStream(this, id, target);
        if (!register(stream)) {
            throw new IOException("tunnel " + name + " already carries " + MAX_STREAMS + " streams; cannot open " + target);
        }
        sendControl(Frame.encode(FrameType.OPEN, id, target.toString()));
        String reason = closed.getNow(null);
        if (reason != null) {
            stream.terminate("tunnel " + name + " closed: " + reason); // closed while registering: close() missed it
        }
        stream.awaitOpen();
        return stream;
    }

    /**
     * Handles one inbound message. Call it for every binary message, in order, from one thread at a
     * time; it copies what it keeps and does not block.
     */
    public void receive(ByteBuffer message) {
        if (closed.isDone()) {
            return;
        }
        lastReceivedNanos = System.nanoTime();
        try {
            dispatch(Frame.decode(message));
        } catch (TunnelProtocolException e) {
            close("protocol error from the other end: " + e.getMessage());
        }
    }

    /** Completes with the reason once the session is closed. */
    public CompletionStage<String> closed() {
        return closed.minimalCompletionStage();
    }

    /**
     * Closes the session: resets every stream, stops its threads and drops the transport. Safe to
     * call more than once and from any thread, the transport's included.
     *
     * @param reason why, for logs and for the exceptions of blocked readers and writers
     */
    public void close(String reason) {
        if (!closed.complete(reason)) {
            return;
        }
        LOG.info("Tunnel {} closed: {}", name, reason);
        String message = "tunnel " + name + " closed: " + reason;
        outbound.close(message);
        streams.values().forEach(stream -> stream.terminate(message));
        streams.clear();
        heartbeat.shutdownNow();
        streamThreads.shutdown();
        transport.close();
    }

    @Override
    public void close() {
        close("closed by this end");
    }

    @Override
    public String toString() {
        return "tunnel " + name;
    }

    /** Runs {@code task} on a stream thread named {@code paddock-tunnel-<session>-<taskName>}. */
    void execute(String taskName, Runnable task) {
        String threadName = "paddock-tunnel-" + name + "-" + taskName;
        try {
            streamThreads.execute(() -> {
                Thread thread = Thread.currentThread();
                String idleName = thread.getName();
                thread.setName(threadName);
                try {
                    task.run();
                } finally {
                    thread.setName(idleName);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("tunnel " + name + " is closed", e);
        }
    }

    void sendControl(ByteBuffer frame) {
        outbound.control(frame);
    }

    void sendData(ByteBuffer frame) throws IOException {
        outbound.data(frame);
    }

    void forget(TunnelStream stream) {
        if (streams.remove(stream.id(), stream)) {
            streamSlots.release();
        }
    }

    private boolean register(TunnelStream stream) throws TunnelProtocolException {
        if (!streamSlots.tryAcquire()) {
            return false;
        }
        if (streams.putIfAbsent(stream.id(), stream) != null) {
            streamSlots.release();
            throw new TunnelProtocolException("OPEN for stream " + stream.number() + ", which is already open");
        }
        return true;
    }

    private void checkOpen() throws IOException {
        String reason = closed.getNow(null);
        if (reason != null) {
            throw new IOException("tunnel " + name + " closed: " + reason);
        }
    }

    private void dispatch(Frame frame) throws TunnelProtocolException {
        switch (frame.type()) {
            case PING -> sendControl(Frame.encode(FrameType.PONG, 0));
            case PONG -> { }
            case OPEN -> accept(frame);
            default -> {
                TunnelStream stream = streams.get(frame.streamId() ^ REPLY_BIT);
                if (stream == null) {
                    return; // sent before the peer learnt that the stream ended
                }
                switch (frame.type()) {
                    case OPEN_OK -> stream.openSucceeded();
                    case OPEN_FAILED -> stream.openFailed(frame.text());
                    case DATA -> stream.received(frame.payload());
                    case CREDIT -> stream.credited(frame.credit());
                    case FIN -> stream.finReceived();
                    case RESET -> stream.resetByPeer(frame.text());
                }
            }
        }
    }

    private void accept(Frame frame) throws TunnelProtocolException {
        int openerId = frame.streamId();
        if (openerId <= 0) {
            throw new TunnelProtocolException("OPEN with stream id " + Integer.toUnsignedString(openerId));
        }
        int id = openerId | REPLY_BIT;
        TunnelTarget target;
        try {
            target = TunnelTarget.parse(frame.text());
        } catch (IllegalArgumentException e) {
            sendControl(Frame.encode(FrameType.OPEN_FAILED, id, e.getMessage()));
            return;
        }
        TunnelStream stream = new TunnelStream(this, id, target);
        if (!register(stream)) {
            sendControl(Frame.encode(FrameType.OPEN_FAILED, id, "the tunnel already carries " + MAX_STREAMS + " streams"));
            return;
        }
        try {
            execute("stream-" + openerId + "-dial", () -> connect(stream));
        } catch (IllegalStateException e) {
            forget(stream); // closing: the session resets its streams anyway
        }
    }

    private void connect(TunnelStream stream) {
        Socket socket;
        try {
            socket = dialer.dial(stream.target());
        } catch (IOException e) {
            LOG.info("Tunnel {}: refused {}: {}", name, stream, e.getMessage());
            forget(stream);
            sendControl(Frame.encode(FrameType.OPEN_FAILED, stream.id(), String.valueOf(e.getMessage())));
            return;
        }
        sendControl(Frame.encode(FrameType.OPEN_OK, stream.id()));
        stream.relay(socket);
    }

    private void checkAlive() {
        long silent = System.nanoTime() - lastReceivedNanos;
        long deadAfter = DEAD_AFTER.toNanos();
        if (silent >= deadAfter) {
            close("nothing received for " + DEAD_AFTER.toSeconds() + " s: the other end is gone or the network dropped");
            return;
        }
        try {
            heartbeat.schedule(this::checkAlive, deadAfter - silent, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private static ThreadFactory daemon(String threadName) {
        return task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        };
    }
}
