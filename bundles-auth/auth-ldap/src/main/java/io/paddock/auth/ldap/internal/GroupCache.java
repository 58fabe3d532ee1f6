package io.paddock.auth.ldap.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.paddock.api.auth.ExternalGroup;

/**
 * A user's groups for a while after they were read, keyed by the user's normalized DN: resolving
 * nested groups takes several searches, and people log in again soon. A membership change in the
 * directory shows at the first login after the entry expired.
 */
final class GroupCache {

    /** Far more than the people who log in within one TTL; beyond it expired entries are dropped, then all. */
    private static final int MAX_ENTRIES = 10_000;

    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    GroupCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The cached groups of {@code userDn}, or {@code null} when none are cached or they expired. */
    List<ExternalGroup> get(String userDn) {
        Entry entry = entries.get(userDn);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(userDn, entry);
            return null;
        }
        return entry.groups();
    }

    void put(String userDn, List<ExternalGroup> groups) {
        if (ttl.isZero()) {
            return;
        }
        Instant now = clock.instant();
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(entry -> !now.isBefore(entry.expires()));
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(userDn, new Entry(List.copyOf(groups), now.plus(ttl)));
    }

    private record Entry(List<ExternalGroup> groups, Instant expires) {
    }
}
