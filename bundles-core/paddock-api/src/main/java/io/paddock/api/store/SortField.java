package io.paddock.api.store;

/** Orders of {@link Store#list}; ties are broken by name, so every order is total. */
public enum SortField {
    NAME,
    CREATED_AT,
    UPDATED_AT
}
