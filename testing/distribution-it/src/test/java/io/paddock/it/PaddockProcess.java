package io.paddock.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;

import io.paddock.localcluster.LoopbackPorts;

/**
 * One unpacked Paddock distribution, run as a real process ({@code bin/karaf server}) on free
 * loopback ports, reached the way users reach it: SSH for the shell, HTTP for the API.
 */
public final class PaddockProcess implements AutoCloseable {

    /** Result of one shell command over SSH; ANSI colours removed. */
    record ShellResult(int exitStatus, String output) {
    }

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Path ARTIFACTS = Path.of(System.getProperty("paddock.it.artifacts", "target/artifacts"));

    final Path home;
    final int httpPort;
    final int sshPort;
    final int httpsPort;
    private final Map<String, String> environment = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private PaddockProcess(Path home, int httpPort, int sshPort, int httpsPort) {
        this.httpsPort = httpsPort;
        this.home = home;
        this.httpPort = httpPort;
        this.sshPort = sshPort;
    }

    /** Unpacks a fresh copy of the distribution under {@code target/it/<name>}. */
    public static PaddockProcess unpack(String name) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("paddock.it.dir", "target/it")).resolve(name);
        deleteTree(root);
        Files.createDirectories(root);
        run(List.of("tar", "xzf", ARTIFACTS.resolve("paddock-distribution.tar.gz").toAbsolutePath().toString(),
            "-C", root.toString(), "--strip-components=1"));
        return new PaddockProcess(root, LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free());
    }

    static Path probeBundle() {
        return ARTIFACTS.resolve("itest-probe.jar").toAbsolutePath();
    }

    PaddockProcess env(String name, String value) {
        if (value == null) {
            environment.remove(name);
        } else {
            environment.put(name, value);
        }
        return this;
    }

    /** Starts {@code bin/karaf server} and waits until the HTTP endpoint answers (with any status). */
    void start() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("PADDOCK_HTTP_PORT", Integer.toString(httpPort));
        builder.environment().put("PADDOCK_SSH_PORT", Integer.toString(sshPort));
        builder.environment().put("PADDOCK_HTTPS_PORT", Integer.toString(httpsPort));
        builder.environment().putAll(environment);
        process = builder.start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Paddock exited with " + process.exitValue() + "; console:\n" + console());
            }
            try {
                get("/v1/health");
                return;
            } catch (IOException notYet) {
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("Paddock did not answer on port " + httpPort + " within " + START_TIMEOUT);
    }

    /** Waits until every health check is up, as after a start or restart. */
    void awaitHealthy() throws Exception {
        Eventually.eventually(java.time.Duration.ofSeconds(60), () -> get("/v1/health").statusCode(), s -> s == 200);
    }

    /** Unpacks a fresh installation, starts it with this administrator password and waits until it is healthy. */
    public static PaddockProcess startHealthy(String name, String adminPassword) throws Exception {
        PaddockProcess paddock = unpack(name);
        paddock.env("PADDOCK_BOOTSTRAP_PASSWORD", adminPassword).start();
        paddock.awaitHealthy();
        return paddock;
    }

    /** Stops the container the way an operator's SIGTERM does, and its child JVM with it. */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                handle.destroyForcibly();
            }
        }
        process = null;
    }

    /**
     * Stops only the container (its start script and JVM), the way a service manager that kills the main
     * process does; processes the container started and meant to outlive it keep running.
     */
    void stopContainerOnly() throws Exception {
        if (process == null) {
            return;
        }
        List<ProcessHandle> container = List.of(process.toHandle(), ProcessHandle.of(jvmPid()).orElseThrow());
        container.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : container) {
            handle.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        process = null;
    }

    /**
     * Process id of the container's JVM, for jcmd and the like: {@code bin/karaf} starts it as a child (its
     * own children may be JVMs too, e.g. a created cluster's token webhook).
     */
    public long jvmPid() {
        return Stream.concat(Stream.of(process.toHandle()), process.children())
            .filter(handle -> handle.info().command().map(command -> command.endsWith("/java")).orElse(false))
            .findFirst().orElseThrow(() -> new IllegalStateException("no JVM under bin/karaf (pid " + process.pid() + ")")).pid();
    }

    /**
     * Bytes of the objects reachable in the container's JVM: {@code jcmd GC.class_histogram} (without
     * {@code -all}) runs a full GC first and counts only what survives it.
     */
    public long liveHeapBytes() throws IOException, InterruptedException {
        String out = jcmd("GC.class_histogram");
        Matcher total = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$").matcher(out);
        if (!total.find()) {
            throw new IllegalStateException("jcmd GC.class_histogram gave no total:\n" + out.substring(Math.max(0, out.length() - 2000)));
        }
        return Long.parseLong(total.group(1));
    }

    /** Names of the container JVM's live threads. */
    public List<String> threadNames() throws IOException, InterruptedException {
        return jcmd("Thread.print").lines().filter(line -> line.startsWith("\""))
            .map(line -> line.substring(1, line.indexOf('"', 1))).toList();
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        long pid = jvmPid();
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid),
            command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }

    /** The installation's directory. */
    public Path home() {
        return home;
    }

    /** The client the other calls use (HTTP/1.1 and 2, plain port), for streaming reads. */
    public HttpClient http() {
        return http;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    ShellResult ssh(String user, String password, String command) throws IOException {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            // the password only: keys or an agent of the machine running the tests must not take part
            client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
            client.setAgentFactory(null);
            CoreModuleProperties.PREFERRED_AUTHS.set(client, "password");
            client.start();
            try (ClientSession session = client.connect(user, "127.0.0.1", sshPort).verify(Duration.ofSeconds(30)).getSession()) {
                session.addPasswordIdentity(password);
                try {
                    session.auth().verify(Duration.ofSeconds(30));
                } catch (SshException e) {
                    throw new SshException("SSH login of '" + user + "' on port " + sshPort + " refused: " + e.getMessage(), e);
                }
                try (ChannelExec channel = session.createExecChannel(command)) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    channel.setOut(out);
                    channel.setErr(out);
                    channel.open().verify(Duration.ofSeconds(30));
                    channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofMinutes(2));
                    Integer status = channel.getExitStatus();
                    String text = out.toString(StandardCharsets.UTF_8).replaceAll("\u001B\\[[;\\d]*m", "");
                    return new ShellResult(status == null ? -1 : status, text);
                }
            }
        }
    }

    String console() {
        return read(home.resolve("console.log"));
    }

    public String log() {
        return read(home.resolve("data/log/karaf.log"));
    }

    Path etc(String file) {
        return home.resolve("etc").resolve(file);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException(command + " failed with " + p.exitValue());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
