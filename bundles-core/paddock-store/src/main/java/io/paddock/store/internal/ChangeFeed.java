package io.paddock.store.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paddock.api.store.ChangeEvent;
import io.paddock.api.store.ChangeListener;
import io.paddock.api.store.ResumeTooOldException;
import io.paddock.api.store.StoreException;
import io.paddock.api.store.Watch;

/**
 * One background thread that polls the feed table for every watch of this store and compacts old
 * events. Polling sees writes of every Paddock node sharing the database, with no database-specific
 * notification mechanism; one query per interval serves all watches, starting from the one furthest
 * behind.
 */
final class ChangeFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
    private static final int BATCH = 500;
    private static final Duration COMPACTION_INTERVAL = Duration.ofMinutes(1);

    private final JdbcStore store;
    private final long pollMillis;
    private final Duration retention;
    private final Clock clock;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final Object wakeUp = new Object();
    private volatile boolean running = true;
    private long nextCompaction;

    ChangeFeed(JdbcStore store, long pollMillis, int retentionMinutes, Clock clock) {
        this.store = store;
        this.pollMillis = pollMillis;
        this.retention = Duration.ofMinutes(retentionMinutes);
        this.clock = clock;
        this.thread = new Thread(this::run, "paddock-store-feed");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Watch subscribe(String kind, long afterSequence, ChangeListener listener) {
        Subscription subscription = new Subscription(kind, afterSequence, listener);
        subscriptions.add(subscription);
        signal();
        return subscription;
    }

    private void run() {
        while (running) {
            boolean behind = false;
            try {
                behind = deliver();
                compactWhenDue();
            } catch (StoreException e) {
                // the database is unreachable for now; watches keep their positions and resume when it is back
                LOG.warn("change feed: {}", e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("change feed: unexpected failure, retrying", e);
            }
            if (!behind) {
                pause();
            }
        }
    }

    /** @return whether more events are waiting */
    private boolean deliver() {
        if (subscriptions.isEmpty()) {
            return false;
        }
        long from = Long.MAX_VALUE;
        for (Subscription subscription : subscriptions) {
            from = Math.min(from, subscription.position);
        }
        List<ChangeEvent> events;
        try {
            events = store.events(from, BATCH);
        } catch (ResumeTooOldException e) {
            for (Subscription subscription : subscriptions) {
                if (subscription.position < e.oldestResumable()) {
                    subscription.end(new ResumeTooOldException(subscription.position, e.oldestResumable()));
                }
            }
            return true;
        }
        for (ChangeEvent event : events) {
            for (Subscription subscription : subscriptions) {
                subscription.offer(event);
            }
        }
        return events.size() == BATCH;
    }

    private void compactWhenDue() {
        long now = clock.millis();
        if (now < nextCompaction) {
            return;
        }
        nextCompaction = now + COMPACTION_INTERVAL.toMillis();
        int removed = store.compactEvents(clock.instant().minus(retention));
        if (removed > 0) {
            LOG.info("change feed: compacted {} events older than {} minutes", removed, retention.toMinutes());
        }
    }

    private void pause() {
        synchronized (wakeUp) {
            try {
                wakeUp.wait(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private void signal() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    @Override
    public void close() {
        running = false;
        signal();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Subscription subscription : subscriptions) {
            subscription.close();
        }
    }

    private final class Subscription implements Watch {

        private final String kind;
        private final ChangeListener listener;
        private volatile long position;
        private volatile boolean closed;

        Subscription(String kind, long position, ChangeListener listener) {
            this.kind = kind;
            this.position = position;
            this.listener = listener;
        }

        void offer(ChangeEvent event) {
            if (closed || event.sequence() <= position) {
                return;
            }
            if (kind == null || kind.equals(event.kind())) {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    // skipping the event would break the promise of no missed events: end the watch instead
                    LOG.warn("change feed: a watch listener failed on event {} ({} {}/{}) and was closed: {}", event.sequence(),
                        event.type(), event.kind(), event.name(), e.toString());
                    end(new StoreException("the watch was closed because its listener failed on event " + event.sequence()
                        + "; watch again from sequence " + position));
                    return;
                }
            }
            position = event.sequence();
        }

        void end(StoreException reason) {
            close();
            try {
                listener.onClosed(reason);
            } catch (RuntimeException e) {
                LOG.warn("change feed: a watch listener failed while being closed: {}", e.toString());
            }
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public void close() {
            closed = true;
            subscriptions.remove(this);
        }
    }
}
