package io.paddock.store.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import io.paddock.api.store.ListQuery;

/**
 * Keyset position of a list page: the sort value and name of its last record, plus a fingerprint of
 * the query it belongs to, so a token reused with another filter or order is refused instead of
 * silently skipping records. Opaque to callers (base64url).
 */
record ContinueToken(long lastTime, String lastName) {

    private static final String VERSION = "1";

    static String encode(ListQuery query, long lastTime, String lastName) {
        String plain = VERSION + "\n" + fingerprint(query) + "\n" + lastTime + "\n" + lastName;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static ContinueToken decode(ListQuery query) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(query.continueToken()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String[] parts = plain.split("\n", 4);
        if (parts.length != 4 || !parts[0].equals(VERSION)) {
            throw invalid();
        }
        if (!parts[1].equals(fingerprint(query))) {
            throw new IllegalArgumentException("continue token belongs to a list with other labels, name prefix or order;"
                + " repeat the query of the previous page, or start again without the token");
        }
        try {
            return new ContinueToken(Long.parseLong(parts[2]), parts[3]);
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static String fingerprint(ListQuery query) {
        Map<String, String> labels = new TreeMap<>(query.labels());
        String described = query.sortField() + (query.descending() ? "-desc" : "-asc") + "|" + query.namePrefix() + "|" + labels;
        return Integer.toHexString(described.hashCode());
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("continue token is not one returned by this store; start again without it");
    }
}
