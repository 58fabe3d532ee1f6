package io.paddock.tunnel.protocol;

/** The first byte of every frame. */
enum FrameType {
    /** Opener asks for a stream; payload: the target, {@code host:port} in UTF-8. */
    OPEN(1),
    /** The acceptor connected the target; the stream is open both ways. */
    OPEN_OK(2),
    /** The acceptor refused or could not connect; payload: the reason in UTF-8. */
    OPEN_FAILED(3),
    /** Stream bytes, at most {@link TunnelSession#MAX_DATA} of them, never more than the receiver granted. */
    DATA(4),
    /** The receiver consumed bytes and grants that many more; payload: a 4-byte big-endian count. */
    CREDIT(5),
    /** The sender will send no more bytes on this stream (half close). */
    FIN(6),
    /** The stream is aborted in both directions; payload: the reason in UTF-8. */
    RESET(7),
    /** Heartbeat on stream 0; answered with {@link #PONG}. */
    PING(8),
    /** Answer to {@link #PING}. */
    PONG(9);

    private static final FrameType[] BY_CODE = new FrameType[10];

    static {
        for (FrameType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    final byte code;

    FrameType(int code) {
        this.code = (byte) code;
    }

    static FrameType of(byte code) throws TunnelProtocolException {
        FrameType type = code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (type == null) {
            throw new TunnelProtocolException("unknown frame type " + code);
        }
        return type;
    }
}
