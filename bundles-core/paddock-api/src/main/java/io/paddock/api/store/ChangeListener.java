package io.paddock.api.store;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the change feed of a {@link Store#watch}, in sequence order, on the store's feed thread. */
@ConsumerType
public interface ChangeListener {

    /** Called once per event; should return quickly, since all watches share one thread. */
    void onEvent(ChangeEvent event);

    /**
     * The watch ended because it cannot go on, e.g. {@link ResumeTooOldException} when its position
     * was compacted away; no more events follow.
     */
    default void onClosed(StoreException reason) {
    }
}
