package io.paddock.tunnel.protocol;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Frames waiting for the transport, handed to it one at a time. Control frames (OPEN, CREDIT, RESET,
 * PING...) go before stream frames so that heartbeats and window updates are not stuck behind bulk
 * data; stream frames (DATA, FIN) keep their order. Stream frames are bounded: a writer blocks while
 * {@link TunnelSession#MAX_QUEUED_DATA} bytes of them are queued or being sent. Control frames never
 * block, because the thread that receives frames sends some of them (PONG, OPEN_FAILED); they are a
 * few bytes each, and more than {@link TunnelSession#MAX_QUEUED_CONTROL} bytes of them waiting means
 * that the peer asks faster than it reads the answers, which closes the session.
 */
final class OutboundQueue {

    private final TunnelTransport transport;
    private final Consumer<String> onFailure;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roomForData = lock.newCondition();
    private final ArrayDeque<ByteBuffer> control = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> data = new ArrayDeque<>();
    private int dataBytes;
    private int controlBytes;
    private boolean sending;
    private String closedReason;

    OutboundQueue(TunnelTransport transport, Consumer<String> onFailure) {
        this.transport = transport;
        this.onFailure = onFailure;
    }

    void control(ByteBuffer frame) {
        boolean overflow;
        lock.lock();
        try {
            if (closedReason != null) {
                return;
            }
            overflow = controlBytes + frame.remaining() > TunnelSession.MAX_QUEUED_CONTROL;
            if (!overflow) {
                control.add(frame);
                controlBytes += frame.remaining();
            }
        } finally {
            lock.unlock();
        }
        if (overflow) {
            onFailure.accept("the other end asks faster than it reads the answers ("
                + TunnelSession.MAX_QUEUED_CONTROL / 1024 + " KiB of them waiting)");
            return;
        }
        drain();
    }

    /** Queues a stream frame, waiting while the queue holds its bound. */
    void data(ByteBuffer frame) throws IOException {
        lock.lock();
        try {
            while (closedReason == null && dataBytes + frame.remaining() > TunnelSession.MAX_QUEUED_DATA) {
                roomForData.await();
            }
            if (closedReason != null) {
                throw new IOException(closedReason);
            }
            data.add(frame);
            dataBytes += frame.remaining();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to send on the tunnel");
        } finally {
            lock.unlock();
        }
        drain();
    }

    /** Drops what is queued and wakes blocked writers, who get {@code reason} in their exception. */
    void close(String reason) {
        lock.lock();
        try {
            closedReason = reason;
            control.clear();
            data.clear();
            roomForData.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void drain() {
        while (true) {
            ByteBuffer next;
            boolean isData;
            lock.lock();
            try {
                if (sending || closedReason != null) {
                    return;
                }
                next = control.poll();
                isData = next == null;
                if (isData) {
                    next = data.poll();
                } else {
                    controlBytes -= next.remaining();
                }
                if (next == null) {
                    return;
                }
                sending = true;
            } finally {
                lock.unlock();
            }
            int dataSize = isData ? next.remaining() : 0;
            CompletableFuture<?> sent;
            try {
                sent = transport.send(next).toCompletableFuture();
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            // a transport that completes at once is served by this loop; recursing from the
            // callback instead would grow the stack with every frame
            if (!sent.isDone()) {
                sent.whenComplete((result, error) -> {
                    if (sent(dataSize, error)) {
                        drain();
                    }
                });
                return;
            }
            if (!sent(dataSize, sent.handle((result, error) -> error).join())) {
                return;
            }
        }
    }

    private boolean sent(int dataSize, Throwable error) {
        lock.lock();
        try {
            sending = false;
            dataBytes -= dataSize;
            roomForData.signalAll();
        } finally {
            lock.unlock();
        }
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            onFailure.accept("sending failed: " + cause);
            return false;
        }
        return true;
    }
}
