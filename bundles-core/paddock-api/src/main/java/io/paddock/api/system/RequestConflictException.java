package io.paddock.api.system;

/**
 * A request that conflicts with the current state: a name already taken, a thing still in use. The
 * message says what conflicts; the REST API answers 409.
 */
public class RequestConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RequestConflictException(String message) {
        super(message);
    }
}
