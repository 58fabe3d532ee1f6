package io.paddock.store.internal;

import java.nio.file.Path;
import java.util.Map;

/** The store contract on the default backend: an embedded H2 file database. */
class H2StoreTest extends StoreContractTest {

    @Override
    Map<String, Object> newDatabase(Path directory) {
        return Map.of(StoreSettings.BACKEND, "h2", StoreSettings.URL,
            "jdbc:h2:file:" + directory.resolve("store").toAbsolutePath() + StoreSettings.H2_OPTIONS);
    }
}
