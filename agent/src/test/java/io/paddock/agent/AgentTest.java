package io.paddock.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.paddock.testbed.ldap.TestPki;
import io.paddock.tunnel.protocol.EchoServer;
import io.paddock.tunnel.protocol.LocalPortForwarder;
import io.paddock.tunnel.protocol.TunnelStream;
import io.paddock.tunnel.protocol.TunnelTarget;
import io.paddock.tunnel.protocol.Waiting;

/** The agent against a real TLS WebSocket server, relaying to a real TCP server standing in for the API server. */
class AgentTest {

    private static final String TOKEN = "registration-token-7f3a9c";

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TestPki pki;

    @TempDir
    Path dir;

    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Handler logCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logLines.add(record.getMessage() + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private RunningAgent agent;

    @BeforeAll
    static void generateCertificates() {
        pki = TestPki.generate("paddock");
    }

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(logCapture);
    }

    @AfterEach
    void stopAgent() throws InterruptedException {
        if (agent != null) {
            agent.close();
        }
        Logger.getLogger("").removeHandler(logCapture);
    }

    @Test
    void relaysTheServersStreamsToTheClusterApiAndNowhereElse() throws Exception {
        try (EchoServer api = new EchoServer(); TunnelServer server = new TunnelServer(pki, TOKEN).start()) {
            agent = RunningAgent.start(dir, server.url(), pki, TOKEN, api.target());
            TunnelServer.Connection connection = server.awaitConnection(20);

            assertEquals(TOKEN, connection.token());
            String caPem = Files.readString(dir.resolve("ca.crt")).strip();
            assertEquals("{\"kind\":\"cluster\",\"cluster\":{\"address\":\"" + api.target() + "\",\"token\":\"" + RunningAgent.SERVICE_ACCOUNT_TOKEN
                    + "\",\"caCert\":\"" + caPem.replace("\n", "\\n") + "\"}}",
                new String(Base64.getDecoder().decode(connection.params()), StandardCharsets.UTF_8));

            TunnelStream stream = connection.session().open(api.target());
            stream.output().write("ping".getBytes(StandardCharsets.UTF_8));
            stream.output().close();
            assertEquals("ping", new String(stream.input().readAllBytes(), StandardCharsets.UTF_8));

            try (LocalPortForwarder forwarder = new LocalPortForwarder(connection.session(), api.target())) {
                byte[] data = new byte[1 << 20];
                new Random(1).nextBytes(data);
                assertArrayEquals(data, EchoServer.roundTrip(forwarder.address(), data), "a client of the forwarded port gets its bytes back");
            }

            IOException refused = assertThrows(IOException.class, () -> connection.session().open(new TunnelTarget("127.0.0.1", 22)));
            assertTrue(refused.getMessage().endsWith("127.0.0.1:22 is not an allowed target; this end dials only [" + api.target() + "]"),
                refused.getMessage());

            agent.close();
            assertEquals("the agent closed the connection (1000)",
                connection.session().closed().toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertFalse(agent.isRunning(), "the agent stopped");
            Waiting.until(() -> Waiting.threadsNamed("paddock-tunnel-").isEmpty(), WAIT,
                () -> "the agent leaves no tunnel thread behind: " + Waiting.threadsNamed("paddock-tunnel-"));
        }
    }

    @Test
    void refusesAServerWhoseCertificateComesFromAnotherCa() throws Exception {
        TestPki impostorPki = TestPki.generate("impostor");
        try (EchoServer api = new EchoServer(); TunnelServer impostor = new TunnelServer(impostorPki, TOKEN).start()) {
            agent = RunningAgent.start(dir, impostor.url(), pki, TOKEN, api.target());
            String refusal = "Refused the server's certificate: the server's certificate (CN=impostor-server) does not come with"
                + " the CA whose SHA-256 is PADDOCK_CA_CHECKSUM " + RunningAgent.checksum(pki);
            Waiting.until(() -> logLines.stream().filter(line -> line.startsWith(refusal)).count() >= 2, WAIT,
                () -> "two attempts refused the certificate; logged: " + logLines);
            assertFalse(impostor.anyConnection(), "no WebSocket was opened to the impostor");
        }
    }

    @Test
    void connectsAgainAfterTheServerWasDown() throws Exception {
        try (EchoServer api = new EchoServer(); TunnelServer server = new TunnelServer(pki, TOKEN).start()) {
            agent = RunningAgent.start(dir, server.url(), pki, TOKEN, api.target());
            TunnelServer.Connection first = server.awaitConnection(20);

            server.stop();
            first.session().closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
            Waiting.until(() -> logLines.stream().anyMatch(line -> line.startsWith("Cannot connect to wss://127.0.0.1:")), WAIT,
                () -> "the agent tries while the server is down");
            server.start();

            TunnelServer.Connection second = server.awaitConnection(40);
            TunnelStream stream = second.session().open(api.target());
            stream.output().write(42);
            assertEquals(42, stream.input().read());
            assertTrue(logLines.stream().anyMatch(line -> line.contains("ended:") && line.contains("; connecting again in ")),
                "the lost connection is logged with the delay: " + logLines);
        }
    }

    @Test
    void aRefusedTokenIsRetriedAndNeverLogged() throws Exception {
        try (EchoServer api = new EchoServer(); TunnelServer server = new TunnelServer(pki, "another-token").start()) {
            agent = RunningAgent.start(dir, server.url(), pki, TOKEN, api.target());
            Waiting.until(() -> server.refusedTokens() >= 2, WAIT, () -> "the agent tries again after a 401");

            assertTrue(logLines.stream().anyMatch(line -> line.startsWith(
                    "The server refused the registration token (HTTP 401); check the token in " + dir.resolve("token"))),
                "logged: " + logLines);
            assertFalse(server.anyConnection());
            for (String line : logLines) {
                assertFalse(line.contains(TOKEN) || line.contains(RunningAgent.SERVICE_ACCOUNT_TOKEN), "a secret in the log: " + line);
            }
        }
    }
}
