package io.paddock.testbed.oidc;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * One redirect login as the core starts it: a random state and PKCE verifier. Tests of redirect
 * login providers compute the S256 challenge here, independently of the code under test.
 *
 * @param state    the value the provider must send back unchanged
 * @param verifier the PKCE code verifier (RFC 7636: 43 to 128 characters)
 */
public record LoginAttempt(String state, String verifier) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static LoginAttempt next() {
        return new LoginAttempt(random(24), random(48));
    }

    /** The PKCE S256 challenge of {@link #verifier()}. */
    public String challenge() {
        return challenge(verifier);
    }

    /** BASE64URL(SHA-256(ASCII(verifier))), without padding. */
    public static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** The decoded query parameters of {@code uri}, e.g. {@code code} and {@code state} of a callback. */
    public static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
