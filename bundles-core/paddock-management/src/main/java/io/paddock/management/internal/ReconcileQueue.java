package io.paddock.management.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When one reconcile loop runs its pass: requests within a moment make one pass, passes never
 * overlap, a failed pass is tried again a little later, and nothing runs once stopped.
 */
final class ReconcileQueue {

    /** Watch events and store changes come in bursts: wait this long for the rest of one. */
    static final long COALESCE_MILLIS = 100;
    private static final long RETRY_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileQueue.class);

    private final String name;
    private final ScheduledExecutorService executor;
    private final Runnable pass;
    private final Object running = new Object();
    private boolean queued;
    private boolean stopped;

    /** @param name says whose pass failed in the log, e.g. {@code Cluster 'prod': RBAC sync} */
    ReconcileQueue(String name, ScheduledExecutorService executor, Runnable pass) {
        this.name = name;
        this.executor = executor;
        this.pass = pass;
    }

    /** Something changed: a pass soon. */
    void changed() {
        queue(COALESCE_MILLIS);
    }

    synchronized void queue(long delayMillis) {
        if (!queued && !stopped) {
            queued = true;
            executor.schedule(this::run, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    synchronized void stop() {
        stopped = true;
    }

    /** Runs {@code action} while no pass runs, e.g. a clean-up after {@link #stop()}. */
    void exclusively(Runnable action) {
        synchronized (running) {
            action.run();
        }
    }

    private void run() {
        synchronized (this) {
            queued = false;
            if (stopped) {
                return;
            }
        }
        synchronized (running) {
            try {
                pass.run();
            } catch (RuntimeException e) {
                LOG.warn("{} failed, retrying in {}s: {}", name, RETRY_SECONDS, e.getMessage());
                queue(TimeUnit.SECONDS.toMillis(RETRY_SECONDS));
            }
        }
    }
}
