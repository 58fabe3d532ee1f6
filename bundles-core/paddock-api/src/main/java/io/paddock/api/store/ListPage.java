package io.paddock.api.store;

import java.util.List;

/**
 * One page of {@link Store#list}.
 *
 * @param items         the records, in the query's order
 * @param continueToken opaque token for the next page, {@code null} on the last page
 * @param sequence      the feed sequence this page was read at; watch from it to see every later
 *                      change (list-then-watch)
 */
public record ListPage(List<StoreRecord> items, String continueToken, long sequence) {

    public ListPage {
        items = List.copyOf(items);
    }

    public boolean hasMore() {
        return continueToken != null;
    }
}
