package io.paddock.api.access;

/** The caller is authenticated but may not do this; the message says what was missing. */
public class AccessDeniedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(message);
    }
}
