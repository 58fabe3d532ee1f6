package io.paddock.api.store;

/** What a write did to a record. */
public enum ChangeType {
    ADDED,
    MODIFIED,
    DELETED
}
