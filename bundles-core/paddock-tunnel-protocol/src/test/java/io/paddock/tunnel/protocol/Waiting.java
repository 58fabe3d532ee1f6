package io.paddock.tunnel.protocol;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for what other threads do, and looking at which threads run. */
public final class Waiting {

    private Waiting() {
    }

    /** Waits until {@code condition} holds; fails with {@code what} (built at the time of failing) after {@code limit}. */
    public static void until(BooleanSupplier condition, Duration limit, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what.get());
            }
            Thread.sleep(20);
        }
    }

    /** Names of the live threads whose name starts with {@code prefix}. */
    public static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(name -> name.startsWith(prefix)).sorted().toList();
    }
}
