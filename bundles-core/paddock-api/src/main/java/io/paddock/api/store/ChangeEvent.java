package io.paddock.api.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the change feed: a write and the record's non-secret content after it (for
 * {@link ChangeType#DELETED}, the last content before it). Secrets never enter the feed.
 *
 * @param sequence        position in the feed, strictly increasing in commit order; resume after it
 * @param type            what the write did
 * @param kind            the record's kind
 * @param name            the record's name
 * @param resourceVersion the record's version after the write; for a deletion, its last version
 * @param labels          the record's labels
 * @param data            the record's non-secret content
 * @param createdAt       when the record was created
 * @param updatedAt       when the record was last written before or by this change
 */
public record ChangeEvent(long sequence, ChangeType type, String kind, String name, long resourceVersion,
                          Map<String, String> labels, String data, Instant createdAt, Instant updatedAt) {

    public ChangeEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
