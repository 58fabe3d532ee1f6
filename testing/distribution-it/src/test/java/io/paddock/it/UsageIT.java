package io.paddock.it;

import static io.paddock.it.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.paddock.localcluster.LocalCluster;
import io.paddock.testbed.KubeCluster;
import io.paddock.testbed.TestBedExtension;

/** Cluster usage: measured through metrics.k8s.io where a cluster serves it, labelled as requests where not. */
@ExtendWith(TestBedExtension.class)
class UsageIT {

    private static final String PASSWORD = "usage-admin-password";

    private static PaddockProcess paddock;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        paddock = PaddockProcess.startHealthy("usage", PASSWORD);
        admin = ApiClient.login(paddock, "admin", PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (paddock != null) {
            paddock.close();
        }
    }

    @Test
    void measuredUsageComesFromTheMetricsApiAndOtherwiseRequestsAreLabelled(
        @KubeCluster(nodes = 1, fresh = true, metrics = true) LocalCluster gauge, @KubeCluster(nodes = 1) LocalCluster plain)
        throws Exception {
        String node = Kubectl.admin(gauge, "get", "nodes", "-o", "jsonpath={.items[0].metadata.name}");
        StringBuilder pods = new StringBuilder("apiVersion: v1\nkind: Namespace\nmetadata: {name: work}\n");
        for (int i = 0; i < 3; i++) {
            pods.append("---\napiVersion: v1\nkind: Pod\nmetadata: {name: w").append(i).append(", namespace: work}\n")
                .append("spec: {nodeName: ").append(node).append(", containers: [{name: app, image: registry.example/app:1}]}\n");
        }
        Path manifest = paddock.home.resolve("usage-pods.yaml");
        Files.writeString(manifest, pods);
        assertTrue(Kubectl.admin(gauge, "apply", "-f", manifest.toString()).contains("pod/w2 created"));
        admin.expect(201, admin.post("/v1/clusters", Map.of("name", "gauge", "kubeconfig", gauge.kubeconfig())));
        admin.expect(201, admin.post("/v1/clusters", Map.of("name", "plain", "kubeconfig", plain.kubeconfig())));

        // the test bed gives each kwok container 100m CPU and 64Mi
        JsonNode measured = eventually(Duration.ofSeconds(120), () -> usage("gauge"),
            u -> u != null && u.get("source").asText().equals("metrics.k8s.io") && u.get("amounts").get("cpuMillis").asLong() > 0);
        assertEquals(300, measured.get("amounts").get("cpuMillis").asLong(), 15, measured.toString());
        assertEquals(3L * 64 * 1024 * 1024, measured.get("amounts").get("memoryBytes").asLong());

        JsonNode requested = eventually(Duration.ofSeconds(60), () -> usage("plain"), u -> u != null);
        assertEquals("requests", requested.get("source").asText(), "without a metrics API the figure is labelled as requests");
        String described = paddock.ssh("admin", PASSWORD, "paddock:cluster-describe plain").output();
        assertTrue(described.contains("not measured: the cluster serves no metrics API"), described);
        String gaugeDescribed = paddock.ssh("admin", PASSWORD, "paddock:cluster-describe gauge").output();
        assertTrue(gaugeDescribed.contains("(measured by metrics.k8s.io"), gaugeDescribed);
    }

    private static JsonNode usage(String cluster) throws Exception {
        JsonNode usage = admin.expect(200, admin.get("/v1/clusters/" + cluster)).get("status").get("usage");
        return usage == null || usage.isNull() ? null : usage;
    }
}
