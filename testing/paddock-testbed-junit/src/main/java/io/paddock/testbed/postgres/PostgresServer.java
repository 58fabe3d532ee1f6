package io.paddock.testbed.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.paddock.localcluster.LoopbackPorts;
import io.paddock.testbed.ServerProcesses;

/**
 * A throwaway PostgreSQL server for tests: {@code initdb} in a temporary directory, {@code pg_ctl}
 * on a free loopback port, password authentication, stopped and deleted by {@link #close()} (or by
 * a shutdown hook when a test forgets). PostgreSQL refuses to run as root, so under root every
 * command runs as the {@code postgres} OS user ({@code runuser}) on a directory owned by it.
 *
 * <p>Needs the server binaries of Debian's {@code postgresql} package:
 * {@code testing/postgres/ensure-postgres.sh} installs them.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "paddock";
    private static final String OS_USER = "postgres";
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path binaries;
    private final Path directory;
    private final boolean asRoot;
    private final int port;
    private final String password;
    private final AtomicInteger databases = new AtomicInteger();
    private final Thread shutdownHook;
    private boolean stopped;

    private PostgresServer(Path binaries, Path directory, boolean asRoot, int port, String password) {
        this.binaries = binaries;
        this.directory = directory;
        this.asRoot = asRoot;
        this.port = port;
        this.password = password;
        this.shutdownHook = new Thread(this::stop, "postgres-server-stop");
    }

    /** Initializes and starts a new server; fails with what to install when the binaries are missing. */
    public static PostgresServer start() {
        Path binaries = findBinaries();
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        try {
            Path directory = Files.createTempDirectory("paddock-postgres-");
            PostgresServer server = new PostgresServer(binaries, directory, asRoot, LoopbackPorts.free(), HexFormat.of().formatHex(secret));
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            try {
                server.initializeAndStart();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a PostgreSQL directory: " + e.getMessage(), e);
        }
    }

    private void initializeAndStart() throws IOException {
        Path passwordFile = directory.resolve("password");
        Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(directory.resolve("socket"));
        if (asRoot) {
            run(List.of("chown", "-R", OS_USER + ":", directory.toString()), false);
        }
        run(List.of(binaries.resolve("initdb").toString(), "-D", dataDirectory().toString(), "-U", USER, "--auth=scram-sha-256",
            "--pwfile=" + passwordFile, "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"), true);
        run(List.of(binaries.resolve("pg_ctl").toString(), "-D", dataDirectory().toString(), "-l",
            directory.resolve("postgres.log").toString(), "-w", "-t", "60", "-o",
            "-p " + port + " -c listen_addresses=127.0.0.1 -k " + directory.resolve("socket") + " -c fsync=off", "start"), true);
    }

    /** Creates a new, empty database and returns its JDBC URL. */
    public String createDatabase() {
        String name = "paddock_" + databases.incrementAndGet();
        run(List.of(binaries.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, name), true);
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** The server's log, for failure messages. */
    public Path logFile() {
        return directory.resolve("postgres.log");
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (Files.exists(dataDirectory().resolve("postmaster.pid"))) {
                run(List.of(binaries.resolve("pg_ctl").toString(), "-D", dataDirectory().toString(), "-m", "fast", "-w", "stop"), true);
            }
        } finally {
            ServerProcesses.deleteTree(directory);
        }
    }

    private Path dataDirectory() {
        return directory.resolve("data");
    }

    private void run(List<String> command, boolean asPostgres) {
        List<String> full = new ArrayList<>();
        if (asPostgres && asRoot) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full);
        builder.environment().put("PGPASSWORD", password);
        ServerProcesses.run(builder, null, COMMAND_TIMEOUT_SECONDS, () -> ServerProcesses.logTail(logFile(), "server"));
    }

    private static Path findBinaries() {
        String configured = System.getenv("PADDOCK_POSTGRES_BIN");
        if (configured != null && !configured.isBlank()) {
            return requireBinaries(Path.of(configured));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path newest = versions.filter(version -> Files.isExecutable(version.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(PostgresServer::majorVersion)).orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + debian + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin:"
            + " run testing/postgres/ensure-postgres.sh (installs Debian's postgresql package), or set PADDOCK_POSTGRES_BIN");
    }

    private static Path requireBinaries(Path directory) {
        if (!Files.isExecutable(directory.resolve("initdb")) || !Files.isExecutable(directory.resolve("pg_ctl"))) {
            throw new IllegalStateException("PADDOCK_POSTGRES_BIN=" + directory + " holds no initdb and pg_ctl");
        }
        return directory;
    }

    private static int majorVersion(Path versionDirectory) {
        try {
            return Integer.parseInt(versionDirectory.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
