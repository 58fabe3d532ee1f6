package io.paddock.testbed;

import io.paddock.localcluster.LocalCluster;

/**
 * Runs a cluster in a JVM of its own so a test can kill that JVM and look for orphans. Arguments: the
 * cluster name, then optionally {@code metrics} for a cluster with metrics-server.
 */
public final class ClusterInChildJvm {

    private ClusterInChildJvm() {
    }

    public static void main(String[] args) throws InterruptedException {
        boolean metrics = args.length > 1 && "metrics".equals(args[1]);
        LocalCluster cluster = TestBedExtension.start(args[0], 1, null, metrics);
        StringBuilder pids = new StringBuilder("READY");
        cluster.processIds().values().forEach(pid -> pids.append(' ').append(pid));
        System.out.println(pids);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
