package io.paddock.api.store;

/**
 * The change feed no longer holds the events after the requested sequence: they were compacted.
 * Like Kubernetes' 410 Gone, the reader must list again and resume from the list's
 * {@link ListPage#sequence()}.
 */
public class ResumeTooOldException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final long oldestResumable;

    public ResumeTooOldException(long requested, long oldestResumable) {
        super("events after sequence " + requested + " were compacted; the oldest sequence to resume after is "
            + oldestResumable + ": list the records again and watch from the list's sequence");
        this.oldestResumable = oldestResumable;
    }

    /** Smallest sequence that {@link Store#events} and {@link Store#watch} still accept. */
    public long oldestResumable() {
        return oldestResumable;
    }
}
