package io.paddock.api.access;

/**
 * Login or token check failed. The message never says whether the user exists; {@link #retryAfterSeconds()}
 * is set when the account or address is throttled.
 */
public class AuthenticationFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public AuthenticationFailedException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
