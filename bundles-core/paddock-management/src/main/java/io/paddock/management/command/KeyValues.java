package io.paddock.management.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Form fields given on the command line as {@code key=value}. */
final class KeyValues {

    private KeyValues() {
    }

    static Map<String, String> parse(List<String> pairs) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : pairs == null ? List.<String>of() : pairs) {
            int equals = pair.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("'" + pair + "' is not key=value");
            }
            fields.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return fields;
    }
}
