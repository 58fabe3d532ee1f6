package io.paddock.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.paddock.api.access.ApiToken;
import io.paddock.api.access.IssuedToken;
import io.paddock.api.access.TokenHash;
import io.paddock.api.store.ConflictException;
import io.paddock.api.store.ListPage;
import io.paddock.api.store.ListQuery;
import io.paddock.api.store.NotFoundException;
import io.paddock.api.store.RecordContent;
import io.paddock.api.store.Store;
import io.paddock.api.store.StoreRecord;

/**
 * Sessions and API tokens as {@code token} records. A token's value is {@code pdk_<id>.<secret>};
 * only the SHA-256 of the secret is kept (256 random bits need no slow hash), as an encrypted
 * secret field that never enters the change feed.
 */
final class TokenRegistry {

    static final String KIND = "token";
    static final String USER_LABEL = "paddock.io/user";
    static final String PROVIDER_LABEL = "paddock.io/provider";
    private static final String PREFIX = "pdk_";
    private static final String HASH = "sha256";
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    /** The data document of a token record. */
    record TokenData(String user, String provider, String description, boolean session, Instant createdAt, Instant expiresAt,
                     Instant lastUsedAt) {
    }

    private final Store store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    TokenRegistry(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    IssuedToken issue(String user, String provider, String description, boolean session, Duration ttl) {
        String id = randomId();
        byte[] secretBytes = new byte[32];
        random.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        Instant now = clock.instant();
        TokenData data = new TokenData(user, provider, description, session, now, now.plus(ttl), null);
        store.create(KIND, id, new RecordContent(Map.of(USER_LABEL, user, PROVIDER_LABEL, provider), RecordJson.write(data),
            Map.of(HASH, sha256(secret))));
        return new IssuedToken(token(id, data), PREFIX + id + "." + secret);
    }

    /** The token this value belongs to, if the value is genuine and unexpired; records its use. */
    Optional<ApiToken> verify(String value) {
        if (value == null || !value.startsWith(PREFIX) || value.length() > 200) {
            return Optional.empty();
        }
        int dot = value.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String id = value.substring(PREFIX.length(), dot);
        Optional<StoreRecord> stored = store.get(KIND, id);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        StoreRecord record = stored.get();
        String expected = record.secrets().get(HASH);
        String presented = sha256(value.substring(dot + 1));
        if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
            presented.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        TokenData data = RecordJson.read(record.data(), TokenData.class);
        Instant now = clock.instant();
        if (data.expiresAt() != null && !now.isBefore(data.expiresAt())) {
            deleteQuietly(id);
            return Optional.empty();
        }
        if (data.lastUsedAt() == null || data.lastUsedAt().plus(LAST_USED_GRANULARITY).isBefore(now)) {
            data = touch(record, data, now);
        }
        return Optional.of(token(id, data));
    }

    /** The id part of a token value, without checking it. */
    static Optional<String> idOf(String value) {
        if (value == null || !value.startsWith(PREFIX) || value.indexOf('.') < 0) {
            return Optional.empty();
        }
        return Optional.of(value.substring(PREFIX.length(), value.indexOf('.')));
    }

    List<ApiToken> ofUser(String user) {
        return matching(Map.of(USER_LABEL, user));
    }

    /** Unexpired API tokens (no sessions) with their stored hashes. */
    List<TokenHash> apiTokenHashes() {
        Instant now = clock.instant();
        List<TokenHash> hashes = new ArrayList<>();
        forEachRecord(Map.of(), record -> {
            ApiToken token = token(record.name(), RecordJson.read(record.data(), TokenData.class));
            String hash = record.secrets().get(HASH);
            if (!token.session() && hash != null && (token.expiresAt() == null || now.isBefore(token.expiresAt()))) {
                hashes.add(new TokenHash(token, HASH, hash));
            }
        });
        return hashes;
    }

    /** Deletes a token; returns false when it did not exist. */
    boolean revoke(String id) {
        return deleteQuietly(id);
    }

    /** Deletes every token matching the labels (a user's, a provider's); returns how many. */
    int revokeAll(Map<String, String> labels) {
        int count = 0;
        for (ApiToken token : matching(labels)) {
            if (deleteQuietly(token.id())) {
                count++;
            }
        }
        return count;
    }

    /** Deletes expired tokens; returns how many. */
    int sweepExpired() {
        Instant now = clock.instant();
        int count = 0;
        for (ApiToken token : matching(Map.of())) {
            if (token.expiresAt() != null && !now.isBefore(token.expiresAt()) && deleteQuietly(token.id())) {
                count++;
            }
        }
        return count;
    }

    private List<ApiToken> matching(Map<String, String> labels) {
        List<ApiToken> tokens = new ArrayList<>();
        forEachRecord(labels, record -> tokens.add(token(record.name(), RecordJson.read(record.data(), TokenData.class))));
        return tokens;
    }

    private void forEachRecord(Map<String, String> labels, Consumer<StoreRecord> action) {
        ListQuery query = ListQuery.all().withLabels(labels).withLimit(ListQuery.MAX_LIMIT);
        while (true) {
            ListPage page = store.list(KIND, query);
            page.items().forEach(action);
            if (!page.hasMore()) {
                return;
            }
            query = query.continueFrom(page.continueToken());
        }
    }

    private TokenData touch(StoreRecord record, TokenData data, Instant now) {
        TokenData used = new TokenData(data.user(), data.provider(), data.description(), data.session(), data.createdAt(),
            data.expiresAt(), now);
        try {
            store.update(KIND, record.name(), record.resourceVersion(), record.content().withData(RecordJson.write(used)));
        } catch (ConflictException | NotFoundException e) {
            // a concurrent use recorded it, or a revocation won: either way nothing to do
        }
        return used;
    }

    private boolean deleteQuietly(String id) {
        try {
            store.delete(KIND, id);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static ApiToken token(String id, TokenData data) {
        return new ApiToken(id, data.user(), data.provider(), data.description(), data.session(), data.createdAt(),
            data.expiresAt(), data.lastUsedAt());
    }

    private String randomId() {
        char[] id = new char[16];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
        }
        return new String(id);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
