package io.paddock.store.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.paddock.api.store.ListPage;
import io.paddock.api.store.ListQuery;
import io.paddock.api.store.RecordContent;
import io.paddock.api.store.SortField;
import io.paddock.testbed.postgres.PostgresServer;

/**
 * Measures list latency, pages of 100 out of 10,000 records of one kind, on H2 and on a throwaway
 * PostgreSQL server. A measurement, not a test: run with
 * {@code mvn -pl bundles-core/paddock-store test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.paddock.store.internal.ListLatencyBenchmark}.
 */
public final class ListLatencyBenchmark {

    private static final int RECORDS = 10_000;
    private static final int ROUNDS = 200;

    private ListLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Files.createTempDirectory("paddock-store-bench");
        try (JdbcStore h2 = open(Map.of(StoreSettings.URL, "jdbc:h2:file:" + directory.resolve("store") + StoreSettings.H2_OPTIONS),
            directory)) {
            measure("H2", h2);
        }
        try (PostgresServer postgres = PostgresServer.start();
             JdbcStore store = open(Map.of(StoreSettings.BACKEND, "postgresql", StoreSettings.URL, postgres.createDatabase(),
                 StoreSettings.USER, postgres.user(), StoreSettings.PASSWORD, postgres.password()), directory)) {
            measure("PostgreSQL", store);
        }
    }

    private static JdbcStore open(Map<String, Object> properties, Path directory) {
        return JdbcStore.open(StoreSettings.from(properties, directory, directory), Clock.systemUTC());
    }

    private static void measure(String backend, JdbcStore store) throws Exception {
        long loadStart = System.nanoTime();
        for (int i = 0; i < RECORDS; i++) {
            store.create("cluster", String.format("cluster-%05d", (i * 7919) % RECORDS),
                new RecordContent(Map.of("env", "e" + i % 4, "tier", "t" + i % 5), "{\"index\":" + i + ",\"region\":\"eu-west-1\"}",
                    Map.of()));
            store.create("node", "node-" + i, RecordContent.of("{}"));
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        analyze(store);
        System.out.printf("%n%s: loaded %d clusters and %d nodes in %.1f s (%.2f ms per write)%n", backend, RECORDS, RECORDS,
            loadSeconds, loadSeconds * 1000 / (2 * RECORDS));
        ListQuery byName = ListQuery.all();
        String middle = store.list("cluster", byName.withLimit(ListQuery.MAX_LIMIT)).continueToken();
        report(backend, "first page, by name", () -> store.list("cluster", byName));
        report(backend, "page from the middle, by name", () -> store.list("cluster", byName.continueFrom(middle)));
        report(backend, "first page, by updatedAt desc", () -> store.list("cluster", byName.sortedBy(SortField.UPDATED_AT, true)));
        report(backend, "label env=e1 (1 in 4), by createdAt", () ->
            store.list("cluster", byName.withLabels(Map.of("env", "e1")).sortedBy(SortField.CREATED_AT, false)));
        report(backend, "labels env=e1,tier=t3 (1 in 20), by name", () ->
            store.list("cluster", byName.withLabels(Map.of("env", "e1", "tier", "t3"))));
        report(backend, "name prefix cluster-09, by name", () -> store.list("cluster", byName.withNamePrefix("cluster-09")));
    }

    /** The statistics autovacuum would gather on a running server; a freshly loaded table has none. */
    private static void analyze(JdbcStore store) throws Exception {
        if (store.settings().backend() == Backend.POSTGRESQL) {
            try (Connection connection = store.dataSource().getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE");
            }
        }
    }

    private static void report(String backend, String what, Supplier<ListPage> list) {
        for (int i = 0; i < 20; i++) {
            list.get();
        }
        List<Double> millis = new ArrayList<>();
        int items = 0;
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            items = list.get().items().size();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(millis);
        System.out.printf("%-10s %-40s %3d items  median %6.2f ms  p95 %6.2f ms%n", backend, what, items,
            millis.get(ROUNDS / 2), millis.get(ROUNDS * 95 / 100));
    }
}
