package io.paddock.agent.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Secret;

/**
 * One Paddock API token as Paddock mirrors it into the cluster: a Secret {@code paddock-token-<id>}
 * of type {@code paddock.io/auth-token} (layout in Paddock's {@code docs/access.md}). Only Paddock's
 * own identities are accepted from it, so a Secret forged by someone who may write Secrets there
 * still cannot claim {@code system:masters}.
 *
 * @param id        the token's public id
 * @param hash      SHA-256 of the token's secret part (Paddock stores and mirrors it as hex)
 * @param username  {@code paddock:user:<name>}
 * @param groups    {@code paddock:group:<provider>:<group>} names
 * @param expiresAt when the token stops working, or {@code null} for never
 */
record MirroredToken(String id, byte[] hash, String username, List<String> groups, Instant expiresAt) {

    static final String SECRET_PREFIX = "paddock-token-";
    static final String LABEL = "paddock.io/managed";
    static final String LABEL_VALUE = "auth-token";
    static final String TYPE = "paddock.io/auth-token";
    private static final String USER_PREFIX = "paddock:user:";
    private static final String GROUP_PREFIX = "paddock:group:";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws IllegalArgumentException saying what is wrong with the Secret, never quoting its values */
    static MirroredToken of(Secret secret) {
        String name = secret.getMetadata().getName();
        if (!TYPE.equals(secret.getType())) {
            throw new IllegalArgumentException("Secret " + name + " is not of type " + TYPE);
        }
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        String id = text(data, "token-id", name);
        if (!name.equals(SECRET_PREFIX + id)) {
            throw new IllegalArgumentException("Secret " + name + " holds another token's id");
        }
        if (!"sha256".equals(text(data, "hash-algorithm", name))) {
            throw new IllegalArgumentException("Secret " + name + " uses a hash algorithm this webhook does not know");
        }
        byte[] hash;
        try {
            hash = HexFormat.of().parseHex(text(data, "hash", name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Secret " + name + ": hash is not hexadecimal");
        }
        String username = text(data, "username", name);
        if (!username.startsWith(USER_PREFIX)) {
            throw new IllegalArgumentException("Secret " + name + " names a user outside Paddock's " + USER_PREFIX + "*");
        }
        List<String> groups = groups(text(data, "groups", name), name);
        Instant expiresAt = null;
        if (data.containsKey("expires-at")) {
            try {
                expiresAt = Instant.parse(text(data, "expires-at", name));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("Secret " + name + ": expires-at is not an ISO-8601 instant");
            }
        }
        return new MirroredToken(id, hash, username, groups, expiresAt);
    }

    /** Whether {@code secret} (the part after the dot) is this token's, compared in constant time. */
    boolean matches(String secret) {
        return MessageDigest.isEqual(hash, sha256(secret));
    }

    boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    private static List<String> groups(String json, String name) {
        List<String> groups = new ArrayList<>();
        try {
            JsonNode array = JSON.readTree(json);
            if (array == null || !array.isArray()) {
                throw new IllegalArgumentException("Secret " + name + ": groups is not a JSON array");
            }
            for (JsonNode group : array) {
                if (!group.isTextual() || !group.asText().startsWith(GROUP_PREFIX)) {
                    throw new IllegalArgumentException("Secret " + name + " names a group outside Paddock's " + GROUP_PREFIX + "*");
                }
                groups.add(group.asText());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Secret " + name + ": groups is not JSON");
        }
        return List.copyOf(groups);
    }

    private static String text(Map<String, String> data, String key, String name) {
        String value = data.get(key);
        if (value == null) {
            throw new IllegalArgumentException("Secret " + name + " has no " + key);
        }
        try {
            return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Secret " + name + ": " + key + " is not base64");
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
