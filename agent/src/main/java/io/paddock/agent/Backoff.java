package io.paddock.agent;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Delays between reconnection attempts: exponential with full jitter. The n-th delay is drawn evenly
 * from 0 to min(cap, first x 2<sup>n</sup>), so agents that lost the server together do not come
 * back together.
 */
final class Backoff {

    private final long firstMillis;
    private final long capMillis;
    private final RandomGenerator random;
    private int attempts;

    Backoff(Duration first, Duration cap, RandomGenerator random) {
        this.firstMillis = first.toMillis();
        this.capMillis = cap.toMillis();
        this.random = random;
    }

    Duration next() {
        long ceiling = Math.min(capMillis, firstMillis << attempts);
        if (ceiling < capMillis) {
            attempts++; // stops at the cap, so the shift never overflows
        }
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }

    /** Starts again from the first delay. */
    void reset() {
        attempts = 0;
    }
}
