package io.paddock.management.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/** Watches that only tell a reconcile loop "look again", for loops that compare the whole cache with what should be. */
final class Informers {

    private Informers() {
    }

    /** Starts the informer with {@code changed} run on every add, update and delete; it keeps retrying through outages. */
    static <T extends HasMetadata> SharedIndexInformer<T> start(SharedIndexInformer<T> informer, Runnable changed) {
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                changed.run();
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                changed.run();
            }

            @Override
            public void onDelete(T object, boolean deletedFinalStateUnknown) {
                changed.run();
            }
        });
        informer.exceptionHandler((started, error) -> !ExceptionHandler.isDeserializationException(error));
        informer.start();
        return informer;
    }
}
