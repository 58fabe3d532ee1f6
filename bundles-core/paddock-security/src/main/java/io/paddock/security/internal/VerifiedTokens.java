package io.paddock.security.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.paddock.api.access.Identity;
import io.paddock.api.store.Store;
import io.paddock.api.store.Watch;

/**
 * Identities of recently verified tokens, so that a request (every kubectl call through the proxy)
 * costs no store read and no decryption. An entry goes as soon as its token or its user changes:
 * at once for changes made through this node (the callers say so), through the store's change feed
 * for changes made by other nodes, and after {@link #TTL} at the latest. Keyed by the token's
 * SHA-256, so no token is kept in memory.
 */
final class VerifiedTokens implements AutoCloseable {

    static final Duration TTL = Duration.ofSeconds(30);
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(String tokenId, Identity identity, Instant until) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Counts forgets, so a verification that raced with one does not store what was just forgotten. */
    private final AtomicLong forgets = new AtomicLong();
    private final Clock clock;
    private final List<Watch> watches;

    VerifiedTokens(Store store, Clock clock) {
        this.clock = clock;
        long position = store.currentSequence();
        this.watches = List.of(store.watch(TokenRegistry.KIND, position, event -> forgetToken(event.name())),
            store.watch(UserRegistry.KIND, position, event -> forgetUser(event.name())));
    }

    Optional<Identity> get(String tokenValue) {
        String key = TokenRegistry.sha256(tokenValue);
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.until())) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.identity());
    }

    /** Read before verifying a token; pass to {@link #put}. */
    long generation() {
        return forgets.get();
    }

    /**
     * @param expiresAt  when the token expires, or null
     * @param generation {@link #generation()} from before the token was read from the store
     */
    void put(String tokenValue, Identity identity, Instant expiresAt, long generation) {
        if (forgets.get() != generation) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear(); // a flood of distinct tokens: start over rather than grow
        }
        Instant until = clock.instant().plus(TTL);
        entries.put(TokenRegistry.sha256(tokenValue), new Entry(identity.tokenId(), identity,
            expiresAt != null && expiresAt.isBefore(until) ? expiresAt : until));
    }

    void forgetToken(String tokenId) {
        forgets.incrementAndGet();
        entries.values().removeIf(entry -> tokenId.equals(entry.tokenId()));
    }

    void forgetUser(String user) {
        forgets.incrementAndGet();
        entries.values().removeIf(entry -> entry.identity().user().equals(user));
    }

    void clear() {
        forgets.incrementAndGet();
        entries.clear();
    }

    @Override
    public void close() {
        watches.forEach(Watch::close);
    }
}
