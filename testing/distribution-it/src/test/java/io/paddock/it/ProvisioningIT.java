package io.paddock.it;

import static io.paddock.it.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.paddock.localcluster.KubeBinaries;
import io.paddock.localcluster.LocalCluster;

/**
 * Clusters created by the local provider, through the REST API of a running distribution: created from
 * a cluster file with direct access on, a workload kept across an upgrade to the next minor release,
 * an etcd snapshot restored, the node pool scaled, Paddock restarted while they run, and deleted
 * without leaving a process or a file. Bad input is refused before anything starts, and a component
 * that fails to start turns the cluster to Error with its log excerpt.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvisioningIT {

    private static final String PASSWORD = "provisioning-admin-password";
    private static final Duration OPERATION = Duration.ofMinutes(4);
    private static final String CLUSTER = "made";

    private static PaddockProcess paddock;
    private static ApiClient admin;
    private static List<String> versions;
    private static final List<String> figures = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        versions = KubeBinaries.versions(KubeBinaries.defaultCache());
        assertTrue(versions.size() >= 2, "needs two Kubernetes versions: bash testing/k8s/build.sh --all; built: " + versions);
        paddock = PaddockProcess.startHealthy("provisioning", PASSWORD);
        admin = ApiClient.login(paddock, "admin", PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        figures.forEach(figure -> System.out.println("[provisioning] " + figure));
        if (paddock != null) {
            paddock.close();
            // a failed test may leave created clusters: they outlive Paddock by design, so end them here
            Path clusters = clustersDir();
            if (Files.isDirectory(clusters)) {
                try (var dirs = Files.list(clusters)) {
                    dirs.forEach(LocalCluster::destroyAt);
                }
            }
        }
    }

    private static Path clustersDir() {
        return paddock.home().resolve("data").resolve("clusters");
    }

    @Test
    @Order(1)
    void theProviderOffersItsFormVersionsAndOperations() throws Exception {
        JsonNode providers = admin.expect(200, admin.get("/v1/clusterproviders")).get("items");
        JsonNode local = null;
        for (JsonNode provider : providers) {
            if (provider.get("id").asText().equals("local")) {
                local = provider;
            }
        }
        assertTrue(local != null, providers.toString());
        assertEquals(versions, ApiClient.JSON.convertValue(local.get("kubernetesVersions"), List.class));
        assertTrue(local.get("capabilities").toString().contains("UPGRADE"), local.toString());
        assertTrue(local.get("configSchema").toString().contains("clusterFile"), local.toString());
        String listed = shell("paddock:cluster-providers").output();
        assertTrue(listed.contains("local") && listed.contains(versions.get(1)), listed);
    }

    @Test
    @Order(2)
    void badInputIsRefusedNamingTheFieldAndNothingIsCreated() throws Exception {
        assertRefused(Map.of("clusterFile", "kubernetesVersion: " + versions.get(0) + "\nnodes: many\n"), "nodes");
        assertRefused(Map.of("clusterFile", "network:\n  serviceCidr: 10.0.0.0/8\n"), "network.serviceCidr");
        assertRefused(Map.of("clusterFile", "netwrk: {}\n"), "netwrk: unknown field");
        assertRefused(Map.of("clusterFile", "kubeApiServer:\n  extraArgs: [\"--secure-port=1\"]\n"),
            "kubeApiServer.extraArgs[0]: --secure-port is set by the provider");
        assertRefused(Map.of("kubernetesVersion", "v1.99.0"), "testing/k8s/build.sh");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertRefused(Map.of("apiServerPort", Integer.toString(taken.getLocalPort())), "network.apiServerPort: port "
                + taken.getLocalPort() + " on 127.0.0.1 is in use");
        }
        ShellAssertions.assertRefused("cluster-create", shell("paddock:cluster-create --provider local --set nodes=many refused"),
            "nodes: must be a whole number");
        admin.expect(404, admin.get("/v1/clusters/refused"));
        assertFalse(Files.exists(clustersDir().resolve("refused")), "nothing written for refused input");
    }

    private static void assertRefused(Map<String, String> config, String messagePart) throws Exception {
        HttpResponse<String> answer = admin.post("/v1/clusters", Map.of("name", "refused", "provider", "local", "config", config));
        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains(messagePart), answer.body());
        assertFalse(answer.body().contains("Exception"), answer.body());
    }

    @Test
    @Order(3)
    void aComponentThatFailsToStartTurnsTheClusterToErrorWithItsLog() throws Exception {
        admin.expect(202, admin.post("/v1/clusters", Map.of("name", "broken", "provider", "local", "config",
            Map.of("clusterFile", "kubeApiServer:\n  extraArgs: [\"--no-such-flag=1\"]\nnodes: 0\n"))));
        JsonNode failed = awaitOperationEnd("broken");
        assertEquals("ERROR", failed.get("status").get("state").asText(), failed.toString());
        JsonNode operation = failed.get("status").get("operation");
        assertEquals("FAILED", operation.get("phase").asText());
        assertTrue(operation.get("message").asText().contains("unknown flag: --no-such-flag"), operation.toString());
        assertTrue(operation.get("message").asText().contains("kube-apiserver"), operation.toString());

        deleteAndAwaitGone("broken");
        assertFalse(Files.exists(clustersDir().resolve("broken")));
    }

    @Test
    @Order(4)
    void aClusterFromAClusterFileServesWithDirectAccessAndKeepsItsWorkloadAcrossAnUpgrade() throws Exception {
        Instant begin = Instant.now();
        JsonNode accepted = admin.expect(202, admin.post("/v1/clusters", Map.of("name", CLUSTER, "provider", "local", "config",
            Map.of("clusterFile", """
                kubernetesVersion: %s
                nodes: 2
                network:
                  serviceCidr: 10.96.0.0/16
                etcd:
                  snapshotIntervalMinutes: 0
                """.formatted(versions.get(0))), "description", "made by the local provider")));
        assertEquals("PROVISIONING", accepted.get("status").get("state").asText(), accepted.toString());
        JsonNode active = awaitActive(CLUSTER, versions.get(0));
        figures.add("create (POST to ACTIVE): " + Duration.between(begin, Instant.now()).toMillis() + " ms");
        assertTrue(active.get("spec").get("directAccess").get("enabled").asBoolean(), "registered with direct access on");
        eventually(Duration.ofSeconds(30), () -> admin.expect(200, admin.get("/v1/clusters/" + CLUSTER)).get("status"),
            s -> s.get("readyNodeCount").asInt() == 2);

        Path dir = clustersDir().resolve(CLUSTER);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        for (String secret : List.of("cluster.state", "admin.kubeconfig", "pki/ca.key", "pki/sa.key")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(secret))), secret);
        }
        assertTrue(Files.readString(dir.resolve("cluster.yml")).contains("serviceCidr: 10.96.0.0/16"));

        Path kubeconfig = kubeconfig();
        assertTrue(kubectl(kubeconfig, "create", "namespace", "shop").ok());
        assertTrue(kubectl(kubeconfig, "create", "deployment", "web", "--image=registry.example/web:1", "--replicas=2", "-n", "shop")
            .ok());
        eventually(OPERATION, () -> kubectl(kubeconfig, "get", "deployment", "web", "-n", "shop", "-o",
            "jsonpath={.status.readyReplicas}").output(), "2"::equals);
        awaitDirectAccess(kubeconfig);
        JsonNode described = admin.expect(200, admin.get("/v1/clusters/" + CLUSTER + "/provider"));
        figures.add("memory of one local cluster (2 kwok nodes, resident): " + described.get("residentMemoryMiB").asLong()
            + " MiB: " + described.get("processes"));

        begin = Instant.now();
        JsonNode upgrading = admin.expect(202, admin.post("/v1/clusters/" + CLUSTER + "/upgrade",
            Map.of("kubernetesVersion", versions.get(1))));
        assertEquals("UPGRADING", upgrading.get("status").get("state").asText(), upgrading.toString());
        admin.expect(409, admin.post("/v1/clusters/" + CLUSTER + "/snapshots", Map.of()));
        awaitActive(CLUSTER, versions.get(1));
        figures.add("upgrade " + versions.get(0) + " -> " + versions.get(1) + " (POST to ACTIVE): "
            + Duration.between(begin, Instant.now()).toMillis() + " ms");
        assertEquals("2", kubectl(kubeconfig, "get", "deployment", "web", "-n", "shop", "-o",
            "jsonpath={.status.readyReplicas}").output(), "the workload is still there");
        assertTrue(Files.readString(dir.resolve("cluster.yml")).contains("kubernetesVersion: " + versions.get(1)));

        HttpResponse<String> downgrade = admin.post("/v1/clusters/" + CLUSTER + "/upgrade",
            Map.of("kubernetesVersion", versions.get(0)));
        assertEquals(400, downgrade.statusCode(), downgrade.body());
        assertTrue(downgrade.body().contains("version skew"), downgrade.body());
    }

    @Test
    @Order(5)
    void aSnapshotBringsBackWhatWasDeleted() throws Exception {
        PaddockProcess.ShellResult taken = shell("paddock:cluster-snapshot --wait " + CLUSTER);
        assertEquals(0, taken.exitStatus(), taken.output());
        assertTrue(taken.output().contains("[1/1] saving an etcd snapshot"), "the shell shows the steps: " + taken.output());
        JsonNode snapshots = admin.expect(200, admin.get("/v1/clusters/" + CLUSTER + "/snapshots")).get("items");
        assertEquals(1, snapshots.size(), snapshots.toString());
        String snapshot = snapshots.get(0).get("name").asText();
        assertEquals(versions.get(1), snapshots.get(0).get("kubernetesVersion").asText());
        assertTrue(shell("paddock:cluster-snapshots " + CLUSTER).output().contains(snapshot));

        Path kubeconfig = kubeconfig();
        assertTrue(kubectl(kubeconfig, "delete", "namespace", "shop", "--wait=true").ok());
        assertFalse(kubectl(kubeconfig, "get", "namespace", "shop").ok());
        admin.expect(202, admin.post("/v1/clusters/" + CLUSTER + "/snapshots/" + snapshot + "/restore", Map.of()));
        awaitActive(CLUSTER, versions.get(1));
        Kubectl.Result back = eventually(OPERATION, () -> kubectl(kubeconfig, "get", "deployment", "web", "-n", "shop", "-o",
            "name"), Kubectl.Result::ok);
        assertEquals("deployment.apps/web", back.output());
        admin.expect(404, admin.post("/v1/clusters/" + CLUSTER + "/snapshots/manual-20000101-000000-000/restore", Map.of()));
        HttpResponse<String> traversal = admin.post("/v1/clusters/" + CLUSTER + "/snapshots/..%2Fcluster.state/restore", Map.of());
        assertTrue(traversal.statusCode() == 400 || traversal.statusCode() == 404, traversal.body());
    }

    @Test
    @Order(6)
    void theNodePoolScalesAndTheClusterOutlivesARestartOfPaddock() throws Exception {
        admin.expect(202, admin.send("PATCH", "/v1/clusters/" + CLUSTER, Map.of("config", Map.of("nodes", "3"))));
        eventually(OPERATION, () -> admin.expect(200, admin.get("/v1/clusters/" + CLUSTER)).get("status"),
            s -> s.get("nodeCount").asInt() == 3 && s.get("state").asText().equals("ACTIVE"));
        Map<String, Long> before = processIds();
        String described = shell("paddock:cluster-describe " + CLUSTER).output();
        assertTrue(described.contains("UPDATE") && described.contains("kube-apiserver"), "the last operation and the processes: "
            + described);

        Path kubeconfig = kubeconfig();
        awaitDirectAccess(kubeconfig);
        paddock.stopContainerOnly();
        Kubectl.Result direct = kubectl(kubeconfig, "--context", CLUSTER + "-direct", "get", "deployment", "web", "-n", "shop",
            "-o", "name");
        assertEquals("deployment.apps/web", direct.output(), "the cluster serves its users while Paddock is down");
        paddock.start();
        paddock.awaitHealthy();
        admin = ApiClient.login(paddock, "admin", PASSWORD);
        awaitActive(CLUSTER, versions.get(1));
        assertEquals(before, processIds(), "the cluster's processes were adopted, not restarted");
        assertTrue(kubectl(kubeconfig(), "get", "deployment", "web", "-n", "shop").ok(), "managed through the proxy again");
    }

    @Test
    @Order(7)
    void deletingLeavesNoProcessAndNoFile() throws Exception {
        Map<String, Long> pids = processIds();
        deleteAndAwaitGone(CLUSTER);
        for (Map.Entry<String, Long> process : pids.entrySet()) {
            assertFalse(ProcessHandle.of(process.getValue()).map(ProcessHandle::isAlive).orElse(false), process + " still runs");
        }
        assertFalse(Files.exists(clustersDir().resolve(CLUSTER)), "the cluster's directory is gone");
    }

    /**
     * Waits until the kubeconfig's direct context works: the cluster's own token webhook accepts its Paddock token
     * once Paddock has mirrored it there (and kube-apiserver's short cache of the earlier refusal has expired).
     */
    private static void awaitDirectAccess(Path kubeconfig) throws Exception {
        Kubectl.Result direct = eventually(OPERATION, () -> kubectl(kubeconfig, "--context", CLUSTER + "-direct", "get",
            "deployment", "web", "-n", "shop", "-o", "name"), r -> r.ok() && r.output().equals("deployment.apps/web"));
        assertEquals("deployment.apps/web", direct.output());
    }

    private static PaddockProcess.ShellResult shell(String command) throws Exception {
        return paddock.ssh("admin", PASSWORD, command);
    }

    private static Map<String, Long> processIds() throws Exception {
        Map<String, Long> pids = new java.util.TreeMap<>();
        for (JsonNode process : admin.expect(200, admin.get("/v1/clusters/" + CLUSTER + "/provider")).get("processes")) {
            pids.put(process.get("component").asText(), process.get("pid").asLong());
        }
        return pids;
    }

    private static void deleteAndAwaitGone(String name) throws Exception {
        HttpResponse<String> deleting = admin.delete("/v1/clusters/" + name);
        assertEquals(202, deleting.statusCode(), deleting.body());
        eventually(OPERATION, () -> admin.get("/v1/clusters/" + name).statusCode(), status -> status == 404);
    }

    private static JsonNode awaitActive(String name, String version) throws Exception {
        JsonNode cluster = eventually(OPERATION, () -> admin.expect(200, admin.get("/v1/clusters/" + name)), c -> {
            JsonNode status = c.get("status");
            JsonNode operation = status.get("operation");
            assertFalse(operation != null && operation.get("phase").asText().equals("FAILED"), c.toString());
            return status.get("state").asText().equals("ACTIVE") && version.equals(status.get("kubernetesVersion").asText())
                && operation != null && operation.get("phase").asText().equals("SUCCEEDED");
        });
        return cluster;
    }

    private static JsonNode awaitOperationEnd(String name) throws Exception {
        return eventually(OPERATION, () -> admin.expect(200, admin.get("/v1/clusters/" + name)), c -> {
            JsonNode operation = c.get("status").get("operation");
            return operation != null && !operation.get("phase").asText().equals("RUNNING");
        });
    }

    private static Path kubeconfig() throws Exception {
        HttpResponse<String> answer = admin.get("/v1/clusters/" + CLUSTER + "/kubeconfig");
        assertEquals(200, answer.statusCode(), answer.body());
        Path file = paddock.home().resolve("admin-" + CLUSTER + ".kubeconfig");
        Files.writeString(file, answer.body());
        return file;
    }

    private static Kubectl.Result kubectl(Path kubeconfig, String... args) throws Exception {
        return Kubectl.run(versions.get(1), kubeconfig, args);
    }
}
