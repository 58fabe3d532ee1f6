package io.paddock.tunnel.protocol;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Two sessions back to back, {@code left} and {@code right}, joined by an in-memory transport that
 * delivers each message on its own thread, in order, and completes a send once delivered (so the
 * sender waits for the receiver, as over a socket). Closing one session closes the other, as a
 * dropped connection does; {@link #dropEverything()} instead loses messages silently.
 */
final class InMemoryLink implements AutoCloseable {

    final TunnelSession left;
    final TunnelSession right;
    private final Direction toRight = new Direction("test-link-to-right");
    private final Direction toLeft = new Direction("test-link-to-left");

    InMemoryLink(TargetDialer leftDialer, TargetDialer rightDialer) {
        left = new TunnelSession("left", toRight, leftDialer);
        right = new TunnelSession("right", toLeft, rightDialer);
        toRight.receiver = right;
        toLeft.receiver = left;
    }

    /** From now on, messages in both directions vanish and neither end hears of a close. */
    void dropEverything() {
        toRight.dropping = true;
        toLeft.dropping = true;
    }

    @Override
    public void close() {
        toRight.delivery.shutdownNow();
        toLeft.delivery.shutdownNow();
        left.close("test over");
        right.close("test over");
    }

    private static final class Direction implements TunnelTransport {

        final ExecutorService delivery;
        volatile TunnelSession receiver;
        volatile boolean dropping;

        Direction(String threadName) {
            delivery = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, threadName);
                thread.setDaemon(true);
                return thread;
            });
        }

        @Override
        public CompletionStage<?> send(ByteBuffer message) {
            return CompletableFuture.runAsync(() -> {
                if (!dropping) {
                    receiver.receive(message);
                }
            }, delivery);
        }

        @Override
        public void close() {
            if (dropping) {
                return;
            }
            try {
                delivery.execute(() -> receiver.close("the connection closed"));
            } catch (RejectedExecutionException e) {
                // the link is being taken down
            }
        }
    }
}
