package io.paddock.api.store;

import org.osgi.annotation.versioning.ProviderType;

/** A running {@link Store#watch}; closing it stops the events. */
@ProviderType
public interface Watch extends AutoCloseable {

    /** Sequence of the last event delivered (or the starting point, before the first). */
    long position();

    @Override
    void close();
}
