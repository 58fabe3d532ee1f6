package io.paddock.api.store;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Paddock's persistent state. Every write takes the next number of one global sequence: it becomes
 * the record's resource version and the position of the write's event in the change feed, and
 * writes commit in that order.
 *
 * <p>Kinds are lower-case words ({@code cluster}, {@code project-member}); names are unique per
 * kind. Invalid input throws {@link IllegalArgumentException}; other failures throw
 * {@link StoreException} subclasses whose messages can be shown to users.
 */
@ProviderType
public interface Store {

    /** @throws ConflictException when a record of that kind and name exists */
    StoreRecord create(String kind, String name, RecordContent content);

    Optional<StoreRecord> get(String kind, String name);

    /**
     * Replaces the record's content if it is still at {@code expectedVersion}.
     *
     * @throws ConflictException when another write came first: nothing is lost, the caller rereads
     * @throws NotFoundException when the record does not exist
     */
    StoreRecord update(String kind, String name, long expectedVersion, RecordContent content);

    /**
     * Deletes the record if it is still at {@code expectedVersion}.
     *
     * @throws ConflictException when it changed since
     * @throws NotFoundException when it does not exist
     */
    void delete(String kind, String name, long expectedVersion);

    /** Deletes the record whatever its version. @throws NotFoundException when it does not exist */
    void delete(String kind, String name);

    /** One page of the records of {@code kind} that match {@code query}, filtered and sorted by the database. */
    ListPage list(String kind, ListQuery query);

    /**
     * Up to {@code limit} events with a sequence greater than {@code afterSequence}, in order.
     *
     * @throws ResumeTooOldException when events after {@code afterSequence} were compacted
     */
    List<ChangeEvent> events(long afterSequence, int limit);

    /**
     * Delivers every event after {@code afterSequence} (of one kind, or of all when {@code kind} is
     * {@code null}) to {@code listener}, first those already in the feed, then new ones as they are
     * committed, by any Paddock node sharing the database.
     */
    Watch watch(String kind, long afterSequence, ChangeListener listener);

    /** The sequence of the last committed write. */
    long currentSequence();

    /**
     * Re-encrypts every secret that is not under the primary key of the key file (which is read
     * again first), so that old keys can be removed afterwards.
     *
     * @return how many secret values were re-encrypted
     */
    int reencryptSecrets();
}
