package io.paddock.api.store;

import java.util.Map;
import java.util.Objects;

/**
 * Which records of a kind to list, in which order, one page at a time.
 *
 * @param labels        every pair must match exactly (label equality selector); empty selects all
 * @param namePrefix    names must start with it; empty selects all
 * @param sortField     the order
 * @param descending    reverse order
 * @param limit         page size, 1 to {@link #MAX_LIMIT}
 * @param continueToken {@link ListPage#continueToken()} of the previous page, or {@code null} for
 *                      the first page; only valid with the same labels, prefix and order
 */
public record ListQuery(Map<String, String> labels, String namePrefix, SortField sortField, boolean descending, int limit,
                        String continueToken) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public ListQuery {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        namePrefix = namePrefix == null ? "" : namePrefix;
        Objects.requireNonNull(sortField, "sortField");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ", was " + limit);
        }
    }

    /** All records in name order, {@link #DEFAULT_LIMIT} per page. */
    public static ListQuery all() {
        return new ListQuery(Map.of(), "", SortField.NAME, false, DEFAULT_LIMIT, null);
    }

    public ListQuery withLabels(Map<String, String> newLabels) {
        return new ListQuery(newLabels, namePrefix, sortField, descending, limit, continueToken);
    }

    public ListQuery withNamePrefix(String newPrefix) {
        return new ListQuery(labels, newPrefix, sortField, descending, limit, continueToken);
    }

    public ListQuery sortedBy(SortField field, boolean newDescending) {
        return new ListQuery(labels, namePrefix, field, newDescending, limit, continueToken);
    }

    public ListQuery withLimit(int newLimit) {
        return new ListQuery(labels, namePrefix, sortField, descending, newLimit, continueToken);
    }

    public ListQuery continueFrom(String token) {
        return new ListQuery(labels, namePrefix, sortField, descending, limit, token);
    }
}
