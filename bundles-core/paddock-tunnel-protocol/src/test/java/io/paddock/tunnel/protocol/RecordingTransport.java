package io.paddock.tunnel.protocol;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A transport whose peer is the test itself: keeps what the session sends, for the test to read. */
final class RecordingTransport implements TunnelTransport {

    private final BlockingQueue<ByteBuffer> sent = new LinkedBlockingQueue<>();

    @Override
    public CompletionStage<?> send(ByteBuffer message) {
        sent.add(message);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        // nothing to drop
    }

    Frame awaitFrame() throws Exception {
        ByteBuffer message = sent.poll(5, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("the session sent nothing within 5 s");
        }
        return Frame.decode(message);
    }
}
