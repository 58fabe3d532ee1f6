package io.paddock.tunnel.protocol;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One byte stream through a {@link TunnelSession}, used like a socket: {@link #input()} blocks until
 * bytes arrive, {@link #output()} blocks while the peer's reader has not made room. Closing the
 * output sends FIN (half close: the peer reads to the end, and may still write back); the input ends
 * after the peer's FIN. {@link #reset} aborts both directions, and every blocked or later call then
 * throws an {@link IOException} saying why, as it does once the session closes.
 *
 * <p>Bounds: at most {@link TunnelSession#INITIAL_WINDOW} bytes are buffered for the input, because
 * the peer may send only what this end granted, and grants follow what the reader consumed. The
 * output holds nothing itself: a write waits until the peer granted room, then goes to the session's
 * bounded send queue. So a writer whose peer stops reading stops after one window of bytes.
 *
 * <p>One reader and one writer at a time, as with a socket.
 */
public final class TunnelStream implements Closeable {

    private final TunnelSession session;
    /** The stream id as this end writes it: the opener's id, with the reply bit set on the acceptor's side. */
    private final int id;
    private final TunnelTarget target;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> failed = new CompletableFuture<>();
    private final Input input = new Input();
    private final Output output = new Output();

    private final Object lock = new Object();
    private final ArrayDeque<ByteBuffer> received = new ArrayDeque<>();
    /** Bytes the peer may still send: granted and not yet received. */
    private int receiveWindow = TunnelSession.INITIAL_WINDOW;
    private int consumedNotGranted;
    /** Bytes this end may still send. */
    private int sendWindow = TunnelSession.INITIAL_WINDOW;
    private boolean finReceived;
    private boolean finSent;
    private String failure;

    TunnelStream(TunnelSession session, int id, TunnelTarget target) {
        this.session = session;
        this.id = id;
        this.target = target;
    }

    /** Where the stream leads, as the opener asked. */
    public TunnelTarget target() {
        return target;
    }

    /** Bytes from the peer; ends (-1) after the peer's FIN. Closing it closes the stream, as {@link #close()}. */
    public InputStream input() {
        return input;
    }

    /** Bytes to the peer; closing it sends FIN and leaves the input open. */
    public OutputStream output() {
        return output;
    }

    /**
     * Pumps bytes between this stream and {@code socket} in both directions on two of the session's
     * threads, passing half closes on (socket end of input → FIN, FIN → socket output shutdown), and
     * closes both once both directions ended. An error on either side resets the stream and closes
     * the socket.
     */
    public void relay(Socket socket) {
        SocketRelay.start(this, socket);
    }

    /** Aborts both directions and tells the peer why; no-op once the stream ended. */
    public void reset(String reason) {
        if (fail("stream to " + target + " was reset: " + reason)) {
            session.sendControl(Frame.encode(FrameType.RESET, id, reason));
            session.forget(this);
        }
    }

    /** Releases the stream: nothing to do after FIN both ways, else a {@link #reset}. */
    @Override
    public void close() {
        synchronized (lock) {
            if (finSent && finReceived) {
                return;
            }
        }
        reset("closed before the end of the stream");
    }

    @Override
    public String toString() {
        return "stream " + number() + " to " + target;
    }

    int id() {
        return id;
    }

    /** The opener's id, the same number on both ends; for names and logs. */
    int number() {
        return id & ~TunnelSession.REPLY_BIT;
    }

    TunnelSession session() {
        return session;
    }

    void awaitOpen() throws IOException {
        try {
            opened.get();
        } catch (ExecutionException e) {
            throw (IOException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reset("the opener was interrupted");
            throw new InterruptedIOException("interrupted while opening " + target + " through the tunnel");
        }
    }

    /** Runs {@code action} once the stream is reset, by either end or by the session closing. */
    void whenFailed(Runnable action) {
        failed.thenRun(action);
    }

    void openSucceeded() {
        opened.complete(null);
    }

    void openFailed(String reason) {
        fail("cannot open " + target + " through tunnel " + session.name() + ": " + reason);
        session.forget(this);
    }

    void received(ByteBuffer payload) throws TunnelProtocolException {
        synchronized (lock) {
            if (finReceived) {
                throw new TunnelProtocolException(this + ": DATA after FIN");
            }
            if (payload.remaining() > receiveWindow) {
                throw new TunnelProtocolException(this + ": " + payload.remaining() + " bytes sent, only " + receiveWindow + " granted");
            }
            if (failure != null) {
                return;
            }
            receiveWindow -= payload.remaining();
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
            received.add(copy);
            lock.notifyAll();
        }
    }

    void credited(int bytes) throws TunnelProtocolException {
        synchronized (lock) {
            if (bytes > Integer.MAX_VALUE - sendWindow) {
                throw new TunnelProtocolException(this + ": credit beyond 2 GiB");
            }
            sendWindow += bytes;
            lock.notifyAll();
        }
    }

    void finReceived() {
        synchronized (lock) {
            finReceived = true;
            lock.notifyAll();
        }
        forgetWhenFinished();
    }

    void resetByPeer(String reason) {
        fail("stream to " + target + " was reset by the other end: " + reason);
        session.forget(this);
    }

    /** Ends the stream without telling the peer: the session is gone. */
    void terminate(String message) {
        fail(message);
    }

    private boolean fail(String message) {
        synchronized (lock) {
            if (failure != null || (finSent && finReceived)) {
                return false;
            }
            failure = message;
            received.clear();
            lock.notifyAll();
        }
        opened.completeExceptionally(new IOException(message));
        failed.complete(null);
        return true;
    }

    private void forgetWhenFinished() {
        synchronized (lock) {
            if (!(finSent && finReceived)) {
                return;
            }
        }
        session.forget(this);
    }

    private final class Input extends InputStream {

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            int n;
            int grant = 0;
            synchronized (lock) {
                while (received.isEmpty() && !finReceived && failure == null) {
                    await();
                }
                if (failure != null) {
                    throw new IOException(failure);
                }
                ByteBuffer head = received.peek();
                if (head == null) {
                    return -1;
                }
                n = Math.min(len, head.remaining());
                head.get(b, off, n);
                if (!head.hasRemaining()) {
                    received.poll();
                }
                consumedNotGranted += n;
                // grant in steps of a full frame: fewer CREDIT frames, and the peer still has
                // at least INITIAL_WINDOW - MAX_DATA bytes of room meanwhile
                if (consumedNotGranted >= TunnelSession.MAX_DATA && !finReceived) {
                    grant = consumedNotGranted;
                    consumedNotGranted = 0;
                    receiveWindow += grant;
                }
            }
            if (grant > 0) {
                session.sendControl(Frame.credit(id, grant));
            }
            return n;
        }

        @Override
        public int available() {
            synchronized (lock) {
                return received.stream().mapToInt(ByteBuffer::remaining).sum();
            }
        }

        @Override
        public void close() {
            TunnelStream.this.close();
        }
    }

    private final class Output extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            while (len > 0) {
                int n;
                synchronized (lock) {
                    while (sendWindow == 0 && failure == null && !finSent) {
                        await();
                    }
                    checkWritable();
                    n = Math.min(len, Math.min(sendWindow, TunnelSession.MAX_DATA));
                    sendWindow -= n;
                }
                session.sendData(Frame.encode(FrameType.DATA, id, b, off, n));
                off += n;
                len -= n;
            }
        }

        @Override
        public void close() throws IOException {
            synchronized (lock) {
                if (finSent || failure != null) {
                    return;
                }
                finSent = true;
            }
            session.sendData(Frame.encode(FrameType.FIN, id));
            forgetWhenFinished();
        }

        private void checkWritable() throws IOException {
            if (failure != null) {
                throw new IOException(failure);
            }
            if (finSent) {
                throw new IOException(TunnelStream.this + ": output already closed");
            }
        }
    }

    private void await() throws InterruptedIOException {
        try {
            lock.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on " + this);
        }
    }
}
