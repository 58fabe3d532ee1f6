package io.paddock.api.access;

/** The chosen login provider cannot be reached now; the login may work later. The REST API answers 503. */
public class LoginUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LoginUnavailableException(String message) {
        super(message);
    }
}
