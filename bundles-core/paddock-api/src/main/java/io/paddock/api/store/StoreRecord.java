package io.paddock.api.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One stored record, as read.
 *
 * @param kind            what the record is, e.g. {@code cluster}
 * @param name            unique within its kind
 * @param resourceVersion sequence of the write that produced this state; pass it to
 *                        {@link Store#update} and {@link Store#delete(String, String, long)}
 * @param labels          selectable key/value pairs
 * @param data            non-secret content, a JSON document
 * @param secrets         decrypted secret values; {@link #toString()} shows their keys only
 * @param createdAt       when the record was created
 * @param updatedAt       when the record was last written
 */
public record StoreRecord(String kind, String name, long resourceVersion, Map<String, String> labels, String data,
                          Map<String, String> secrets, Instant createdAt, Instant updatedAt) {

    public StoreRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(data, "data");
        secrets = Map.copyOf(secrets);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The writable part, e.g. to change one field and pass it to {@link Store#update}. */
    public RecordContent content() {
        return new RecordContent(labels, data, secrets);
    }

    @Override
    public String toString() {
        return "StoreRecord[" + kind + "/" + name + ", resourceVersion=" + resourceVersion + ", labels=" + new TreeMap<>(labels)
            + ", data=" + data + ", secrets=" + Redaction.keysOnly(secrets) + ", createdAt=" + createdAt + ", updatedAt="
            + updatedAt + "]";
    }
}
