package io.paddock.localcluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to start.
 *
 * @param name                    cluster name, used in the kubeconfig and for the kwok node names
 * @param workDir                 directory for PKI, etcd data, kubeconfig and logs; created if missing
 * @param binaries                upstream binaries to run
 * @param nodes                   number of kwok fake nodes (0 for none)
 * @param tokenWebhookConfig      kubeconfig for {@code --authentication-token-webhook-config-file}, or null
 * @param extraApiServerArgs      further kube-apiserver flags, e.g. {@code --feature-gates=...}
 * @param metrics                 also serve {@code metrics.k8s.io}: metrics-server, registered as an APIService, scraping
 *                                kwok's emulated kubelet resource metrics (every container of a pod on a kwok node uses
 *                                {@link LocalCluster#CONTAINER_CPU_USAGE} and {@link LocalCluster#CONTAINER_MEMORY_USAGE}
 *                                unless its pod's annotations say otherwise). Off by default: it costs a process and start time.
 * @param podIo                   let {@code kubectl exec}, {@code logs} and {@code port-forward} work against every pod on a kwok
 *                                node: exec runs the command as a local process in {@link LocalCluster#podExecDir()}, logs
 *                                read {@link LocalCluster#podLogFile()}, port-forward reaches
 *                                {@code 127.0.0.1:}{@link LocalCluster#podPortForwardTarget()}. Off by default: while the cluster
 *                                runs, anyone who can reach kwok's loopback port can run commands as this user (kwok's kubelet
 *                                endpoint authenticates nobody).
 * @param apiServerPort           loopback port of the API server; 0 picks a free one
 * @param serviceCidr             {@code --service-cluster-ip-range}
 * @param persistent              the cluster outlives this JVM: its processes are not stopped when the JVM ends, and its
 *                                settings, certificates and process ids stay in the work directory so that
 *                                {@link LocalCluster#resume} can adopt or restart it later (clusters Paddock creates).
 *                                Otherwise every process dies with the JVM (test beds)
 * @param tokenWebhookJar         Paddock's token webhook program, which the cluster then runs next to its API server and
 *                                asks about bearer tokens (direct access); null for none. Exclusive with
 *                                {@code tokenWebhookConfig}
 */
public record LocalClusterSpec(String name, Path workDir, KubeBinaries binaries, int nodes, Path tokenWebhookConfig,
                               List<String> extraApiServerArgs, boolean metrics, boolean podIo, int apiServerPort,
                               String serviceCidr, boolean persistent, Path tokenWebhookJar) {

    public static final String DEFAULT_SERVICE_CIDR = "10.0.0.0/24";

    public LocalClusterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(binaries, "binaries");
        if (nodes < 0 || nodes > 1000) {
            throw new IllegalArgumentException("nodes must be between 0 and 1000, not " + nodes);
        }
        if (apiServerPort < 0 || apiServerPort > 65535) {
            throw new IllegalArgumentException("the API server port must be between 0 and 65535, not " + apiServerPort);
        }
        if (tokenWebhookConfig != null && tokenWebhookJar != null) {
            throw new IllegalArgumentException("a cluster asks either its own token webhook or another one, not both");
        }
        serviceCidr = serviceCidr == null ? DEFAULT_SERVICE_CIDR : serviceCidr;
        extraApiServerArgs = List.copyOf(extraApiServerArgs);
    }

    public static LocalClusterSpec of(String name, Path workDir, KubeBinaries binaries, int nodes) {
        return new LocalClusterSpec(name, workDir, binaries, nodes, null, List.of(), false, false, 0, null, false, null);
    }

    public LocalClusterSpec withTokenWebhook(Path webhookKubeconfig) {
        return new LocalClusterSpec(name, workDir, binaries, nodes, webhookKubeconfig, extraApiServerArgs, metrics, podIo,
            apiServerPort, serviceCidr, persistent, tokenWebhookJar);
    }

    /** The same cluster with (or without) the {@code metrics.k8s.io} API. */
    public LocalClusterSpec withMetrics(boolean enabled) {
        return new LocalClusterSpec(name, workDir, binaries, nodes, tokenWebhookConfig, extraApiServerArgs, enabled, podIo,
            apiServerPort, serviceCidr, persistent, tokenWebhookJar);
    }

    /** The same cluster with (or without) exec, logs and port-forward for pods on kwok nodes (see {@link #podIo()}). */
    public LocalClusterSpec withPodIo(boolean enabled) {
        return new LocalClusterSpec(name, workDir, binaries, nodes, tokenWebhookConfig, extraApiServerArgs, metrics, enabled,
            apiServerPort, serviceCidr, persistent, tokenWebhookJar);
    }

    /** The same cluster as one that outlives this JVM (see {@link #persistent()}), running its own token webhook if given. */
    public LocalClusterSpec asPersistent(Path webhookJar) {
        return new LocalClusterSpec(name, workDir, binaries, nodes, tokenWebhookConfig, extraApiServerArgs, metrics, podIo,
            apiServerPort, serviceCidr, true, webhookJar);
    }

    /** The same cluster with another node count or other binaries. */
    public LocalClusterSpec with(int newNodes, KubeBinaries newBinaries) {
        return new LocalClusterSpec(name, workDir, newBinaries, newNodes, tokenWebhookConfig, extraApiServerArgs, metrics, podIo,
            apiServerPort, serviceCidr, persistent, tokenWebhookJar);
    }

    /** The same cluster with a fixed API server port, service range and further API server flags. */
    public LocalClusterSpec withApiServer(int port, String cidr, List<String> extraArgs) {
        return new LocalClusterSpec(name, workDir, binaries, nodes, tokenWebhookConfig, extraArgs, metrics, podIo, port, cidr,
            persistent, tokenWebhookJar);
    }
}
