package io.paddock.testbed;

import io.paddock.localcluster.LocalCluster;

/** Runs a cluster in a JVM of its own so a test can kill that JVM and look for orphans. */
public final class ClusterInChildJvm {

    private ClusterInChildJvm() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalCluster cluster = TestBedExtension.start(args[0], 1, null);
        StringBuilder pids = new StringBuilder("READY");
        cluster.processIds().values().forEach(pid -> pids.append(' ').append(pid));
        System.out.println(pids);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
