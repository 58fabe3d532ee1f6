package io.paddock.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.paddock.api.store.Page;

/** The list envelope every list call answers: items, the continue token and the resource version to watch from. */
final class Lists {

    private Lists() {
    }

    static Map<String, Object> page(Page<?> page) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items());
        body.put("continue", page.continueToken());
        body.put("resourceVersion", page.sequence());
        return body;
    }

    static Map<String, Object> all(List<?> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("continue", null);
        return body;
    }
}
