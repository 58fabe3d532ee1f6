package io.paddock.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.paddock.localcluster.LocalCluster;

/**
 * A cluster with {@code metrics = true} serves the real metrics.k8s.io API (metrics-server behind the
 * aggregator), and the usage it reports is the one the test bed configures for kwok's pods.
 */
@ExtendWith(TestBedExtension.class)
class MetricsIT {

    private static final Duration METRICS_TIMEOUT = Duration.ofMinutes(2);
    /** CPU is a rate over two scrapes of cumulative counters, so allow for clock jitter between kwok and metrics-server. */
    private static final double CPU_TOLERANCE = 0.05;
    private static final long MI = 1024 * 1024;

    @Test
    void nodeAndPodUsageMatchTheConfiguredUsage(@KubeCluster(nodes = 2, fresh = true, metrics = true) LocalCluster cluster)
        throws Exception {
        assertTrue(cluster.hasMetrics());
        String node0 = cluster.nodeName(0);
        String node1 = cluster.nodeName(1);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(cluster.kubeconfig())).build()) {
            assertTrue(client.supports(NodeMetrics.class), "metrics.k8s.io is served");
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("usage").endMetadata().build()).create();
            // three pods with the default usage on node 0, one annotated pod on node 1
            for (int i = 0; i < 3; i++) {
                client.pods().resource(pod("plain-" + i, node0, Map.of())).create();
            }
            client.pods().resource(pod("annotated", node1, Map.of(LocalCluster.CPU_USAGE_ANNOTATION, "250m",
                LocalCluster.MEMORY_USAGE_ANNOTATION, "1Gi"))).create();
            client.pods().inNamespace("usage").list().getItems().forEach(p -> client.pods().resource(p)
                .waitUntilCondition(q -> q != null && "Running".equals(q.getStatus().getPhase()), 1, TimeUnit.MINUTES));

            long defaultCpuMilli = Quantity.getAmountInBytes(new Quantity(LocalCluster.CONTAINER_CPU_USAGE))
                .movePointRight(3).longValueExact();
            long defaultMemory = Quantity.getAmountInBytes(new Quantity(LocalCluster.CONTAINER_MEMORY_USAGE)).longValueExact();
            Map<String, long[]> expected = Map.of(
                node0, new long[] {3 * defaultCpuMilli, 3 * defaultMemory},     // 300m, 192Mi
                node1, new long[] {250, 1024 * MI});

            long podsRunning = System.nanoTime();
            // fabric8, as Paddock reads it: client.top().nodes().metrics()
            Map<String, long[]> seen = awaitUsage("client.top().nodes().metrics()", expected, () -> nodeUsage(client));
            long metricsAfter = Duration.ofNanos(System.nanoTime() - podsRunning).toMillis();
            long clusterCpu = seen.values().stream().mapToLong(u -> u[0]).sum();
            long clusterMemory = seen.values().stream().mapToLong(u -> u[1]).sum();
            assertEquals(3 * defaultMemory + 1024 * MI, clusterMemory, "cluster memory");
            assertWithin(3 * defaultCpuMilli + 250, clusterCpu, "cluster CPU (millicores)");

            // per pod, summed over containers: client.top().pods().metrics(namespace)
            awaitUsage("client.top().pods().metrics(\"usage\")", Map.of(
                "plain-0", new long[] {defaultCpuMilli, defaultMemory}, "plain-1", new long[] {defaultCpuMilli, defaultMemory},
                "plain-2", new long[] {defaultCpuMilli, defaultMemory}, "annotated", new long[] {250, 1024 * MI}),
                () -> podUsage(client, "usage"));

            // the test bed's kubectl: kubectl top nodes
            awaitUsage("kubectl top nodes", expected, () -> kubectlTopNodes(cluster));
            StringBuilder usage = new StringBuilder();
            seen.forEach((node, u) -> usage.append(node).append('=').append(u[0]).append("m/").append(u[1] / MI).append("Mi "));
            System.out.printf("metrics cluster: started in %d ms, node metrics %d ms after the pods ran (%s), RSS (KiB) %s%n",
                cluster.startupTime().toMillis(), metricsAfter, usage.toString().trim(), cluster.residentMemoryKib());
        }
    }

    private static Pod pod(String name, String node, Map<String, String> annotations) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("usage").withAnnotations(annotations).endMetadata()
            .withNewSpec().withNodeName(node)
            .addNewContainer().withName("main").withImage("registry.invalid/app:1").endContainer()
            .endSpec().build();
    }

    /** Millicores and bytes by node name. */
    private static Map<String, long[]> nodeUsage(KubernetesClient client) {
        Map<String, long[]> usage = new TreeMap<>();
        try {
            for (NodeMetrics metrics : client.top().nodes().metrics().getItems()) {
                usage.put(metrics.getMetadata().getName(), sum(List.of(metrics.getUsage())));
            }
        } catch (KubernetesClientException notYet) {
            // 503 until metrics-server has two scrapes of some node
        }
        return usage;
    }

    private static long[] sum(List<Map<String, Quantity>> usages) {
        long[] total = new long[2];
        for (Map<String, Quantity> usage : usages) {
            total[0] += Quantity.getAmountInBytes(usage.get("cpu")).movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP)
                .longValueExact();
            total[1] += Quantity.getAmountInBytes(usage.get("memory")).longValueExact();
        }
        return total;
    }

    /** Millicores and bytes by pod name. */
    private static Map<String, long[]> podUsage(KubernetesClient client, String namespace) {
        Map<String, long[]> usage = new TreeMap<>();
        try {
            for (PodMetrics metrics : client.top().pods().metrics(namespace).getItems()) {
                usage.put(metrics.getMetadata().getName(), sum(metrics.getContainers().stream().map(c -> c.getUsage()).toList()));
            }
        } catch (KubernetesClientException notYet) {
            // 503 until metrics-server has two scrapes of some pod
        }
        return usage;
    }

    /** {@code kubectl top nodes --no-headers}: NAME CPU(cores) CPU% MEMORY(bytes) MEMORY%, e.g. {@code n0 300m 7% 192Mi 1%}. */
    private static Map<String, long[]> kubectlTopNodes(LocalCluster cluster) {
        Map<String, long[]> usage = new TreeMap<>();
        try {
            Process kubectl = new ProcessBuilder(cluster.kubectlCommand("top", "nodes", "--no-headers")).redirectErrorStream(true)
                .start();
            String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kubectl.waitFor(30, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
                return usage;
            }
            for (String line : out.strip().split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 5) {
                    usage.put(f[0], new long[] {
                        Quantity.getAmountInBytes(new Quantity(f[1])).movePointRight(3).longValue(),
                        Quantity.getAmountInBytes(new Quantity(f[3])).longValue()});
                }
            }
        } catch (IOException e) {
            fail("cannot run kubectl: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return usage;
    }

    private interface UsageSource {
        Map<String, long[]> read();
    }

    /** Polls until every node's (pod's) usage matches (memory exactly, CPU within the tolerance). */
    private static Map<String, long[]> awaitUsage(String what, Map<String, long[]> expected, UsageSource source)
        throws InterruptedException {
        long deadline = System.nanoTime() + METRICS_TIMEOUT.toNanos();
        Map<String, long[]> seen = Map.of();
        while (System.nanoTime() < deadline) {
            seen = source.read();
            if (matches(expected, seen)) {
                return seen;
            }
            Thread.sleep(1000);
        }
        StringBuilder text = new StringBuilder();
        seen.forEach((node, u) -> text.append(node).append('=').append(u[0]).append("m/").append(u[1]).append("B "));
        fail(what + " did not report the configured usage within " + METRICS_TIMEOUT + "; last: " + text);
        return seen;
    }

    private static boolean matches(Map<String, long[]> expected, Map<String, long[]> seen) {
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            long[] u = seen.get(e.getKey());
            if (u == null || u[1] != e.getValue()[1] || !within(e.getValue()[0], u[0])) {
                return false;
            }
        }
        return true;
    }

    private static boolean within(long expected, long actual) {
        return Math.abs(actual - expected) <= Math.max(1, Math.round(expected * CPU_TOLERANCE));
    }

    private static void assertWithin(long expected, long actual, String what) {
        assertTrue(within(expected, actual), what + ": expected " + expected + " ± " + (int) (CPU_TOLERANCE * 100) + "%, got "
            + actual);
    }
}
