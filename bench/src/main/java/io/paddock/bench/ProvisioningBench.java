package io.paddock.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.paddock.it.ApiClient;
import io.paddock.it.Eventually;
import io.paddock.it.PaddockProcess;
import io.paddock.localcluster.KubeBinaries;
import io.paddock.localcluster.LocalCluster;
import io.paddock.testbed.TestBedExtension;

/**
 * What a cluster created by the local provider costs, against a bare test-bed control plane of the
 * same size started in the same run: time from the REST call to ACTIVE (create, then an upgrade to the
 * next version), and the resident memory of its processes. Paddock's cluster differs from the bare
 * one by its token webhook (a small JVM), etcd with fsync, and registration and first sync in Paddock.
 *
 * <p>Usage: {@code bench/run.sh local-cluster [rounds] [nodes]} (defaults 3 rounds of 3 nodes).
 */
public final class ProvisioningBench {

    private static final String PASSWORD = "bench-admin-password";
    private static final Duration OPERATION = Duration.ofMinutes(5);

    private ProvisioningBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> versions = KubeBinaries.versions(KubeBinaries.defaultCache());
        if (versions.size() < 2) {
            throw new IllegalStateException("needs two Kubernetes versions: bash testing/k8s/build.sh --all; built: " + versions);
        }
        System.out.printf("%d rounds, %d kwok nodes, %s (upgrade to %s)%n", rounds, nodes, versions.get(0), versions.get(1));
        System.out.printf("%-6s %12s %12s %12s %12s %12s%n", "round", "bare s", "create s", "upgrade s", "bare MiB", "created MiB");
        try (PaddockProcess paddock = PaddockProcess.startHealthy("bench-provisioning", PASSWORD)) {
            ApiClient admin = ApiClient.login(paddock, "admin", PASSWORD);
            for (int round = 1; round <= rounds; round++) {
                Instant begin = Instant.now();
                double bareSeconds;
                long bareKib;
                try (LocalCluster bare = TestBedExtension.start("bench-bare-" + round, nodes, versions.get(0))) {
                    bareSeconds = seconds(begin);
                    bareKib = bare.residentMemoryKib().values().stream().mapToLong(Long::longValue).sum();
                }
                String name = "bench-" + round;
                begin = Instant.now();
                admin.expect(202, admin.post("/v1/clusters", Map.of("name", name, "provider", "local", "config",
                    Map.of("kubernetesVersion", versions.get(0), "nodes", Integer.toString(nodes), "snapshotIntervalMinutes", "0"))));
                awaitActive(admin, name, versions.get(0), nodes);
                double createSeconds = seconds(begin);
                long createdMib = admin.expect(200, admin.get("/v1/clusters/" + name + "/provider")).get("residentMemoryMiB").asLong();
                begin = Instant.now();
                admin.expect(202, admin.post("/v1/clusters/" + name + "/upgrade", Map.of("kubernetesVersion", versions.get(1))));
                awaitActive(admin, name, versions.get(1), nodes);
                double upgradeSeconds = seconds(begin);
                admin.expect(202, admin.delete("/v1/clusters/" + name));
                Eventually.eventually(OPERATION, () -> admin.get("/v1/clusters/" + name).statusCode(), status -> status == 404);
                System.out.printf("%-6d %12.1f %12.1f %12.1f %12d %12d%n", round, bareSeconds, createSeconds, upgradeSeconds,
                    bareKib / 1024, createdMib);
            }
        }
    }

    private static void awaitActive(ApiClient admin, String name, String version, int nodes) throws Exception {
        Eventually.eventually(OPERATION, () -> admin.expect(200, admin.get("/v1/clusters/" + name)).get("status"), status -> {
            JsonNode operation = status.get("operation");
            if (operation != null && operation.get("phase").asText().equals("FAILED")) {
                throw new IllegalStateException(name + ": " + operation.get("message").asText());
            }
            return status.get("state").asText().equals("ACTIVE") && version.equals(status.get("kubernetesVersion").asText())
                && status.get("readyNodeCount").asInt() == nodes && operation != null
                && operation.get("phase").asText().equals("SUCCEEDED");
        });
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }
}
