package io.paddock.api.store;

/**
 * A write lost a race: the record already exists (create) or changed since it was read (update,
 * delete). Read it again, reapply the change and retry; HTTP APIs answer 409.
 */
public class ConflictException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final long currentVersion;

    public ConflictException(String message, long currentVersion) {
        super(message);
        this.currentVersion = currentVersion;
    }

    /** The record's resource version now. */
    public long currentVersion() {
        return currentVersion;
    }
}
