package io.paddock.store.internal;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import io.paddock.api.store.ChangeEvent;
import io.paddock.api.store.ChangeListener;
import io.paddock.api.store.ChangeType;
import io.paddock.api.store.ConflictException;
import io.paddock.api.store.ListPage;
import io.paddock.api.store.ListQuery;
import io.paddock.api.store.NotFoundException;
import io.paddock.api.store.RecordContent;
import io.paddock.api.store.ResumeTooOldException;
import io.paddock.api.store.SortField;
import io.paddock.api.store.Store;
import io.paddock.api.store.StoreException;
import io.paddock.api.store.StoreRecord;
import io.paddock.api.store.Watch;

/**
 * The {@link Store} over JDBC, identical SQL for H2 and PostgreSQL.
 *
 * <p>Every write first increments the single row of {@code store_state}. The row lock that this
 * takes is held until commit, so writes are serialized, sequence order is commit order, and the
 * change feed read by {@code seq > position} never passes over a write that commits later. That is
 * what makes polling the feed table correct for several Paddock nodes on one PostgreSQL.
 */
public final class JdbcStore implements Store, AutoCloseable {

    private static final int REENCRYPT_BATCH = 200;
    private static final String RECORD_COLUMNS = "id, kind, name, resource_version, labels, data, created_at, updated_at";
    private static final String EVENT_COLUMNS =
        "seq, event_type, kind, name, resource_version, labels, data, created_at, updated_at";

    private final StoreSettings settings;
    private final HikariDataSource dataSource;
    private final String schemaVersion;
    private final Clock clock;
    private final SecretCipher cipher;
    private final RecordRules rules = new RecordRules();
    private final ChangeFeed feed;
    private volatile Keyring keyring;

