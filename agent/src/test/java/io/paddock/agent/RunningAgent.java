package io.paddock.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import io.paddock.testbed.ldap.TestPki;
import io.paddock.tunnel.protocol.TunnelTarget;

/**
 * An agent running in this JVM on its own thread, set up as a cluster's Deployment would set it up:
 * token, service-account token and cluster CA in files, the rest in its environment.
 */
final class RunningAgent implements AutoCloseable {

    static final String SERVICE_ACCOUNT_TOKEN = "service-account-token-51be02";

    private final Agent agent;
    private final Thread thread;

    private RunningAgent(Agent agent) {
        this.agent = agent;
        this.thread = new Thread(agent::run, "test-agent");
        thread.start();
    }

    /**
     * Writes the files into {@code dir} ({@code token}, {@code sa-token}, {@code ca.crt}) and starts an
     * agent that pins {@code pinned}'s CA and may dial {@code clusterApi}.
     */
    static RunningAgent start(Path dir, String serverUrl, TestPki pinned, String token, TunnelTarget clusterApi) throws Exception {
        Files.writeString(dir.resolve("token"), token + "\n");
        Files.writeString(dir.resolve("sa-token"), SERVICE_ACCOUNT_TOKEN);
        pinned.writeCa(dir.resolve("ca.crt"));
        return new RunningAgent(new Agent(AgentConfig.fromEnvironment(Map.of(
            "PADDOCK_SERVER", serverUrl,
            "PADDOCK_CA_CHECKSUM", checksum(pinned),
            "PADDOCK_TOKEN_FILE", dir.resolve("token").toString(),
            "PADDOCK_CLUSTER_API", clusterApi.toString(),
            "PADDOCK_CLUSTER_TOKEN_FILE", dir.resolve("sa-token").toString(),
            "PADDOCK_CLUSTER_CA_FILE", dir.resolve("ca.crt").toString()))));
    }

    /** What PADDOCK_CA_CHECKSUM holds for {@code pki}'s CA. */
    static String checksum(TestPki pki) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pki.caCertificate().getEncoded()));
    }

    boolean isRunning() {
        return thread.isAlive();
    }

    /** Stops the agent and waits up to 10 s for it to end. */
    @Override
    public void close() throws InterruptedException {
        agent.close();
        thread.join(10_000);
    }
}
