package io.paddock.it;

import static io.paddock.it.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.paddock.localcluster.LocalCluster;
import io.paddock.testbed.KubeCluster;
import io.paddock.testbed.TestBedExtension;

/**
 * A cluster that Paddock reaches only through its agent: the agent runs as a local process with
 * the configuration the generated manifest gives it in a cluster, and Paddock is never told the API
 * server's address other than by the agent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(TestBedExtension.class)
class AgentTunnelIT {

    private static final String PASSWORD = "tunnel-admin-password";
    private static final Duration SYNC = Duration.ofSeconds(30);
    /** The tunnel's stated dead-peer bound (15 s without a frame), plus time to notice and write the status. */
    private static final Duration DEAD_PEER_BOUND = Duration.ofSeconds(25);

    private static PaddockProcess paddock;
    private static ApiClient admin;
    private static LocalCluster hidden;
    private static String manifest;
    private static Path agentDir;
    private static AgentProcess agent;

    @BeforeAll
    static void start(@KubeCluster(nodes = 1, fresh = true) LocalCluster cluster) throws Exception {
        hidden = cluster;
        paddock = PaddockProcess.startHealthy("tunnel", PASSWORD);
        admin = ApiClient.login(paddock, "admin", PASSWORD);
        agentDir = Files.createDirectories(paddock.home.resolve("agent"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (paddock != null) {
            try {
                admin.delete("/v1/clusters/hidden");
            } finally {
                if (agent != null) {
                    agent.close();
                }
                paddock.close();
            }
        }
    }

    @Test
    @Order(1)
    void aClusterRegisteredThroughItsAgentIsManagedLikeAnyOther() throws Exception {
        JsonNode registered = admin.expect(201, admin.post("/v1/clusters", Map.of("name", "hidden", "provider", "agent",
            "config", Map.of("displayName", "Behind NAT"))));
        assertEquals("PENDING", registered.get("status").get("state").asText());
        manifest = text(admin.get("/v1/clusters/hidden/agent-manifest"));
        JsonNode command = admin.expect(200, admin.get("/v1/clusters/hidden/agent-command"));
        String url = command.get("manifestUrl").asText();
        assertTrue(command.get("command").asText().contains(url + " | kubectl apply -f -"), command.toString());
        // the one-line install fetches the same manifest without a login (over the plain port here)
        String path = URI.create(url).getPath();
        assertEquals(manifest, paddock.get(path).body());
        assertEquals(404, paddock.get("/tunnel/import/pdr_guessed.yaml").statusCode());

        String applied = AgentProcess.apply(hidden, manifest, agentDir);
        assertTrue(applied.contains("deployment.apps/paddock-cluster-agent created")
            && applied.contains("daemonset.apps/paddock-node-agent created"), applied);

        agent = AgentProcess.start(hidden, manifest, null, agentDir);
        JsonNode active = eventually(SYNC, () -> admin.expect(200, admin.get("/v1/clusters/hidden")).get("status"),
            s -> s.get("state").asText().equals("ACTIVE") && s.get("nodeCount").asInt() == 1);
        assertTrue(active.get("conditions").toString().contains("\"type\":\"AgentConnected\",\"status\":true"), active.toString());

        Path kubeconfig = agentDir.resolve("admin.kubeconfig");
        Files.writeString(kubeconfig, text(admin.get("/v1/clusters/hidden/kubeconfig")));
        Kubectl.Result nodes = eventually(SYNC, () -> Kubectl.run(hidden, kubeconfig, "get", "nodes", "-o", "name"), Kubectl.Result::ok);
        assertEquals(1, nodes.output().lines().count(), nodes.output());
        assertTrue(Kubectl.run(hidden, kubeconfig, "create", "namespace", "through-agent").ok());
        Kubectl.Result created = Kubectl.run(hidden, kubeconfig, "create", "configmap", "hello", "-n", "through-agent",
            "--from-literal=greeting=hi");
        assertTrue(created.ok(), created.output());
        assertEquals("hi", Kubectl.admin(hidden, "get", "configmap", "hello", "-n", "through-agent", "-o",
            "jsonpath={.data.greeting}"), "written in the cluster behind the agent");
        // Paddock's own changes go through the agent too
        admin.expect(201, admin.post("/v1/clusters/hidden/projects", Map.of("name", "edge")));
        admin.expect(200, admin.put("/v1/clusters/hidden/projects/edge/namespaces/edge-apps", null));
        assertEquals("edge", Kubectl.admin(hidden, "get", "namespace", "edge-apps", "-o",
            "jsonpath={.metadata.labels.paddock\\.io/project}"));
    }

    @Test
    @Order(2)
    void watchesStreamAndALargeListReachASlowReaderWithoutPaddockHoldingIt() throws Exception {
        HttpRequest watch = HttpRequest.newBuilder(paddock.uri(
            "/k8s/clusters/hidden/api/v1/namespaces/through-agent/configmaps?watch=true&timeoutSeconds=60"))
            .header("Authorization", "Bearer " + admin.token()).GET().build();
        HttpResponse<InputStream> stream = paddock.http().send(watch, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        CompletableFuture<String> event = CompletableFuture.supplyAsync(() -> readUntil(stream.body(), "\"name\":\"streamed\""));
        Kubectl.admin(hidden, "create", "configmap", "streamed", "-n", "through-agent");
        assertTrue(event.get(15, TimeUnit.SECONDS).contains("ADDED"));
        stream.body().close();

        // about 30 MB in one list, read slowly at first
        Path big = agentDir.resolve("big.yaml");
        StringBuilder yaml = new StringBuilder();
        String filler = "x".repeat(100_000);
        for (int i = 0; i < 300; i++) {
            yaml.append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big-").append(i)
                .append("\n  namespace: through-agent\ndata:\n  filler: ").append(filler).append("\n---\n");
        }
        Files.writeString(big, yaml);
        Kubectl.admin(hidden, "apply", "-f", big.toString());
        long liveBefore = paddock.liveHeapBytes();
        HttpResponse<InputStream> list = paddock.http().send(HttpRequest.newBuilder(paddock.uri(
                "/k8s/clusters/hidden/api/v1/namespaces/through-agent/configmaps"))
            .header("Authorization", "Bearer " + admin.token()).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        long total = 0;
        long maxGrowth = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = list.body()) {
            for (int slow = 0; slow < 20; slow++) {
                total += Math.max(0, in.read(buffer));
                Thread.sleep(100);
            }
            maxGrowth = Math.max(maxGrowth, paddock.liveHeapBytes() - liveBefore);
            int read;
            while ((read = in.read(buffer)) >= 0) {
                total += read;
            }
        }
        System.out.printf("tunnel: %d MB listed through the agent; Paddock's live heap grew %d KiB while the reader stalled%n",
            total / 1_000_000, maxGrowth / 1024);
        assertTrue(total > 30_000_000, "the whole list arrived: " + total);
        assertTrue(maxGrowth < 16L * 1024 * 1024, "Paddock must not hold the response: " + maxGrowth);
    }

    @Test
    @Order(3)
    void killingTheAgentEndsStreamsCleanlyAndItsReturnRestoresAccess() throws Exception {
        HttpResponse<InputStream> stream = paddock.http().send(HttpRequest.newBuilder(paddock.uri(
                "/k8s/clusters/hidden/api/v1/namespaces/through-agent/configmaps?watch=true&timeoutSeconds=120"))
            .header("Authorization", "Bearer " + admin.token()).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        CompletableFuture<Long> ended = CompletableFuture.supplyAsync(() -> drainMillis(stream.body()));
        Thread.sleep(500);
        long killed = System.nanoTime();
        agent.kill();
        ended.get(10, TimeUnit.SECONDS);
        System.out.printf("tunnel: a watch ended %d ms after its agent was killed%n", (System.nanoTime() - killed) / 1_000_000);
        eventually(SYNC, () -> admin.get("/k8s/clusters/hidden/api/v1/namespaces").statusCode(), s -> s >= 500);
        eventually(SYNC, () -> tunnelThreads(), n -> n == 0);

        agent = AgentProcess.start(hidden, manifest, null, agentDir);
        long restarted = System.nanoTime();
        eventually(SYNC, () -> admin.get("/k8s/clusters/hidden/api/v1/namespaces").statusCode(), s -> s == 200);
        System.out.printf("tunnel: requests work again %d ms after the agent restarted%n", (System.nanoTime() - restarted) / 1_000_000);
    }

    @Test
    @Order(4)
    void agentsComeBackAfterAServerRestart() throws Exception {
        paddock.stop();
        paddock.start();
        paddock.awaitHealthy();
        long healthy = System.nanoTime();
        eventually(Duration.ofSeconds(60), () -> admin.get("/k8s/clusters/hidden/api/v1/namespaces").statusCode(), s -> s == 200);
        System.out.printf("tunnel: the agent was back %d ms after the restarted server was healthy%n",
            (System.nanoTime() - healthy) / 1_000_000);
    }

    @Test
    @Order(5)
    void aSilentNetworkDropIsDetectedWithinTheBound() throws Exception {
        eventually(SYNC, () -> admin.expect(200, admin.get("/v1/clusters/hidden")).get("status").get("conditions").toString(),
            c -> c.contains("\"type\":\"AgentConnected\",\"status\":true"));
        long frozen = System.nanoTime();
        agent.signal("STOP");
        try {
            eventually(DEAD_PEER_BOUND, () -> admin.expect(200, admin.get("/v1/clusters/hidden")).get("status").get("conditions")
                .toString(), c -> c.contains("\"type\":\"AgentConnected\",\"status\":false"));
            System.out.printf("tunnel: a silent agent was noticed after %d ms%n", (System.nanoTime() - frozen) / 1_000_000);
            eventually(SYNC, () -> tunnelThreads(), n -> n == 0);
        } finally {
            agent.signal("CONT");
        }
        eventually(Duration.ofSeconds(60), () -> admin.get("/k8s/clusters/hidden/api/v1/namespaces").statusCode(), s -> s == 200);
    }

    @Test
    @Order(6)
    void rotatingTheRegistrationTokenShutsOutTheOldOne() throws Exception {
        String old = AgentProcess.value(manifest, "token");
        admin.expect(204, admin.post("/v1/clusters/hidden/registration-token", null));
        eventually(SYNC, () -> admin.expect(200, admin.get("/v1/clusters/hidden")).get("status").get("conditions").toString(),
            c -> c.contains("\"type\":\"AgentConnected\",\"status\":false"));
        eventually(SYNC, agent::log, log -> log.contains("The server refused the registration token (HTTP 401)"));
        assertTrue(paddock.log().contains("refused: unknown or rotated registration token"));
        String renewed = text(admin.get("/v1/clusters/hidden/agent-manifest"));
        assertFalse(renewed.contains(old), "a new token");
        assertFalse(paddock.log().contains(old) || agent.log().contains(old), "tokens are never logged");
        agent.close();
        manifest = renewed;
        agent = AgentProcess.start(hidden, manifest, null, agentDir);
        eventually(SYNC, () -> admin.get("/k8s/clusters/hidden/api/v1/namespaces").statusCode(), s -> s == 200);
    }

    @Test
    @Order(7)
    void aNodeAgentCarriesTheClusterWhileTheClusterAgentIsAway() throws Exception {
        try (AgentProcess node = AgentProcess.start(hidden, manifest, null, agentDir.resolve("node"), "node")) {
            eventually(SYNC, paddock::log, log -> log.contains("Cluster 'hidden': node agent connected"));
            agent.kill();
            eventually(SYNC, () -> admin.expect(200, admin.get("/v1/clusters/hidden")).get("status").get("conditions").toString(),
                c -> c.contains("the node agent connected"));
            assertEquals(200, admin.get("/k8s/clusters/hidden/api/v1/namespaces").statusCode());
        }
    }

    // ---- helpers

    private static int tunnelThreads() throws Exception {
        return (int) paddock.threadNames().stream().filter(name -> name.startsWith("paddock-tunnel-hidden")).count();
    }

    private static String readUntil(InputStream in, String marker) {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                seen.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                if (seen.indexOf(marker) >= 0) {
                    return seen.toString();
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("the stream ended before " + marker + ": " + seen);
    }

    private static long drainMillis(InputStream in) {
        long start = System.nanoTime();
        try (in) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException endedWithAnError) {
            // a clean error is what the client should see
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String text(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
