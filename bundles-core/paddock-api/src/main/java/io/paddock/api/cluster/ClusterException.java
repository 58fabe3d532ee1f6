package io.paddock.api.cluster;

/** A cluster operation that failed for a reason other than bad input; the message says what to do. */
public class ClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Machine-readable reason, e.g. {@code AlreadyExists}, {@code NotFound}, {@code Unreachable}. */
    private final String reason;

    public ClusterException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ClusterException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
