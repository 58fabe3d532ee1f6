package io.paddock.store.internal;

import java.util.Map;

/** The databases the store runs on, and what differs between them in the schema. */
enum Backend {
    /** Embedded H2 file database: zero setup, one Paddock node. */
    H2("h2", ""),
    /** PostgreSQL server: several Paddock nodes may share it. */
    POSTGRESQL("postgresql", "COLLATE \"C\"");

    private final String configName;
    private final String nameCollation;

    Backend(String configName, String nameCollation) {
        this.configName = configName;
        this.nameCollation = nameCollation;
    }

    String configName() {
        return configName;
    }

    /** Flyway placeholders of the migrations. */
    Map<String, String> placeholders() {
        return Map.of("nameCollation", nameCollation);
    }

    static Backend fromConfigName(String name) {
        for (Backend backend : values()) {
            if (backend.configName.equals(name)) {
                return backend;
            }
        }
        return null;
    }
}
