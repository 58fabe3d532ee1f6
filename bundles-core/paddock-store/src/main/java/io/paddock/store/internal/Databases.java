package io.paddock.store.internal;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;

import io.paddock.api.store.StoreException;

/** Connection pool and schema migrations. */
final class Databases {

    /** Version of the newest migration in {@code io/paddock/store/migration}. */
    static final String SCHEMA_VERSION = "1";
    private static final String MIGRATIONS = "classpath:io/paddock/store/migration";
    private static final String HISTORY_TABLE = "store_schema_history";

    private Databases() {
    }

    /**
     * Opens a pool to the configured database. The driver's DataSource is built here rather than
     * found by class name: inside OSGi, HikariCP could not see the driver bundles by name.
     */
    static HikariDataSource connect(StoreSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("paddock-store");
        config.setDataSource(driverDataSource(settings));
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new StoreException("cannot connect to the " + settings.backend().configName() + " database "
                + settings.displayUrl() + " as '" + settings.user() + "': " + cause.getMessage() + " (check " + StoreSettings.URL
                + ", " + StoreSettings.USER + " and " + StoreSettings.PASSWORD + " in etc/" + StoreSettings.PID + ".cfg)");
        }
    }

    private static DataSource driverDataSource(StoreSettings settings) {
        return switch (settings.backend()) {
            case H2 -> {
                JdbcDataSource h2 = new JdbcDataSource();
                h2.setURL(settings.url());
                h2.setUser(settings.user());
                h2.setPassword(settings.password());
                yield h2;
            }
            case POSTGRESQL -> {
                PGSimpleDataSource postgres = new PGSimpleDataSource();
                postgres.setURL(settings.url());
                postgres.setUser(settings.user());
                postgres.setPassword(settings.password());
                postgres.setApplicationName("paddock");
                yield postgres;
            }
        };
    }

    /**
     * Brings the schema to {@link #SCHEMA_VERSION}. Flyway scans the class loader given here: inside
     * OSGi that is this bundle's, whose {@code bundle:} URLs Flyway lists with {@code Bundle.findEntries}.
     *
     * @return the schema version now
     */
    static String migrate(DataSource dataSource, Backend backend) {
        Flyway flyway = Flyway.configure(Databases.class.getClassLoader())
            .dataSource(dataSource)
            .locations(MIGRATIONS)
            .table(HISTORY_TABLE)
            .placeholders(backend.placeholders())
            .load();
        try {
            flyway.migrate();
        } catch (FlywayException e) {
            throw new StoreException("store schema migration failed: " + e.getMessage());
        }
        MigrationInfo current = flyway.info().current();
        String version = current == null ? "none" : current.getVersion().getVersion();
        if (!SCHEMA_VERSION.equals(version)) {
            throw new StoreException("store schema is at version " + version + " after migration, expected " + SCHEMA_VERSION
                + ": the migrations were not found in " + MIGRATIONS + " or the database holds a newer Paddock's schema");
        }
        return version;
    }
}
