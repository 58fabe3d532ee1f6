package io.paddock.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.paddock.localcluster.LocalCluster;
import io.paddock.testbed.TestBedExtension;

/**
 * Start-to-ready time and resident memory of local test-bed clusters, started one after another
 * and kept running together, so the figures include the cost of neighbours.
 *
 * <p>Arguments: number of clusters (default 3), nodes per cluster (default 3), Kubernetes version
 * (default: the test bed's).
 */
public final class TestBedStartBench {

    private TestBedStartBench() {
    }

    public static void main(String[] args) {
        int clusters = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String version = args.length > 2 ? args[2] : null;
        List<LocalCluster> running = new ArrayList<>();
        try {
            System.out.printf("%-8s %-9s %9s %12s   %s%n", "cluster", "version", "ready (s)", "RSS (MiB)", "RSS by component (MiB)");
            for (int i = 0; i < clusters; i++) {
                LocalCluster cluster = TestBedExtension.start("bench-" + i, nodes, version);
                running.add(cluster);
                Map<String, Long> rss = cluster.residentMemoryKib();
                long total = rss.values().stream().mapToLong(Long::longValue).sum();
                StringBuilder parts = new StringBuilder();
                rss.forEach((component, kib) -> parts.append(component).append('=').append(kib / 1024).append(' '));
                System.out.printf("%-8s %-9s %9.1f %12d   %s%n", cluster.name(), cluster.kubernetesVersion(),
                    cluster.startupTime().toMillis() / 1000.0, total / 1024, parts.toString().trim());
            }
        } finally {
            running.forEach(LocalCluster::close);
        }
    }
}
