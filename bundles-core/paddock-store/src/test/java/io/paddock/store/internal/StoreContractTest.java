package io.paddock.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.paddock.api.store.ChangeEvent;
import io.paddock.api.store.ChangeListener;
import io.paddock.api.store.ChangeType;
import io.paddock.api.store.ConflictException;
import io.paddock.api.store.ListPage;
import io.paddock.api.store.ListQuery;
import io.paddock.api.store.NotFoundException;
import io.paddock.api.store.RecordContent;
import io.paddock.api.store.ResumeTooOldException;
import io.paddock.api.store.SecretKeyException;
import io.paddock.api.store.SortField;
import io.paddock.api.store.StoreException;
import io.paddock.api.store.StoreRecord;
import io.paddock.api.store.Watch;

/**
 * What every backend of the store must do. Subclasses supply a fresh, empty database per test;
 * the same tests then run against H2 and a real PostgreSQL server.
 */
abstract class StoreContractTest {

    private static final String KIND = "cluster";
    private static final Pattern COUNTER = Pattern.compile("\"count\":(\\d+)");

    @TempDir
    Path directory;

    private Map<String, Object> properties;
    private JdbcStore store;

    /** Connection properties ({@code backend}, {@code url}, {@code user}, {@code password}) of a new, empty database. */
    abstract Map<String, Object> newDatabase(Path directory);

