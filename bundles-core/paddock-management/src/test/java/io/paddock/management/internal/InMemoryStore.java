package io.paddock.management.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.paddock.api.store.ChangeEvent;
import io.paddock.api.store.ChangeListener;
import io.paddock.api.store.ConflictException;
import io.paddock.api.store.ListPage;
import io.paddock.api.store.ListQuery;
import io.paddock.api.store.NotFoundException;
import io.paddock.api.store.RecordContent;
import io.paddock.api.store.Store;
import io.paddock.api.store.StoreRecord;
import io.paddock.api.store.Watch;

/**
 * A test double of the {@link Store}: records in memory with the real store's versioning and conflicts,
 * lists by kind, labels and name prefix in name order on one page; no change feed.
 */
final class InMemoryStore implements Store {

    private final Map<String, StoreRecord> records = new TreeMap<>();
    private long sequence;

    @Override
    public synchronized StoreRecord create(String kind, String name, RecordContent content) {
        if (records.containsKey(key(kind, name))) {
            throw new ConflictException(kind + " '" + name + "' exists", records.get(key(kind, name)).resourceVersion());
        }
        return put(kind, name, content, Instant.now());
    }

    @Override
    public synchronized Optional<StoreRecord> get(String kind, String name) {
        return Optional.ofNullable(records.get(key(kind, name)));
    }

    @Override
    public synchronized StoreRecord update(String kind, String name, long expectedVersion, RecordContent content) {
        StoreRecord current = existing(kind, name);
        if (current.resourceVersion() != expectedVersion) {
            throw new ConflictException(kind + " '" + name + "' changed", current.resourceVersion());
        }
        return put(kind, name, content, current.createdAt());
    }

    @Override
    public synchronized void delete(String kind, String name, long expectedVersion) {
        if (existing(kind, name).resourceVersion() != expectedVersion) {
            throw new ConflictException(kind + " '" + name + "' changed", existing(kind, name).resourceVersion());
        }
        delete(kind, name);
    }

    @Override
    public synchronized void delete(String kind, String name) {
        existing(kind, name);
        records.remove(key(kind, name));
        sequence++;
    }

    @Override
    public synchronized ListPage list(String kind, ListQuery query) {
        List<StoreRecord> items = new ArrayList<>();
        for (StoreRecord record : records.values()) {
            if (record.kind().equals(kind) && record.name().startsWith(query.namePrefix())
                && record.labels().entrySet().containsAll(query.labels().entrySet())) {
                items.add(record);
            }
        }
        return new ListPage(items, null, sequence);
    }

    @Override
    public List<ChangeEvent> events(long afterSequence, int limit) {
        return List.of();
    }

    @Override
    public Watch watch(String kind, long afterSequence, ChangeListener listener) {
        throw new UnsupportedOperationException("no change feed in this test double");
    }

    @Override
    public synchronized long currentSequence() {
        return sequence;
    }

    @Override
    public int reencryptSecrets() {
        return 0;
    }

    private StoreRecord existing(String kind, String name) {
        StoreRecord record = records.get(key(kind, name));
        if (record == null) {
            throw new NotFoundException(kind + " '" + name + "' not found");
        }
        return record;
    }

    private StoreRecord put(String kind, String name, RecordContent content, Instant createdAt) {
        StoreRecord record = new StoreRecord(kind, name, ++sequence, content.labels(), content.data(), content.secrets(), createdAt,
            Instant.now());
        records.put(key(kind, name), record);
        return record;
    }

    private static String key(String kind, String name) {
        return kind + "\u0000" + name;
    }
}
