package io.paddock.api.store;

/** The record does not exist (any more); HTTP APIs answer 404. */
public class NotFoundException extends StoreException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }
}
