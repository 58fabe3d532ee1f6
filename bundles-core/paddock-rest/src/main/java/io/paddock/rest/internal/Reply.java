package io.paddock.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers: status, JSON body (none for {@code null}) and extra headers. */
record Reply(int status, Object body, Map<String, String> headers) {

    /** A body sent as is instead of as JSON. */
    record Text(String contentType, String text) {
    }

    static Reply ok(Object body) {
        return new Reply(200, body, Map.of());
    }

    static Reply created(Object body) {
        return new Reply(201, body, Map.of());
    }

    /** A long operation started; the body shows where it stands. */
    static Reply accepted(Object body) {
        return new Reply(202, body, Map.of());
    }

    static Reply noContent() {
        return new Reply(204, null, Map.of());
    }

    static Reply redirect(String location, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Location", location);
        return new Reply(302, null, all);
    }

    Reply withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new Reply(status, body, all);
    }
}