    private JdbcStore(StoreSettings settings, HikariDataSource dataSource, String schemaVersion, Keyring keyring, Clock clock,
                      SecureRandom random) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.schemaVersion = schemaVersion;
        this.keyring = keyring;
        this.clock = clock;
        this.cipher = new SecretCipher(random);
        this.feed = new ChangeFeed(this, settings.feedPollMillis(), settings.feedRetentionMinutes(), clock);
    }

    /** Connects, migrates the schema, reads (or creates) the key file and starts the feed thread. */
    public static JdbcStore open(StoreSettings settings, Clock clock) {
        SecureRandom random = new SecureRandom();
        Keyring keyring = Keyring.loadOrCreate(settings.keysFile(), random);
        HikariDataSource dataSource = Databases.connect(settings);
        try {
            String version = Databases.migrate(dataSource, settings.backend());
            JdbcStore store = new JdbcStore(settings, dataSource, version, keyring, clock, random);
            store.feed.start();
            return store;
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    StoreSettings settings() {
        return settings;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** One line for the health report. */
    String describe() {
        long sequence = currentSequence();
        return settings.backend().configName() + " " + settings.displayUrl() + ", schema version " + schemaVersion
            + ", last write " + sequence + ", secrets key '" + keyring.primaryId() + "'";
    }

    // ---- writes

    @Override
    public StoreRecord create(String kind, String name, RecordContent content) {
        checkIdentity(kind, name);
        rules.requireContent(kind, name, content);
        Map<String, SecretCipher.Sealed> sealed = seal(kind, name, content.secrets());
        return write("create " + kind + "/" + name, (connection, sequence, now) -> {
            StoredRow existing = findRow(connection, kind, name);
            if (existing != null) {
                throw new ConflictException(kind + "/" + name + " already exists (resource version " + existing.resourceVersion
                    + ")", existing.resourceVersion);
            }
            String labels = rules.labelsToJson(content.labels());
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO store_records (" + RECORD_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, sequence);
                insert.setString(2, kind);
                insert.setString(3, name);
                insert.setLong(4, sequence);
                insert.setString(5, labels);
                insert.setString(6, content.data());
                insert.setLong(7, now);
                insert.setLong(8, now);
                insert.executeUpdate();
            }
            insertLabels(connection, sequence, content.labels());
            insertSecrets(connection, sequence, sealed);
            StoredRow row = new StoredRow(sequence, kind, name, sequence, labels, content.data(), now, now);
            appendEvent(connection, sequence, ChangeType.ADDED, row, now);
            return toRecord(row, content.secrets());
        });
    }

    @Override
    public StoreRecord update(String kind, String name, long expectedVersion, RecordContent content) {
        checkIdentity(kind, name);
        rules.requireContent(kind, name, content);
        Map<String, SecretCipher.Sealed> sealed = seal(kind, name, content.secrets());
        return write("update " + kind + "/" + name, (connection, sequence, now) -> {
            StoredRow current = requireVersion(findRow(connection, kind, name), kind, name, expectedVersion);
            String labels = rules.labelsToJson(content.labels());
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE store_records SET resource_version = ?, labels = ?, data = ?, updated_at = ? WHERE id = ?")) {
                update.setLong(1, sequence);
                update.setString(2, labels);
                update.setString(3, content.data());
                update.setLong(4, now);
                update.setLong(5, current.id);
                update.executeUpdate();
            }
            deleteChildren(connection, "store_labels", current.id);
            insertLabels(connection, current.id, content.labels());
            deleteChildren(connection, "store_secrets", current.id);
            insertSecrets(connection, current.id, sealed);
            StoredRow row = new StoredRow(current.id, kind, name, sequence, labels, content.data(), current.createdAt, now);
            appendEvent(connection, sequence, ChangeType.MODIFIED, row, now);
            return toRecord(row, content.secrets());
        });
    }

    @Override
    public void delete(String kind, String name, long expectedVersion) {
        deleteRecord(kind, name, expectedVersion, true);
    }

    @Override
    public void delete(String kind, String name) {
        deleteRecord(kind, name, 0, false);
    }

    private void deleteRecord(String kind, String name, long expectedVersion, boolean checkVersion) {
        checkIdentity(kind, name);
        write("delete " + kind + "/" + name, (connection, sequence, now) -> {
            StoredRow found = findRow(connection, kind, name);
            StoredRow current = checkVersion ? requireVersion(found, kind, name, expectedVersion) : requireExists(found, kind, name);
            // labels and secrets go with it (ON DELETE CASCADE)
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM store_records WHERE id = ?")) {
                delete.setLong(1, current.id);
                delete.executeUpdate();
            }
            appendEvent(connection, sequence, ChangeType.DELETED, current, now);
            return null;
        });
    }

    // ---- reads

    @Override
    public Optional<StoreRecord> get(String kind, String name) {
        checkIdentity(kind, name);
        return read("get " + kind + "/" + name, connection -> {
            StoredRow row = findRow(connection, kind, name);
            if (row == null) {
                return Optional.empty();
            }
            return Optional.of(withSecrets(connection, List.of(row)).get(0));
        });
    }

    @Override
    public ListPage list(String kind, ListQuery query) {
        RecordRules.requireKind(kind);
        RecordRules.requireLabels("label selector", query.labels());
        ContinueToken position = query.continueToken() == null ? null : ContinueToken.decode(query);
        String timeColumn = switch (query.sortField()) {
            case NAME -> null;
            case CREATED_AT -> "created_at";
            case UPDATED_AT -> "updated_at";
        };
        String direction = query.descending() ? " DESC" : " ASC";
        StringBuilder sql = new StringBuilder("SELECT " + RECORD_COLUMNS + " FROM store_records r WHERE r.kind = ?");
        List<Object> parameters = new ArrayList<>();
        parameters.add(kind);
        if (!query.namePrefix().isEmpty()) {
            sql.append(" AND r.name LIKE ? ESCAPE '\\'");
            parameters.add(escapeLike(query.namePrefix()) + "%");
            // the same condition as a range, which both databases answer from the (kind, name) index
            String prefix = query.namePrefix();
            char last = prefix.charAt(prefix.length() - 1);
            sql.append(" AND r.name >= ?");
            parameters.add(prefix);
            if (last < Character.MIN_SURROGATE - 1) {
                sql.append(" AND r.name < ?");
                parameters.add(prefix.substring(0, prefix.length() - 1) + (char) (last + 1));
            }
        }
        query.labels().forEach((key, value) -> {
            sql.append(" AND EXISTS (SELECT 1 FROM store_labels l WHERE l.record_id = r.id AND l.label_key = ? AND l.label_value = ?)");
            parameters.add(key);
            parameters.add(value);
        });
        String after = query.descending() ? " < " : " > ";
        if (position != null && timeColumn == null) {
            sql.append(" AND r.name").append(after).append('?');
            parameters.add(position.lastName());
        } else if (position != null) {
            sql.append(" AND (r.").append(timeColumn).append(", r.name)").append(after).append("(?, ?)");
            parameters.add(position.lastTime());
            parameters.add(position.lastName());
        }
        sql.append(" ORDER BY ");
        if (timeColumn != null) {
            sql.append("r.").append(timeColumn).append(direction).append(", ");
        }
        sql.append("r.name").append(direction).append(" LIMIT ?");
        // one more than asked, to know whether another page follows
        parameters.add(query.limit() + 1);
        return read("list " + kind, connection -> {
            long sequence = currentSequence(connection);
            List<StoredRow> rows = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    select.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        rows.add(StoredRow.from(result));
                    }
                }
            }
            String next = null;
            if (rows.size() > query.limit()) {
                rows.remove(rows.size() - 1);
                StoredRow last = rows.get(rows.size() - 1);
                long lastTime = query.sortField() == SortField.UPDATED_AT ? last.updatedAt : last.createdAt;
                next = ContinueToken.encode(query, lastTime, last.name);
            }
            return new ListPage(withSecrets(connection, rows), next, sequence);
        });
    }

    @Override
    public long currentSequence() {
        return read("read the current sequence", JdbcStore::currentSequence);
    }

    @Override
    public List<ChangeEvent> events(long afterSequence, int limit) {
        if (limit < 1 || limit > ListQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + ListQuery.MAX_LIMIT + ", was " + limit);
        }
        return read("read events", connection -> {
            List<ChangeEvent> events = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + EVENT_COLUMNS + " FROM store_events WHERE seq > ? ORDER BY seq LIMIT ?")) {
                select.setLong(1, afterSequence);
                select.setInt(2, limit);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        events.add(toEvent(result));
                    }
                }
            }
            // read after the events: a compaction that removed some of them is visible here
            long compactedThrough = compactedThrough(connection);
            if (afterSequence < compactedThrough) {
                throw new ResumeTooOldException(afterSequence, compactedThrough);
            }
            return events;
        });
    }

    @Override
    public Watch watch(String kind, long afterSequence, ChangeListener listener) {
        if (kind != null) {
            RecordRules.requireKind(kind);
        }
        long compactedThrough = read("start a watch", JdbcStore::compactedThrough);
        if (afterSequence < compactedThrough) {
            throw new ResumeTooOldException(afterSequence, compactedThrough);
        }
        return feed.subscribe(kind, afterSequence, listener);
    }

    /**
     * Removes events recorded before {@code cutoff}; readers positioned before them get
     * {@link ResumeTooOldException} from then on.
     *
     * @return how many events were removed
     */
    int compactEvents(Instant cutoff) {
        return inTransaction("compact the change feed", connection -> {
            long through;
            try (PreparedStatement max = connection.prepareStatement("SELECT MAX(seq) FROM store_events WHERE recorded_at < ?")) {
                max.setLong(1, cutoff.toEpochMilli());
                try (ResultSet result = max.executeQuery()) {
                    result.next();
                    through = result.getLong(1);
                }
            }
            if (through == 0) {
                return 0;
            }
            try (PreparedStatement mark = connection.prepareStatement(
                "UPDATE store_state SET compacted_through = ? WHERE id = 1 AND compacted_through < ?")) {
                mark.setLong(1, through);
                mark.setLong(2, through);
                mark.executeUpdate();
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM store_events WHERE seq <= ?")) {
                delete.setLong(1, through);
                return delete.executeUpdate();
            }
        });
    }

    // ---- secrets

    @Override
    public int reencryptSecrets() {
        Keyring keys = Keyring.load(settings.keysFile());
        keyring = keys;
        int total = 0;
        while (true) {
            List<SealedSecret> batch = read("find secrets under old keys", connection -> {
                List<SealedSecret> found = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement("SELECT s.record_id, r.kind, r.name, s.secret_key,"
                    + " s.key_id, s.ciphertext FROM store_secrets s JOIN store_records r ON r.id = s.record_id"
                    + " WHERE s.key_id <> ? ORDER BY s.record_id, s.secret_key LIMIT ?")) {
                    select.setString(1, keys.primaryId());
                    select.setInt(2, REENCRYPT_BATCH);
                    try (ResultSet result = select.executeQuery()) {
                        while (result.next()) {
                            found.add(new SealedSecret(result.getLong(1), result.getString(2), result.getString(3),
                                result.getString(4), new SecretCipher.Sealed(result.getString(5), result.getString(6))));
                        }
                    }
                }
                return found;
            });
            if (batch.isEmpty()) {
                return total;
            }
            int updated = inTransaction("re-encrypt secrets", connection -> {
                int count = 0;
                // compare-and-set on the old ciphertext: a concurrent write's new value is never overwritten
                try (PreparedStatement update = connection.prepareStatement("UPDATE store_secrets SET key_id = ?, ciphertext = ?"
                    + " WHERE record_id = ? AND secret_key = ? AND ciphertext = ?")) {
                    for (SealedSecret secret : batch) {
                        String plain = cipher.decrypt(keys, secret.kind, secret.name, secret.secretKey, secret.sealed);
                        SecretCipher.Sealed resealed = cipher.encrypt(keys, secret.kind, secret.name, secret.secretKey, plain);
                        update.setString(1, resealed.keyId());
                        update.setString(2, resealed.ciphertext());
                        update.setLong(3, secret.recordId);
                        update.setString(4, secret.secretKey);
                        update.setString(5, secret.sealed.ciphertext());
                        count += update.executeUpdate();
                    }
                }
                return count;
            });
            total += updated;
            if (updated == 0) {
                return total;
            }
        }
    }

    private record SealedSecret(long recordId, String kind, String name, String secretKey, SecretCipher.Sealed sealed) {
    }

    private Map<String, SecretCipher.Sealed> seal(String kind, String name, Map<String, String> secrets) {
        Keyring keys = keyring;
        Map<String, SecretCipher.Sealed> sealed = new LinkedHashMap<>();
        secrets.forEach((key, value) -> sealed.put(key, cipher.encrypt(keys, kind, name, key, value)));
        return sealed;
    }

    private List<StoreRecord> withSecrets(Connection connection, List<StoredRow> rows) throws SQLException {
        Map<Long, Map<String, String>> secretsById = new HashMap<>();
        if (!rows.isEmpty()) {
            Map<Long, StoredRow> byId = new HashMap<>();
            rows.forEach(row -> byId.put(row.id, row));
            StringBuilder sql = new StringBuilder("SELECT record_id, secret_key, key_id, ciphertext FROM store_secrets"
                + " WHERE record_id IN (");
            for (int i = 0; i < rows.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            sql.append(')');
            Keyring keys = keyring;
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < rows.size(); i++) {
                    select.setLong(i + 1, rows.get(i).id);
                }
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        StoredRow row = byId.get(result.getLong(1));
                        String secretKey = result.getString(2);
                        String value = cipher.decrypt(keys, row.kind, row.name, secretKey,
                            new SecretCipher.Sealed(result.getString(3), result.getString(4)));
                        secretsById.computeIfAbsent(row.id, id -> new HashMap<>()).put(secretKey, value);
                    }
                }
            }
        }
        List<StoreRecord> records = new ArrayList<>(rows.size());
        for (StoredRow row : rows) {
            records.add(toRecord(row, secretsById.getOrDefault(row.id, Map.of())));
        }
        return records;
    }

    // ---- SQL helpers

    /** A record row as stored, labels still JSON. */
    private record StoredRow(long id, String kind, String name, long resourceVersion, String labels, String data, long createdAt,
                             long updatedAt) {

        static StoredRow from(ResultSet result) throws SQLException {
            return new StoredRow(result.getLong(1), result.getString(2), result.getString(3), result.getLong(4),
                result.getString(5), result.getString(6), result.getLong(7), result.getLong(8));
        }
    }

    private static StoredRow findRow(Connection connection, String kind, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT " + RECORD_COLUMNS + " FROM store_records WHERE kind = ? AND name = ?")) {
            select.setString(1, kind);
            select.setString(2, name);
            try (ResultSet result = select.executeQuery()) {
                return result.next() ? StoredRow.from(result) : null;
            }
        }
    }

    private static StoredRow requireExists(StoredRow row, String kind, String name) {
        if (row == null) {
            throw new NotFoundException(kind + "/" + name + " does not exist");
        }
        return row;
    }

    private static StoredRow requireVersion(StoredRow row, String kind, String name, long expectedVersion) {
        requireExists(row, kind, name);
        if (row.resourceVersion != expectedVersion) {
            throw new ConflictException(kind + "/" + name + " was changed: its resource version is " + row.resourceVersion
                + ", not " + expectedVersion + "; read it again and reapply the change", row.resourceVersion);
        }
        return row;
    }

    private static void insertLabels(Connection connection, long recordId, Map<String, String> labels) throws SQLException {
        if (labels.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO store_labels (record_id, label_key, label_value) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> label : labels.entrySet()) {
                insert.setLong(1, recordId);
                insert.setString(2, label.getKey());
                insert.setString(3, label.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void insertSecrets(Connection connection, long recordId, Map<String, SecretCipher.Sealed> secrets)
        throws SQLException {
        if (secrets.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO store_secrets (record_id, secret_key, key_id, ciphertext) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, SecretCipher.Sealed> secret : secrets.entrySet()) {
                insert.setLong(1, recordId);
                insert.setString(2, secret.getKey());
                insert.setString(3, secret.getValue().keyId());
                insert.setString(4, secret.getValue().ciphertext());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void deleteChildren(Connection connection, String table, long recordId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE record_id = ?")) {
            delete.setLong(1, recordId);
            delete.executeUpdate();
        }
    }

    private static void appendEvent(Connection connection, long sequence, ChangeType type, StoredRow row, long now)
        throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO store_events (" + EVENT_COLUMNS
            + ", recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, sequence);
            insert.setString(2, type.name());
            insert.setString(3, row.kind);
            insert.setString(4, row.name);
            insert.setLong(5, row.resourceVersion);
            insert.setString(6, row.labels);
            insert.setString(7, row.data);
            insert.setLong(8, row.createdAt);
            insert.setLong(9, row.updatedAt);
            insert.setLong(10, now);
            insert.executeUpdate();
        }
    }

    private ChangeEvent toEvent(ResultSet result) throws SQLException {
        return new ChangeEvent(result.getLong(1), ChangeType.valueOf(result.getString(2)), result.getString(3),
            result.getString(4), result.getLong(5), rules.labelsFromJson(result.getString(6)), result.getString(7),
            Instant.ofEpochMilli(result.getLong(8)), Instant.ofEpochMilli(result.getLong(9)));
    }

    private StoreRecord toRecord(StoredRow row, Map<String, String> secrets) {
        return new StoreRecord(row.kind, row.name, row.resourceVersion, rules.labelsFromJson(row.labels), row.data, secrets,
            Instant.ofEpochMilli(row.createdAt), Instant.ofEpochMilli(row.updatedAt));
    }

    private static long currentSequence(Connection connection) throws SQLException {
        return stateColumn(connection, "last_sequence");
    }

    private static long compactedThrough(Connection connection) throws SQLException {
        return stateColumn(connection, "compacted_through");
    }

    private static long stateColumn(Connection connection, String column) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + column + " FROM store_state WHERE id = 1");
             ResultSet result = select.executeQuery()) {
            if (!result.next()) {
                throw new StoreException("the store database has no store_state row: it was not created by Paddock's migrations");
            }
            return result.getLong(1);
        }
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static void checkIdentity(String kind, String name) {
        RecordRules.requireName(RecordRules.requireKind(kind), name);
    }

    // ---- transactions

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    private interface SequencedWork<T> {
        T run(Connection connection, long sequence, long now) throws SQLException;
    }

    /** A write: takes the next sequence (and with it the write lock) first, then does the work, in one transaction. */
    private <T> T write(String operation, SequencedWork<T> work) {
        return inTransaction(operation, connection -> {
            try (PreparedStatement next = connection.prepareStatement(
                "UPDATE store_state SET last_sequence = last_sequence + 1 WHERE id = 1")) {
                next.executeUpdate();
            }
            long sequence = currentSequence(connection);
            return work.run(connection, sequence, clock.millis());
        });
    }

    private <T> T inTransaction(String operation, SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw databaseError(operation, e);
        }
    }

    /** Reads in one snapshot, so a record and its secrets, or a page and its sequence, belong together. */
    private <T> T read(String operation, SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try {
                return work.run(connection);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw databaseError(operation, e);
        }
    }

    private StoreException databaseError(String operation, SQLException e) {
        return new StoreException("store could not " + operation + " in the " + settings.backend().configName() + " database "
            + settings.displayUrl() + ": " + e.getMessage() + " (SQL state " + e.getSQLState() + ")", e);
    }

    @Override
    public void close() {
        feed.close();
        dataSource.close();
    }
}