    @BeforeEach
    void openStore() {
        properties = new HashMap<>(newDatabase(directory));
        properties.put(StoreSettings.FEED_POLL_MILLIS, "20");
        store = open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private JdbcStore open() {
        return JdbcStore.open(StoreSettings.from(properties, directory, directory), Clock.systemUTC());
    }

    private void reopen() {
        store.close();
        store = open();
    }

    private static RecordContent content(String data) {
        return RecordContent.of(data);
    }

    // ---- records

    @Test
    void createGetUpdateDeleteRoundTrip() {
        StoreRecord created = store.create(KIND, "prod-eu-1", new RecordContent(Map.of("env", "prod"), "{\"region\":\"eu\"}",
            Map.of("token", "s3cr3t-token")));
        assertEquals(1, created.resourceVersion());
        assertEquals(created.createdAt(), created.updatedAt());

        StoreRecord read = store.get(KIND, "prod-eu-1").orElseThrow();
        assertEquals(created, read);
        assertEquals("s3cr3t-token", read.secrets().get("token"));
        assertTrue(store.get(KIND, "absent").isEmpty());
        assertTrue(store.get("project", "prod-eu-1").isEmpty(), "names are unique per kind, not across kinds");

        StoreRecord updated = store.update(KIND, "prod-eu-1", read.resourceVersion(),
            read.content().withData("{\"region\":\"us\"}").withLabels(Map.of("env", "dev")));
        assertEquals(2, updated.resourceVersion());
        assertEquals(created.createdAt(), updated.createdAt());
        assertEquals(Map.of("env", "dev"), store.get(KIND, "prod-eu-1").orElseThrow().labels());
        assertEquals("{\"region\":\"us\"}", store.get(KIND, "prod-eu-1").orElseThrow().data());
        assertEquals("s3cr3t-token", store.get(KIND, "prod-eu-1").orElseThrow().secrets().get("token"));

        assertThrows(ConflictException.class, () -> store.delete(KIND, "prod-eu-1", 1));
        store.delete(KIND, "prod-eu-1", 2);
        assertTrue(store.get(KIND, "prod-eu-1").isEmpty());
        assertThrows(NotFoundException.class, () -> store.delete(KIND, "prod-eu-1"));
        assertThrows(NotFoundException.class, () -> store.update(KIND, "prod-eu-1", 2, content("{}")));

        store.create(KIND, "prod-eu-1", content("{}"));
        store.delete(KIND, "prod-eu-1");
        assertEquals(5, store.currentSequence());
    }

    @Test
    void duplicateCreateIsAConflict() {
        store.create(KIND, "a", content("{}"));
        ConflictException conflict = assertThrows(ConflictException.class, () -> store.create(KIND, "a", content("{\"x\":1}")));
        assertEquals(1, conflict.currentVersion());
        assertTrue(conflict.getMessage().contains("cluster/a already exists"), conflict.getMessage());
        assertEquals("{}", store.get(KIND, "a").orElseThrow().data());
        assertEquals(1, store.currentSequence(), "a refused write leaves no trace in the sequence");
    }

    @Test
    void staleUpdateIsRefused() {
        StoreRecord first = store.create(KIND, "a", content("{\"v\":1}"));
        store.update(KIND, "a", first.resourceVersion(), content("{\"v\":2}"));
        ConflictException stale = assertThrows(ConflictException.class,
            () -> store.update(KIND, "a", first.resourceVersion(), content("{\"v\":3}")));
        assertEquals(2, stale.currentVersion());
        assertEquals("{\"v\":2}", store.get(KIND, "a").orElseThrow().data());
    }

    @Test
    void concurrentWritersLoseNoUpdate() throws Exception {
        store.create(KIND, "counter", content("{\"count\":0}"));
        int threads = 8;
        int incrementsEach = 25;
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            writers.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < incrementsEach; i++) {
                    while (true) {
                        StoreRecord current = store.get(KIND, "counter").orElseThrow();
                        int count = count(current.data());
                        try {
                            store.update(KIND, "counter", current.resourceVersion(), content("{\"count\":" + (count + 1) + "}"));
                            break;
                        } catch (ConflictException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> writer : writers) {
            writer.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(threads * incrementsEach, count(store.get(KIND, "counter").orElseThrow().data()));
        assertTrue(conflicts.get() > 0, "the writers should have raced");
        List<ChangeEvent> events = allEvents(0);
        assertEquals(1 + threads * incrementsEach, events.size(), "one event per successful write");
    }

    private static int count(String data) {
        Matcher matcher = COUNTER.matcher(data);
        assertTrue(matcher.find(), data);
        return Integer.parseInt(matcher.group(1));
    }

    @Test
    void invalidInputIsRefusedWithReasons() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store.create("Cluster", "a", content("{}")))
            .getMessage().contains("kind 'Cluster' is invalid"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store.create(KIND, "", content("{}")))
            .getMessage().contains("must not be empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store.create(KIND, "a", content("{not json")))
            .getMessage().contains("not a JSON document"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> store.create(KIND, "a", content("{}").withLabels(Map.of("env", "has space"))))
            .getMessage().contains("value of label 'env' is invalid"));
        assertEquals(0, store.currentSequence());
    }

    // ---- lists

    @Test
    void listFiltersSortsAndPagesLikeTheFullData() {
        int total = 2000;
        for (int i = 0; i < total; i++) {
            // names not in creation order, so name and creation order differ
            String name = String.format("rec-%04d", (i * 7919) % total);
            store.create(KIND, name, new RecordContent(Map.of("env", i % 2 == 0 ? "prod" : "dev", "tier", "t" + i % 5),
                "{\"i\":" + i + "}", i % 100 == 0 ? Map.of("password", "pw-" + i) : Map.of()));
        }
        store.create("project", "rec-0000", content("{}"));
        // touch some records so that update order differs from creation order
        for (int i = 0; i < total; i += 37) {
            String name = String.format("rec-%04d", i);
            StoreRecord record = store.get(KIND, name).orElseThrow();
            store.update(KIND, name, record.resourceVersion(), record.content().withData("{\"touched\":true}"));
        }
        List<StoreRecord> everything = pageThrough(ListQuery.all().withLimit(ListQuery.MAX_LIMIT));
        assertEquals(total, everything.size());

        for (SortField field : SortField.values()) {
            for (boolean descending : new boolean[] {false, true}) {
                ListQuery query = ListQuery.all().sortedBy(field, descending).withLimit(100);
                assertEquals(expected(everything, field, descending, record -> true), names(pageThrough(query)),
                    field + (descending ? " desc" : " asc"));
            }
        }
        ListQuery prodTier3 = ListQuery.all().withLabels(Map.of("env", "prod", "tier", "t3")).sortedBy(SortField.CREATED_AT, true)
            .withLimit(37);
        assertEquals(expected(everything, SortField.CREATED_AT, true,
                record -> record.labels().get("env").equals("prod") && record.labels().get("tier").equals("t3")),
            names(pageThrough(prodTier3)));
        ListQuery prefix = ListQuery.all().withNamePrefix("rec-01").withLabels(Map.of("env", "dev")).withLimit(7);
        List<String> prefixed = names(pageThrough(prefix));
        assertEquals(expected(everything, SortField.NAME, false,
            record -> record.name().startsWith("rec-01") && record.labels().get("env").equals("dev")), prefixed);
        assertEquals(50, prefixed.size());
        assertTrue(names(pageThrough(ListQuery.all().withNamePrefix("rec_"))).isEmpty(), "'_' is not a wildcard");
        assertEquals(List.of("rec-0000"), names(store.list("project", ListQuery.all()).items()));

        StoreRecord withSecret = everything.stream().filter(record -> record.data().equals("{\"i\":100}")).findFirst().orElseThrow();
        assertEquals("pw-100", withSecret.secrets().get("password"), "pages carry decrypted secrets");

        ListPage first = store.list(KIND, ListQuery.all().withLimit(10));
        assertEquals(store.currentSequence(), first.sequence());
        IllegalArgumentException misuse = assertThrows(IllegalArgumentException.class,
            () -> store.list(KIND, ListQuery.all().withLimit(10).withNamePrefix("rec-1").continueFrom(first.continueToken())));
        assertTrue(misuse.getMessage().contains("continue token belongs to a list with other"), misuse.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.list(KIND, ListQuery.all().continueFrom("garbage!")));

        long started = System.nanoTime();
        int rounds = 20;
        for (int i = 0; i < rounds; i++) {
            store.list(KIND, ListQuery.all().withLabels(Map.of("env", "prod")).sortedBy(SortField.UPDATED_AT, true));
        }
        System.out.printf("%s: list of 100 (label selector, by updatedAt desc) over %d records: %.2f ms%n",
            getClass().getSimpleName(), total, (System.nanoTime() - started) / 1e6 / rounds);
    }

    private List<StoreRecord> pageThrough(ListQuery query) {
        List<StoreRecord> all = new ArrayList<>();
        ListQuery next = query;
        while (true) {
            ListPage page = store.list(KIND, next);
            assertTrue(page.items().size() <= query.limit());
            all.addAll(page.items());
            if (!page.hasMore()) {
                return all;
            }
            assertEquals(query.limit(), page.items().size(), "only the last page may be short");
            next = query.continueFrom(page.continueToken());
        }
    }

    private static List<String> expected(List<StoreRecord> records, SortField field, boolean descending,
                                         Predicate<StoreRecord> filter) {
        Comparator<StoreRecord> order = switch (field) {
            case NAME -> Comparator.comparing(StoreRecord::name);
            case CREATED_AT -> Comparator.comparing(StoreRecord::createdAt).thenComparing(StoreRecord::name);
            case UPDATED_AT -> Comparator.comparing(StoreRecord::updatedAt).thenComparing(StoreRecord::name);
        };
        return names(records.stream().filter(filter).sorted(descending ? order.reversed() : order).toList());
    }

    private static List<String> names(List<StoreRecord> records) {
        return records.stream().map(StoreRecord::name).toList();
    }

    // ---- change feed

    @Test
    void feedResumesAfterReopenWithNothingMissedOrRepeated() {
        store.create(KIND, "a", content("{}"));
        StoreRecord b = store.create(KIND, "b", new RecordContent(Map.of("x", "y"), "{\"b\":1}", Map.of("key", "hidden-value")));
        List<ChangeEvent> firstRead = store.events(0, 1);
        assertEquals(1, firstRead.size());
        long position = firstRead.get(0).sequence();

        store.update(KIND, "b", b.resourceVersion(), b.content().withData("{\"b\":2}"));
        store.delete(KIND, "a");
        reopen();
        store.create(KIND, "c", content("{}"));

        List<ChangeEvent> rest = allEvents(position);
        assertEquals(List.of(2L, 3L, 4L, 5L), rest.stream().map(ChangeEvent::sequence).toList());
        assertEquals(List.of(ChangeType.ADDED, ChangeType.MODIFIED, ChangeType.DELETED, ChangeType.ADDED),
            rest.stream().map(ChangeEvent::type).toList());
        ChangeEvent deleted = rest.get(2);
        assertEquals("a", deleted.name());
        assertEquals(1, deleted.resourceVersion(), "a deletion carries the record's last version");
        assertEquals(Map.of("x", "y"), rest.get(1).labels());
        assertEquals("{\"b\":2}", rest.get(1).data());
        assertFalse(rest.toString().contains("hidden-value"), "secrets never enter the feed");
        assertTrue(store.events(store.currentSequence(), 10).isEmpty());
    }

    @Test
    void watchDeliversBacklogThenLiveEventsInCommitOrder() throws Exception {
        store.create(KIND, "before", content("{}"));
        BlockingQueue<ChangeEvent> received = new LinkedBlockingQueue<>();
        try (Watch watch = store.watch(null, 0, received::add)) {
            assertEquals(1, received.poll(10, TimeUnit.SECONDS).sequence(), "events already in the feed come first");
            int threads = 4;
            int writesEach = 30;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int writer = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < writesEach; i++) {
                        store.create(KIND, "w" + writer + "-" + i, content("{}"));
                    }
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            long expectedLast = 1 + threads * writesEach;
            List<Long> sequences = new ArrayList<>();
            while (sequences.size() < threads * writesEach) {
                ChangeEvent event = received.poll(10, TimeUnit.SECONDS);
                assertTrue(event != null, "missing events after " + sequences);
                sequences.add(event.sequence());
            }
            for (int i = 0; i < sequences.size(); i++) {
                assertEquals(i + 2, sequences.get(i), "gap-free and in order");
            }
            // the position moves once the listener has returned
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (watch.position() != expectedLast && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(expectedLast, watch.position());
        }
        store.create(KIND, "after-close", content("{}"));
        assertNull(received.poll(300, TimeUnit.MILLISECONDS), "a closed watch gets nothing");
    }

    @Test
    void watchOfOneKindSkipsOthers() throws Exception {
        BlockingQueue<ChangeEvent> received = new LinkedBlockingQueue<>();
        try (Watch watch = store.watch("project", store.currentSequence(), received::add)) {
            store.create(KIND, "a", content("{}"));
            store.create("project", "p", content("{}"));
            ChangeEvent event = received.poll(10, TimeUnit.SECONDS);
            assertEquals("project", event.kind());
            assertEquals(2, event.sequence());
        }
    }

    @Test
    void compactedFeedAnswersResumeTooOld() throws Exception {
        store.create(KIND, "a", content("{}"));
        store.create(KIND, "b", content("{}"));
        assertEquals(2, store.compactEvents(Instant.now().plusSeconds(1)));
        ResumeTooOldException gone = assertThrows(ResumeTooOldException.class, () -> store.events(0, 10));
        assertEquals(2, gone.oldestResumable());
        assertTrue(gone.getMessage().contains("list the records again"), gone.getMessage());
        assertThrows(ResumeTooOldException.class, () -> store.watch(null, 1, event -> { }));
        store.create(KIND, "c", content("{}"));
        assertEquals(List.of(3L), store.events(2, 10).stream().map(ChangeEvent::sequence).toList());

        // a watch that falls behind the compaction is ended with the same answer
        BlockingQueue<StoreException> closed = new LinkedBlockingQueue<>();
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ChangeListener slow = new ChangeListener() {
            @Override
            public void onEvent(ChangeEvent event) {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onClosed(StoreException reason) {
                closed.add(reason);
            }
        };
        store.watch(null, 2, slow);
        assertTrue(blocked.await(10, TimeUnit.SECONDS));
        // a second watch far behind, started while compaction has not reached it yet
        store.create(KIND, "d", content("{}"));
        BlockingQueue<StoreException> laggardClosed = new LinkedBlockingQueue<>();
        store.watch(null, 3, new ChangeListener() {
            @Override
            public void onEvent(ChangeEvent event) {
            }

            @Override
            public void onClosed(StoreException reason) {
                laggardClosed.add(reason);
            }
        });
        store.compactEvents(Instant.now().plusSeconds(1));
        release.countDown();
        assertTrue(closed.poll(10, TimeUnit.SECONDS) instanceof ResumeTooOldException);
        assertTrue(laggardClosed.poll(10, TimeUnit.SECONDS) instanceof ResumeTooOldException);
    }

    private List<ChangeEvent> allEvents(long after) {
        List<ChangeEvent> all = new ArrayList<>();
        long position = after;
        while (true) {
            List<ChangeEvent> batch = store.events(position, 100);
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            position = batch.get(batch.size() - 1).sequence();
        }
    }

    // ---- secrets

    @Test
    void secretsAreEncryptedAtRestAndNeverShown() throws Exception {
        String secret = "correct-horse-battery-staple";
        StoreRecord record = store.create(KIND, "a", new RecordContent(Map.of(), "{}", Map.of("token", secret)));
        assertFalse(record.toString().contains(secret), record.toString());
        assertFalse(record.content().toString().contains(secret));
        assertTrue(record.toString().contains("token"));

        String dump = dumpTables("store_secrets", "store_records", "store_events");
        assertFalse(dump.contains(secret), "plaintext in the database");
        assertFalse(dump.contains(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8))));
        assertTrue(dump.contains(keyringPrimary()), "each ciphertext names its key");
        assertEquals(secret, store.get(KIND, "a").orElseThrow().secrets().get("token"));
    }

    @Test
    void rotationReencryptsUnderTheNewPrimaryAndOldKeysCanGo() throws Exception {
        store.create(KIND, "a", new RecordContent(Map.of(), "{}", Map.of("token", "old-secret", "other", "second")));
        store.create(KIND, "b", new RecordContent(Map.of(), "{}", Map.of("token", "b-secret")));
        String oldId = keyringPrimary();
        Path keys = keysFile();
        String original = Files.readString(keys);
        Files.writeString(keys, original.replace("primary = " + oldId, "primary = k2") + "key.k2 = "
            + Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'B') + "\n");
        reopen();
        store.create(KIND, "c", new RecordContent(Map.of(), "{}", Map.of("token", "c-secret")));
        assertTrue(dumpTables("store_secrets").contains("k2"), "new writes use the new primary");
        assertEquals("old-secret", store.get(KIND, "a").orElseThrow().secrets().get("token"), "old keys still decrypt");

        assertEquals(3, store.reencryptSecrets());
        assertEquals(0, store.reencryptSecrets());
        assertFalse(dumpTables("store_secrets").contains(oldId));

        Files.writeString(keys, Files.readString(keys).replaceAll("(?m)^key\\." + oldId + " = .*\\n", ""));
        reopen();
        assertEquals(Map.of("token", "old-secret", "other", "second"), store.get(KIND, "a").orElseThrow().secrets());
        assertEquals("c-secret", store.get(KIND, "c").orElseThrow().secrets().get("token"));
    }

