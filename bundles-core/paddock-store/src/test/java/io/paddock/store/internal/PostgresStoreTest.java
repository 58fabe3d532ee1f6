package io.paddock.store.internal;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import io.paddock.testbed.postgres.PostgresExtension;
import io.paddock.testbed.postgres.PostgresServer;

/** The store contract on a real PostgreSQL server started for this run; each test gets a new database. */
@ExtendWith(PostgresExtension.class)
class PostgresStoreTest extends StoreContractTest {

    private static PostgresServer postgres;

    @BeforeAll
    static void server(PostgresServer server) {
        postgres = server;
    }

    @Override
    Map<String, Object> newDatabase(Path directory) {
        return Map.of(StoreSettings.BACKEND, "postgresql", StoreSettings.URL, postgres.createDatabase(), StoreSettings.USER,
            postgres.user(), StoreSettings.PASSWORD, postgres.password());
    }
}
