package io.paddock.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.sun.net.httpserver.HttpServer;

import io.paddock.localcluster.LocalCluster;

/**
 * {@code kubectl exec}, {@code exec -i}, {@code logs}, {@code logs -f} and {@code port-forward} against a fake pod of a
 * test-bed cluster with pod I/O ({@code @KubeCluster(podIo = true)}), with the test bed's kubectl and the admin
 * kubeconfig. The request goes kubectl → kube-apiserver → kwok's emulated kubelet endpoint, as on a real cluster.
 * Each streaming command runs with {@code -v=8}, and the test prints which protocol kubectl spoke to the API server.
 */
@ExtendWith(TestBedExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodIoIT {

    private static final String POD = "io";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern FORWARDING = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> 8080");

    @TempDir
    static Path tmp;

    private LocalCluster cluster;

    @BeforeAll
    void startPod(@KubeCluster(nodes = 1, podIo = true) LocalCluster cluster) throws Exception {
        this.cluster = cluster;
        System.out.println("cluster with pod I/O started in " + cluster.startupTime().toMillis() + " ms");
        run("run", POD, "--image=registry.invalid/none:1", "--restart=Never");
        run("wait", "--for=condition=Ready", "pod/" + POD, "--timeout=60s");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void execPrintsTheCommandsOutput(Protocol protocol) throws Exception {
        Result result = exec(protocol, null, "exec", POD, "-v=8", "--", "echo", "hello");
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals("hello\n", result.stdout(), result.describe());
        protocol.assertUsed(result.stderr(), "v5.channel.k8s.io", "v4.channel.k8s.io");
        report("exec over " + protocol, result.stderr());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void execWithStdinRunsInThePodExecDir(Protocol protocol) throws Exception {
        // reads exactly two lines: kwok v0.8.0 never closes the local process's stdin, so a command that reads to
        // EOF (cat) would wait forever, also after kubectl has sent everything
        Result result = exec(protocol, "line one\nline two\n", "exec", "-i", POD, "-v=8", "--", "sh", "-c",
            "read a; read b; echo \"$b|$a\"; pwd");
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals("line two|line one\n" + cluster.podExecDir().toRealPath() + "\n", result.stdout(), result.describe());
        protocol.assertUsed(result.stderr(), "v5.channel.k8s.io", "v4.channel.k8s.io");
        report("exec -i over " + protocol, result.stderr());
    }

    @Test
    void execFailureReachesKubectlAsAnError() throws Exception {
        // kwok v0.8.0 reports a non-zero exit as an error message, not as an exit code: kubectl exits 1, not 3
        Result result = exec(Protocol.WEBSOCKET, null, "exec", POD, "--", "sh", "-c", "echo oops >&2; exit 3");
        assertEquals(1, result.exitCode(), result.describe());
        assertTrue(result.stderr().contains("oops"), result.describe());
        assertTrue(result.stderr().contains("exit status 3"), result.describe());
    }

    @Test
    void logsAndLogsFollowSeeAppendedLines() throws Exception {
        cluster.appendPodLog("first line");
        Result logs = exec(Protocol.WEBSOCKET, null, "logs", POD);
        assertEquals(0, logs.exitCode(), logs.describe());
        assertTrue(logs.stdout().lines().anyMatch("first line"::equals), logs.describe());

        Path stderr = tmp.resolve("logs-f.err");
        Process follow = new ProcessBuilder(cluster.kubectlCommand("logs", "-f", POD)).redirectError(stderr.toFile()).start();
        try {
            BlockingQueue<String> lines = lines(follow);
            awaitLine(lines, "first line", follow, stderr);
            cluster.appendPodLog("appended while following");
            awaitLine(lines, "appended while following", follow, stderr);
            assertTrue(follow.isAlive(), "kubectl logs -f ended early");
        } finally {
            follow.destroy();
            follow.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void portForwardReachesTheLocalTarget(Protocol protocol) throws Exception {
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), cluster.podPortForwardTarget()), 0);
        target.createContext("/", exchange -> {
            byte[] body = ("hello through port-forward " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.start();
        Path stderr = tmp.resolve("port-forward.err");
        ProcessBuilder builder = new ProcessBuilder(cluster.kubectlCommand("port-forward", "pod/" + POD, ":8080",
            "--address=127.0.0.1", "-v=8")).redirectError(stderr.toFile());
        builder.environment().putAll(protocol.environment);
        Process forward = builder.start();
        try {
            BlockingQueue<String> lines = lines(forward);
            String forwarding = awaitLine(lines, FORWARDING, forward, stderr);
            Matcher m = FORWARDING.matcher(forwarding);
            assertTrue(m.find(), forwarding);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            for (int i = 1; i <= 2; i++) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/try" + i))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
                assertEquals("hello through port-forward /try" + i, response.body());
            }
        } finally {
            forward.destroy();
            forward.waitFor(10, TimeUnit.SECONDS);
            target.stop(0);
        }
        String verbose = Files.readString(stderr);
        protocol.assertUsed(verbose, "SPDY/3.1+portforward.k8s.io", "portforward.k8s.io");
        report("port-forward over " + protocol, verbose);
    }

    /**
     * How kubectl talks to the API server. kubectl 1.34 tries WebSocket first (exec: {@code v5.channel.k8s.io}; port-forward:
     * SPDY tunnelled in WebSocket, {@code SPDY/3.1+portforward.k8s.io}); its environment switches turn that off, so it
     * speaks SPDY/3.1 as older clients do. Either way kube-apiserver talks SPDY to the (emulated) kubelet.
     */
    enum Protocol {
        WEBSOCKET(Map.of()),
        SPDY(Map.of("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false", "KUBECTL_PORT_FORWARD_WEBSOCKETS", "false"));

        final Map<String, String> environment;

        Protocol(Map<String, String> environment) {
            this.environment = environment;
        }

        /** Checks kubectl's -v=8 output: the upgrade was answered 101 with the expected protocol, and nothing fell back. */
        void assertUsed(String verbose, String webSocketProtocol, String spdyProtocol) {
            assertTrue(verbose.contains("status=\"101 Switching Protocols\""), verbose);
            assertFalse(verbose.toLowerCase(Locale.ROOT).contains("fallback"), verbose);
            if (this == WEBSOCKET) {
                assertTrue(verbose.contains("Upgrade: websocket"), verbose);
                assertTrue(verbose.contains("Sec-Websocket-Protocol: " + webSocketProtocol), verbose);
            } else {
                assertTrue(verbose.contains("Upgrade: SPDY/3.1"), verbose);
                assertTrue(verbose.contains("X-Stream-Protocol-Version: " + spdyProtocol), verbose);
                assertFalse(verbose.contains("Upgrade: websocket"), verbose);
            }
        }
    }

    private static void report(String what, String verbose) {
        System.out.println(what + ": " + verbose.lines()
            .filter(l -> l.contains("Sec-Websocket-Protocol:") || l.contains("X-Stream-Protocol-Version:") || l.contains("Upgrade:")
                || l.contains("status=\"101"))
            .map(String::strip).distinct().toList());
    }

    private static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process was stopped
            }
        }, "kubectl-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static void awaitLine(BlockingQueue<String> lines, String expected, Process process, Path stderr) throws Exception {
        awaitLine(lines, Pattern.compile(Pattern.quote(expected) + "$"), process, stderr);
    }

    private static String awaitLine(BlockingQueue<String> lines, Pattern expected, Process process, Path stderr) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && expected.matcher(line).find()) {
                return line;
            }
            if (line == null && !process.isAlive()) {
                throw new AssertionError("kubectl ended (" + process.exitValue() + ") before a line matching " + expected + ": "
                    + Files.readString(stderr));
            }
        }
        throw new AssertionError("no line matching " + expected + " within " + TIMEOUT + ": " + Files.readString(stderr));
    }

    private record Result(int exitCode, String stdout, String stderr) {
        String describe() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private Result exec(Protocol protocol, String stdin, String... args) throws IOException, InterruptedException {
        Path err = Files.createTempFile(tmp, "kubectl", ".err");
        ProcessBuilder builder = new ProcessBuilder(cluster.kubectlCommand(args)).redirectError(err.toFile());
        builder.environment().putAll(protocol.environment);
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process process = builder.start();
        if (stdin != null) {
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", args));
        }
        return new Result(process.exitValue(), stdout, Files.readString(err));
    }

    private String run(String... args) throws IOException, InterruptedException {
        Result result = exec(Protocol.WEBSOCKET, null, args);
        assertEquals(0, result.exitCode(), "kubectl " + String.join(" ", args) + ": " + result.describe());
        return result.stdout();
    }
}