    @Test
    void missingOrWrongKeyGivesAClearError() throws Exception {
        store.create(KIND, "a", new RecordContent(Map.of(), "{}", Map.of("token", "the-secret")));
        String id = keyringPrimary();
        Path keys = keysFile();
        String original = Files.readString(keys);

        Files.writeString(keys, "primary = other\nkey.other = " + Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        reopen();
        SecretKeyException missing = assertThrows(SecretKeyException.class, () -> store.get(KIND, "a"));
        assertTrue(missing.getMessage().contains("encrypted with key '" + id + "', which is not in"), missing.getMessage());
        assertFalse(missing.getMessage().contains("the-secret"));

        Files.writeString(keys, "primary = " + id + "\nkey." + id + " = " + Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        reopen();
        SecretKeyException wrong = assertThrows(SecretKeyException.class, () -> store.list(KIND, ListQuery.all()));
        assertTrue(wrong.getMessage().contains("not the one it was encrypted with"), wrong.getMessage());

        Files.writeString(keys, original);
        reopen();
        assertEquals("the-secret", store.get(KIND, "a").orElseThrow().secrets().get("token"));
    }

    // ---- schema

    @Test
    void migrationsBuildTheSchemaOnceFromAnEmptyDatabase() throws Exception {
        reopen();
        String history = dumpTables("store_schema_history");
        assertTrue(history.contains("records feed secrets"), history);
        try (Connection connection = store.dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM store_schema_history WHERE success AND type = 'SQL'")) {
            result.next();
            assertEquals(1, result.getInt(1), "reopening applies nothing again");
        }
        assertTrue(store.describe().contains("schema version " + Databases.SCHEMA_VERSION), store.describe());
    }

    private String keyringPrimary() {
        return Keyring.load(keysFile()).primaryId();
    }

    private Path keysFile() {
        return directory.resolve(StoreSettings.PID + ".keys");
    }

    private String dumpTables(String... tables) throws Exception {
        StringBuilder dump = new StringBuilder();
        try (Connection connection = store.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            for (String table : tables) {
                try (ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        for (int i = 1; i <= columns; i++) {
                            dump.append(result.getString(i)).append('|');
                        }
                        dump.append('\n');
                    }
                }
            }
        }
        return dump.toString();
    }
}
