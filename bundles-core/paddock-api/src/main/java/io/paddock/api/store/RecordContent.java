package io.paddock.api.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a caller writes into a record.
 *
 * @param labels  selectable key/value pairs ({@link ListQuery#labels()})
 * @param data    non-secret content as a JSON document; {@code null} means {@code {}}
 * @param secrets values encrypted at rest; {@link #toString()} shows their keys only
 */
public record RecordContent(Map<String, String> labels, String data, Map<String, String> secrets) {

    public RecordContent {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        data = data == null ? "{}" : data;
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    }

    public static RecordContent of(String data) {
        return new RecordContent(Map.of(), data, Map.of());
    }

    public RecordContent withLabels(Map<String, String> newLabels) {
        return new RecordContent(newLabels, data, secrets);
    }

    public RecordContent withData(String newData) {
        return new RecordContent(labels, newData, secrets);
    }

    public RecordContent withSecrets(Map<String, String> newSecrets) {
        return new RecordContent(labels, data, newSecrets);
    }

    @Override
    public String toString() {
        return "RecordContent[labels=" + new TreeMap<>(labels) + ", data=" + data + ", secrets=" + Redaction.keysOnly(secrets)
            + "]";
    }
}
