package io.paddock.api.store;

import java.util.List;
import java.util.function.Function;

/**
 * One page of domain objects read from a {@link ListPage}.
 *
 * @param items         the objects, in the query's order
 * @param continueToken token for the next page, {@code null} on the last page
 * @param sequence      feed sequence the page was read at; watch from it to see every later change
 */
public record Page<T>(List<T> items, String continueToken, long sequence) {

    public Page {
        items = List.copyOf(items);
    }

    public static <T> Page<T> of(ListPage page, Function<StoreRecord, T> mapper) {
        return new Page<>(page.items().stream().map(mapper).toList(), page.continueToken(), page.sequence());
    }
}
