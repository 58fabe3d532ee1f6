package io.paddock.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.paddock.localcluster.KubeBinaries;
import io.paddock.localcluster.LocalCluster;
import io.paddock.localcluster.LocalClusterException;
import io.paddock.localcluster.LocalClusterSpec;

/**
 * The life of a cluster that outlives its JVM, as the local cluster provider drives it: upgrade with
 * data kept, etcd snapshot and restore, adoption and restart of its processes, scaling, deletion.
 */
class PersistentClusterIT {

    private static final Path CACHE = KubeBinaries.defaultCache();

    /** The latest object driving the cluster (resuming makes a new one). */
    private LocalCluster cluster;

    @Test
    void upgradesRestoresResumesScalesAndLeavesNothingBehind() throws Exception {
        List<String> versions = KubeBinaries.versions(CACHE);
        assertTrue(versions.size() >= 2, "needs two Kubernetes versions: bash testing/k8s/build.sh --all; built: " + versions);
        Path dir = TestBedExtension.workRoot().resolve("persistent");
        cluster = LocalCluster.start(LocalClusterSpec.of("persistent", dir, KubeBinaries.fromCache(CACHE,
            versions.get(0)), 1).asPersistent(null));
        Map<String, Long> firstPids = cluster.processIds();
        try {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("cluster.state"))));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            kubectl(cluster, "create", "configmap", "kept", "--from-literal=k=v");

            List<String> steps = new ArrayList<>();
            cluster.upgrade(KubeBinaries.fromCache(CACHE, versions.get(1)), (n, of, step) -> steps.add(n + "/" + of + " " + step));
            assertEquals(4, steps.size(), steps.toString());
            assertTrue(kubectl(cluster, "version", "-o", "json").contains("\"gitVersion\": \"" + versions.get(1) + "\""));
            assertEquals("v", kubectl(cluster, "get", "configmap", "kept", "-o", "jsonpath={.data.k}"));
            assertEquals(firstPids.get("etcd"), cluster.processIds().get("etcd"), "etcd keeps running through the upgrade");

            Path snapshot = dir.getParent().resolve("persistent-snapshot.db");
            cluster.saveSnapshot(snapshot);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshot)));
            kubectl(cluster, "delete", "configmap", "kept");
            kubectl(cluster, "create", "configmap", "after-snapshot");
            cluster.restoreSnapshot(snapshot, LocalCluster.Progress.NONE);
            assertEquals("v", kubectl(cluster, "get", "configmap", "kept", "-o", "jsonpath={.data.k}"));
            assertTrue(kubectlFails(cluster, "get", "configmap", "after-snapshot"), "changes after the snapshot are gone");

            // another JVM's view: every process still runs and is adopted, none started
            Map<String, Long> running = cluster.processIds();
            LocalCluster adopted = LocalCluster.resume(dir, v -> KubeBinaries.fromCache(CACHE, v), LocalCluster.Progress.NONE);
            assertEquals(running, adopted.processIds());
            assertEquals(versions.get(1), adopted.kubernetesVersion());
            // a component that died meanwhile is started again with its settings and data
            kill(running.get("etcd"));
            kill(running.get("kube-apiserver"));
            cluster = LocalCluster.resume(dir, v -> KubeBinaries.fromCache(CACHE, v), LocalCluster.Progress.NONE);
            assertTrue(cluster.processIds().get("etcd") != running.get("etcd").longValue());
            assertEquals(running.get("kube-scheduler"), cluster.processIds().get("kube-scheduler"));
            assertEquals("v", kubectl(cluster, "get", "configmap", "kept", "-o", "jsonpath={.data.k}"));

            cluster.scaleNodes(3, LocalCluster.Progress.NONE);
            assertEquals(3, kubectl(cluster, "get", "nodes", "-o", "name").lines().count());
            cluster.scaleNodes(1, LocalCluster.Progress.NONE);
            assertEquals(List.of("node/persistent-node-0"), kubectl(cluster, "get", "nodes", "-o", "name").lines().toList());

            Files.delete(snapshot);
            assertTrue(assertThrowsLocal(() -> cluster.restoreSnapshot(snapshot, LocalCluster.Progress.NONE))
                .contains("etcdutl snapshot restore failed"));
            assertEquals("v", kubectl(cluster, "get", "configmap", "kept", "-o", "jsonpath={.data.k}"),
                "a failed restore keeps the data and brings the cluster back");
        } finally {
            Map<String, Long> last = cluster.processIds();
            cluster.destroy();
            for (long pid : last.values()) {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " is gone");
            }
            assertFalse(Files.exists(dir), "the work directory is gone");
        }
    }

    private static void kill(long pid) throws Exception {
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroyForcibly();
        process.onExit().get();
    }

    private static String assertThrowsLocal(Runnable action) {
        try {
            action.run();
        } catch (LocalClusterException expected) {
            return expected.getMessage();
        }
        throw new AssertionError("expected a LocalClusterException");
    }

    private static String kubectl(LocalCluster cluster, String... args) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(cluster.kubectlCommand(args)).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "kubectl " + String.join(" ", args) + ": " + out);
        return out.strip();
    }

    private static boolean kubectlFails(LocalCluster cluster, String... args) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(cluster.kubectlCommand(args)).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor() != 0;
    }
}
