package io.paddock.it;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Polls until a value satisfies a condition: the container applies config and installs bundles asynchronously. */
public final class Eventually {

    private static final long PAUSE_MILLIS = 500;

    private Eventually() {
    }

    public static <T> T eventually(Duration timeout, Callable<T> probe, Predicate<T> done) throws Exception {
        return poll(timeout, PAUSE_MILLIS, probe, done);
    }

    /** As {@link #eventually}, without pausing between probes, for measuring how soon something happens. */
    public static <T> T promptly(Duration timeout, Callable<T> probe, Predicate<T> done) throws Exception {
        return poll(timeout, 0, probe, done);
    }

    private static <T> T poll(Duration timeout, long pauseMillis, Callable<T> probe, Predicate<T> done) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        T last = probe.call();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within " + timeout + "; last value:\n" + last);
            }
            Thread.sleep(pauseMillis);
            last = probe.call();
        }
        return last;
    }
}
