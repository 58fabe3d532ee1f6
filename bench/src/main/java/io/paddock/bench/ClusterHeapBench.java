package io.paddock.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.paddock.it.ApiClient;
import io.paddock.it.Eventually;
import io.paddock.it.PaddockProcess;
import io.paddock.localcluster.LocalCluster;
import io.paddock.testbed.TestBedExtension;

/**
 * Heap a running distribution keeps per imported cluster: K test-bed clusters imported one by one,
 * each waited for until ACTIVE with all its nodes Ready, with the live heap of Paddock's JVM read
 * before the first import and after each: the bytes of objects still reachable after a full GC,
 * as {@code jcmd GC.class_histogram} counts them.
 *
 * <p>Usage: {@code bench/run.sh cluster-heap [clusters] [nodes]} (defaults 3 clusters of 1 node).
 */
public final class ClusterHeapBench {

    private static final String PASSWORD = "bench-admin-password";
    private static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(2);
    /** After ACTIVE the first RBAC sync and usage reading are still under way; what they keep belongs to the cluster. */
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final double MIB = 1024 * 1024;

    private ClusterHeapBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        List<LocalCluster> clusters = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                clusters.add(TestBedExtension.start("bench-heap-" + i, nodes, null));
            }
            try (PaddockProcess paddock = PaddockProcess.startHealthy("bench-heap", PASSWORD)) {
                List<Long> increments = importOneByOne(paddock, clusters, nodes);
                StringBuilder each = new StringBuilder();
                increments.forEach(bytes -> each.append(String.format(" %+.1f", bytes / MIB)));
                System.out.printf("per imported cluster of %d node(s): mean %+.1f MiB; each:%s MiB%n", nodes, mean(increments),
                    each);
                if (increments.size() > 1) {
                    // the first import also pays for what later ones share: the Kubernetes client's classes and the
                    // reflection and JSON caches about them
                    System.out.printf("mean without the first import: %+.1f MiB%n",
                        mean(increments.subList(1, increments.size())));
                }
            }
        } finally {
            clusters.forEach(LocalCluster::close);
        }
    }

    /** Imports the clusters in turn, printing the live heap after each; returns the increments in bytes. */
    private static List<Long> importOneByOne(PaddockProcess paddock, List<LocalCluster> clusters, int nodes) throws Exception {
        ApiClient admin = ApiClient.login(paddock, "admin", PASSWORD);
        long pid = paddock.jvmPid();
        System.out.printf("live heap of Paddock's JVM (pid %d): bytes of objects reachable after a full GC (jcmd"
            + " GC.class_histogram), each read %d s after the cluster is ACTIVE with its nodes%n", pid, SETTLE.toSeconds());
        long previous = paddock.liveHeapBytes();
        System.out.printf("%-16s %9s %13s%n", "clusters", "live MiB", "increment MiB");
        System.out.printf("%-16s %9.1f%n", "0", previous / MIB);
        List<Long> increments = new ArrayList<>();
        for (LocalCluster cluster : clusters) {
            String name = cluster.name();
            admin.expect(201, admin.post("/v1/clusters", Map.of("name", name, "kubeconfig", cluster.kubeconfig())));
            Eventually.eventually(ACTIVE_TIMEOUT, () -> admin.expect(200, admin.get("/v1/clusters/" + name)).get("status"),
                status -> status.get("state").asText().equals("ACTIVE") && status.get("readyNodeCount").asInt() == nodes);
            Thread.sleep(SETTLE.toMillis());
            long live = paddock.liveHeapBytes();
            increments.add(live - previous);
            System.out.printf("%-16s %9.1f %+13.1f%n", increments.size() + " (" + name + ")", live / MIB, (live - previous) / MIB);
            previous = live;
        }
        return increments;
    }

    private static double mean(List<Long> bytes) {
        return bytes.stream().mapToLong(Long::longValue).average().orElse(0) / MIB;
    }

}
