package io.paddock.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.paddock.localcluster.KubeBinaries;
import io.paddock.localcluster.LocalCluster;

/** The test bed's real kubectl, of the cluster's Kubernetes version. */
final class Kubectl {

    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    private Kubectl() {
    }

    /** kubectl with the given kubeconfig (e.g. one from Paddock); exit status and output (stdout and stderr), trimmed. */
    static Result run(LocalCluster cluster, Path kubeconfig, String... args) throws Exception {
        return run(cluster.kubernetesVersion(), kubeconfig, args);
    }

    /** kubectl of a Kubernetes version with the given kubeconfig; exit status and output, trimmed. */
    static Result run(String kubernetesVersion, Path kubeconfig, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
            KubeBinaries.fromCache(KubeBinaries.defaultCache(), kubernetesVersion).kubectl().toString(),
            "--kubeconfig", kubeconfig.toString(), "--request-timeout=20s"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return new Result(process.waitFor(), out);
    }

    /** kubectl as the cluster's own administrator, straight to its API server; the output, trimmed. */
    static String admin(LocalCluster cluster, String... args) throws Exception {
        return run(cluster, cluster.kubeconfigFile(), args).output();
    }

    /** The command failed because the cluster's RBAC refused it. */
    static void assertForbidden(Result result) {
        assertFalse(result.ok(), result.output());
        assertTrue(result.output().contains("Forbidden") || result.output().contains("forbidden"), result.output());
    }
}
