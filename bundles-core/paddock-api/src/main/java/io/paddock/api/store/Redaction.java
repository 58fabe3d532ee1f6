package io.paddock.api.store;

import java.util.Map;
import java.util.TreeSet;

/** Renders secrets for toString(): key names only, so records can be logged safely. */
final class Redaction {

    private Redaction() {
    }

    static String keysOnly(Map<String, String> secrets) {
        return new TreeSet<>(secrets.keySet()) + " (values hidden)";
    }
}
