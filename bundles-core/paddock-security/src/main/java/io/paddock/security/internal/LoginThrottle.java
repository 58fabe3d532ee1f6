package io.paddock.security.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code freeFailures} failed logins in a row for one key (an
 * account or a client address) the key is locked, for {@code baseLock} and twice as long after each
 * further failure, up to {@code maxLock}. A success clears the account's count. Kept in memory: a
 * restart forgets it, which costs an attacker a restart per lock.
 */
final class LoginThrottle {

    private static final int MAX_KEYS = 100_000;
    private static final Duration FORGET_AFTER = Duration.ofHours(1);

    private record Failures(int count, Instant lastFailure, Instant lockedUntil) {
    }

    private final int freeFailures;
    private final Duration baseLock;
    private final Duration maxLock;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    LoginThrottle(int freeFailures, Duration baseLock, Duration maxLock, Clock clock) {
        this.freeFailures = freeFailures;
        this.baseLock = baseLock;
        this.maxLock = maxLock;
        this.clock = clock;
    }

    /** Seconds until {@code key} may try again, 0 when it may now. */
    long secondsLocked(String key) {
        Failures current = failures.get(key);
        if (current == null || current.lockedUntil == null) {
            return 0;
        }
        long millis = Duration.between(clock.instant(), current.lockedUntil).toMillis();
        return millis <= 0 ? 0 : (millis + 999) / 1000;
    }

    void failed(String key) {
        Instant now = clock.instant();
        if (failures.size() > MAX_KEYS) {
            forgetOld(now);
        }
        failures.compute(key, (k, old) -> {
            int count = old == null || old.lastFailure.plus(FORGET_AFTER).isBefore(now) ? 1 : old.count + 1;
            Instant lockedUntil = null;
            if (count >= freeFailures) {
                int doublings = Math.min(count - freeFailures, 30);
                Duration lock = baseLock.multipliedBy(1L << doublings);
                lockedUntil = now.plus(lock.compareTo(maxLock) > 0 ? maxLock : lock);
            }
            return new Failures(count, now, lockedUntil);
        });
    }

    void succeeded(String key) {
        failures.remove(key);
    }

    private void forgetOld(Instant now) {
        failures.entrySet().removeIf(entry -> entry.getValue().lastFailure.plus(FORGET_AFTER).isBefore(now));
    }
}
