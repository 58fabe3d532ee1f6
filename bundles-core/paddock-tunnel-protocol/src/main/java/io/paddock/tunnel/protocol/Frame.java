package io.paddock.tunnel.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One frame, one transport message: type (1 byte), stream id (4 bytes, big-endian), payload.
 *
 * @param payload the bytes after the header, a view of the received message: copy what must outlive
 *                {@link TunnelSession#receive}
 */
record Frame(FrameType type, int streamId, ByteBuffer payload) {

    static final int HEADER_BYTES = 5;
    /** Reasons and targets longer than this are cut; they are meant for a log line. */
    static final int MAX_TEXT_BYTES = 1024;

    static ByteBuffer encode(FrameType type, int streamId, byte[] payload, int offset, int length) {
        ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + length);
        frame.put(type.code).putInt(streamId).put(payload, offset, length);
        return frame.flip();
    }

    static ByteBuffer encode(FrameType type, int streamId) {
        return encode(type, streamId, new byte[0], 0, 0);
    }

    static ByteBuffer encode(FrameType type, int streamId, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return encode(type, streamId, bytes, 0, Math.min(bytes.length, MAX_TEXT_BYTES));
    }

    static ByteBuffer credit(int streamId, int bytes) {
        return encode(FrameType.CREDIT, streamId, ByteBuffer.allocate(4).putInt(bytes).array(), 0, 4);
    }

    static Frame decode(ByteBuffer message) throws TunnelProtocolException {
        if (message.remaining() < HEADER_BYTES) {
            throw new TunnelProtocolException("a frame of " + message.remaining() + " bytes is shorter than its header");
        }
        FrameType type = FrameType.of(message.get());
        int streamId = message.getInt();
        ByteBuffer payload = message.slice();
        int limit = type == FrameType.DATA ? TunnelSession.MAX_DATA : MAX_TEXT_BYTES;
        if (payload.remaining() > limit) {
            throw new TunnelProtocolException(type + " frame with " + payload.remaining() + " bytes, more than " + limit);
        }
        return new Frame(type, streamId, payload);
    }

    String text() {
        return StandardCharsets.UTF_8.decode(payload.duplicate()).toString();
    }

    int credit() throws TunnelProtocolException {
        if (payload.remaining() != 4 || payload.getInt(payload.position()) <= 0) {
            throw new TunnelProtocolException("CREDIT frame without a positive 4-byte count");
        }
        return payload.getInt(payload.position());
    }
}
