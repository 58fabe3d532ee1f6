package io.paddock.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void locksAfterTheFreeFailuresAndDoublesUpToTheMaximum() {
        MovableClock clock = new MovableClock();
        LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(10), Duration.ofSeconds(60), clock);
        throttle.failed("alice");
        throttle.failed("alice");
        assertEquals(0, throttle.secondsLocked("alice"));
        throttle.failed("alice");
        assertEquals(10, throttle.secondsLocked("alice"));
        throttle.failed("alice");
        assertEquals(20, throttle.secondsLocked("alice"));
        for (int i = 0; i < 10; i++) {
            throttle.failed("alice");
        }
        assertEquals(60, throttle.secondsLocked("alice"));
        clock.now = clock.now.plusSeconds(61);
        assertEquals(0, throttle.secondsLocked("alice"));
        assertEquals(0, throttle.secondsLocked("bob"), "keys are independent");
    }

    @Test
    void successClearsAndOldFailuresAreForgotten() {
        MovableClock clock = new MovableClock();
        LoginThrottle throttle = new LoginThrottle(2, Duration.ofSeconds(5), Duration.ofMinutes(1), clock);
        throttle.failed("alice");
        throttle.succeeded("alice");
        throttle.failed("alice");
        assertEquals(0, throttle.secondsLocked("alice"));
        clock.now = clock.now.plus(Duration.ofHours(2));
        throttle.failed("alice");
        assertEquals(0, throttle.secondsLocked("alice"), "a failure two hours ago does not count");
    }
}
