package io.paddock.store.internal;

import java.nio.file.Path;
import java.util.Map;

import io.paddock.api.config.InvalidSettingException;
import io.paddock.api.config.Settings;

/**
 * The store's configuration, {@code etc/io.paddock.store.cfg}. {@link #toString()} leaves the
 * password out, so settings can be logged.
 *
 * @param backend           which database
 * @param url               JDBC URL
 * @param user              database user
 * @param password          database password; never logged or shown
 * @param poolSize          most connections held open
 * @param keysFile          the secret key file
 * @param feedPollMillis    how often watches look for new events
 * @param feedRetentionMinutes how long events stay in the feed before compaction
 */
record StoreSettings(Backend backend, String url, String user, String password, int poolSize, Path keysFile,
                     int feedPollMillis, int feedRetentionMinutes) {

    static final String PID = "io.paddock.store";
    static final String BACKEND = "backend";
    static final String URL = "url";
    static final String USER = "user";
    static final String PASSWORD = "password";
    static final String POOL_SIZE = "pool.size";
    static final String KEYS_FILE = "keys.file";
    static final String FEED_POLL_MILLIS = "feed.poll.millis";
    static final String FEED_RETENTION_MINUTES = "feed.retention.minutes";

    /**
     * H2 speaks PostgreSQL's dialect; lock waits get longer than H2's 1 s default because every
     * write queues on the sequence row, and the database stays open while the pool is.
     */
    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=30000";

    /**
     * @param properties ConfigAdmin properties
     * @param dataDir    where the default H2 file goes ({@code ${karaf.data}/paddock})
     * @param etcDir     where the default key file goes ({@code ${karaf.etc}})
     * @throws InvalidSettingException naming the key and what is expected
     */
    static StoreSettings from(Map<String, ?> properties, Path dataDir, Path etcDir) {
        Settings settings = new Settings(PID, properties);
        String backendName = settings.string(BACKEND, Backend.H2.configName());
        Backend backend = Backend.fromConfigName(backendName);
        if (backend == null) {
            throw settings.invalid(BACKEND, backendName, "h2 or postgresql");
        }
        String url = settings.string(URL, null);
        if (url == null) {
            if (backend == Backend.POSTGRESQL) {
                throw new InvalidSettingException("etc/" + PID + ".cfg: " + URL + " is required with backend = postgresql,"
                    + " e.g. jdbc:postgresql://db.example.com:5432/paddock");
            }
            url = "jdbc:h2:file:" + dataDir.resolve("store").toAbsolutePath() + H2_OPTIONS;
        }
        String expectedPrefix = "jdbc:" + backend.configName() + ":";
        if (!url.startsWith(expectedPrefix)) {
            throw settings.invalid(URL, url, "a JDBC URL starting with " + expectedPrefix + " for backend = " + backend.configName());
        }
        String user = settings.string(USER, backend == Backend.H2 ? "sa" : null);
        if (user == null) {
            throw new InvalidSettingException("etc/" + PID + ".cfg: " + USER + " is required with backend = postgresql");
        }
        Object rawPassword = properties == null ? null : properties.get(PASSWORD);
        String password = rawPassword == null ? "" : rawPassword.toString();
        String keys = settings.string(KEYS_FILE, null);
        return new StoreSettings(backend, url, user, password,
            settings.intInRange(POOL_SIZE, 8, 1, 100),
            keys == null ? etcDir.resolve(PID + ".keys") : Path.of(keys),
            settings.intInRange(FEED_POLL_MILLIS, 500, 10, 60_000),
            settings.intInRange(FEED_RETENTION_MINUTES, 24 * 60, 1, 365 * 24 * 60));
    }

    /** The URL without parameters, which may hold credentials: for logs and messages. */
    String displayUrl() {
        int end = url.length();
        for (char separator : new char[] {'?', ';'}) {
            int at = url.indexOf(separator);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return url.substring(0, end);
    }

    @Override
    public String toString() {
        return backend.configName() + " " + displayUrl() + " as " + user + " (pool " + poolSize + ", keys " + keysFile + ")";
    }
}
