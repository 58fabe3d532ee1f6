package io.paddock.tunnel.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pumps bytes between a stream and a socket both ways, on two of the session's threads. */
final class SocketRelay {

    private static final Logger LOG = LoggerFactory.getLogger(SocketRelay.class);

    private final TunnelStream stream;
    private final Socket socket;
    private final AtomicInteger running = new AtomicInteger(2);

    private SocketRelay(TunnelStream stream, Socket socket) {
        this.stream = stream;
        this.socket = socket;
    }

    static void start(TunnelStream stream, Socket socket) {
        SocketRelay relay = new SocketRelay(stream, socket);
        String name = "stream-" + stream.number();
        // a direction blocked reading the socket learns of a reset only when the socket closes
        stream.whenFailed(relay::closeSocket);
        try {
            socket.setTcpNoDelay(true); // interactive streams (exec, attach) send small writes
            stream.session().execute(name + "-from-socket", relay::fromSocket);
            stream.session().execute(name + "-to-socket", relay::toSocket);
        } catch (IOException | IllegalStateException e) {
            relay.abort(e);
        }
    }

    private void fromSocket() {
        try {
            copy(socket.getInputStream(), stream.output());
            stream.output().close();
        } catch (IOException e) {
            abort(e);
        } finally {
            finished();
        }
    }

    private void toSocket() {
        try {
            copy(stream.input(), socket.getOutputStream());
            socket.shutdownOutput();
        } catch (IOException e) {
            abort(e);
        } finally {
            finished();
        }
    }

    private static void copy(InputStream from, OutputStream to) throws IOException {
        byte[] buffer = new byte[TunnelSession.MAX_DATA];
        for (int n; (n = from.read(buffer)) >= 0; ) {
            to.write(buffer, 0, n);
        }
    }

    private void abort(Exception e) {
        LOG.debug("{}: relay ended: {}", stream, e.toString());
        stream.reset("relay failed: " + e.getMessage());
        closeSocket();
    }

    private void finished() {
        if (running.decrementAndGet() == 0) {
            closeSocket();
            stream.close();
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("{}: closing the socket: {}", stream, e.toString());
        }
    }
}
