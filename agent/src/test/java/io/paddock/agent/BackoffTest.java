package io.paddock.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final long[] CEILINGS = {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};

    @Test
    void delaysDoubleUpToTheCapAndSpreadOverTheWholeRange() {
        SplittableRandom random = new SplittableRandom(7);
        long[] shortest = new long[CEILINGS.length];
        long[] longest = new long[CEILINGS.length];
        Arrays.fill(shortest, Long.MAX_VALUE);
        for (int agent = 0; agent < 2000; agent++) {
            Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), random);
            for (int attempt = 0; attempt < CEILINGS.length; attempt++) {
                long delay = backoff.next().toMillis();
                assertTrue(delay >= 0 && delay <= CEILINGS[attempt], "attempt " + attempt + " waited " + delay + " ms");
                shortest[attempt] = Math.min(shortest[attempt], delay);
                longest[attempt] = Math.max(longest[attempt], delay);
            }
        }
        for (int attempt = 0; attempt < CEILINGS.length; attempt++) {
            assertTrue(shortest[attempt] < CEILINGS[attempt] / 20 && longest[attempt] > CEILINGS[attempt] * 19 / 20,
                "attempt " + attempt + " spread from " + shortest[attempt] + " to " + longest[attempt] + " ms");
        }
    }

    @Test
    void aResetStartsFromTheFirstDelay() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(3));
        for (int attempt = 0; attempt < 10; attempt++) {
            backoff.next();
        }
        backoff.reset();
        for (int round = 0; round < 100; round++) {
            backoff.reset();
            assertTrue(backoff.next().toMillis() <= 1000);
        }
    }
}
