package io.paddock.localcluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the upstream binaries of one Kubernetes release are, as built by {@code testing/k8s/build.sh}
 * into its cache ({@code <cache>/k8s/env} lists the directories).
 *
 * @param kubernetesVersion e.g. {@code v1.34.4}
 * @param kubeBin           directory with kube-apiserver, kube-controller-manager, kube-scheduler, kubectl
 * @param etcd              the etcd binary
 * @param kwok              the kwok binary
 * @param kwokStages        kwok stage configuration (node and pod lifecycle)
 * @param metricsServer     the metrics-server binary, or null when the cache has none (older build)
 * @param kwokMetrics       kwok's Metric configuration emulating the kubelet's {@code /metrics/resource}, or null
 * @param etcdctl           etcdctl (saves snapshots of a running etcd), or null when the cache has none (older build)
 * @param etcdutl           etcdutl (restores snapshots), or null when the cache has none
 */
public record KubeBinaries(String kubernetesVersion, Path kubeBin, Path etcd, Path kwok, Path kwokStages, Path metricsServer,
                           Path kwokMetrics, Path etcdctl, Path etcdutl) {

    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final String BUILD_HINT = "build them with: bash testing/k8s/build.sh";
    private static final String HELM_BUILD_HINT = "build it with: bash testing/k8s/build.sh";

    /** The default cache: {@code $PADDOCK_CACHE} or {@code ~/.cache/paddock}. */
    public static Path defaultCache() {
        String env = System.getenv("PADDOCK_CACHE");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "paddock");
    }

    /**
     * Binaries of {@code version} in {@code cache}, or of the cache's default version when
     * {@code version} is null.
     *
     * @throws LocalClusterException naming what is missing and how to build it
     */
    public static KubeBinaries fromCache(Path cache, String version) {
        Path envFile = cache.resolve("k8s").resolve("env");
        if (!Files.isRegularFile(envFile)) {
            throw new LocalClusterException("Kubernetes binaries not found: " + envFile + " does not exist; " + BUILD_HINT);
        }
        Map<String, String> env = readEnv(envFile);
        String kubeVersion = version != null ? version : env.get("PADDOCK_K8S_DEFAULT_VERSION");
        String kubeBinKey = "PADDOCK_K8S_BIN_" + kubeVersion.replaceFirst("^v", "").replace('.', '_');
        if (!env.containsKey(kubeBinKey)) {
            throw new LocalClusterException("Kubernetes " + kubeVersion + " is not built (available: "
                + env.getOrDefault("PADDOCK_K8S_VERSIONS", "none") + "); " + BUILD_HINT + " --k8s " + kubeVersion);
        }
        KubeBinaries binaries = new KubeBinaries(kubeVersion, Path.of(env.get(kubeBinKey)),
            Path.of(env.get("PADDOCK_ETCD_BIN"), "etcd"), Path.of(env.get("PADDOCK_KWOK_BIN"), "kwok"),
            Path.of(env.get("PADDOCK_KWOK_STAGES")), optionalPath(env, "PADDOCK_METRICS_SERVER_BIN", "metrics-server"),
            optionalPath(env, "PADDOCK_KWOK_METRICS", null), optionalPath(env, "PADDOCK_ETCDCTL_BIN", "etcdctl"),
            optionalPath(env, "PADDOCK_ETCDUTL_BIN", "etcdutl"));
        binaries.requireExecutables();
        return binaries;
    }

    /** The Kubernetes versions built into {@code cache}, oldest first; empty when nothing is built. */
    public static List<String> versions(Path cache) {
        Path envFile = cache.resolve("k8s").resolve("env");
        if (!Files.isRegularFile(envFile)) {
            return List.of();
        }
        String versions = readEnv(envFile).getOrDefault("PADDOCK_K8S_VERSIONS", "");
        return Arrays.stream(versions.split(",")).map(String::strip).filter(v -> !v.isEmpty())
            .sorted(Comparator.comparing(KubeBinaries::versionNumbers, Arrays::compare)).toList();
    }

    /** Major, minor and patch of {@code v1.35.4}. */
    public static int[] versionNumbers(String version) {
        Matcher m = VERSION.matcher(version == null ? "" : version);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + version + "' is not a Kubernetes version like v1.35.4");
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    /**
     * The helm CLI in {@code cache}, built by {@code testing/k8s/build.sh} at the version its wrapper
     * module pins ({@code PADDOCK_HELM_BIN} in {@code <cache>/k8s/env}). For tests that install charts
     * into a test-bed cluster, e.g. with {@link LocalCluster#kubeconfigFile()}.
     *
     * @throws LocalClusterException when the env file or the binary is missing, naming how to build it
     */
    public static Path helm(Path cache) {
        Path envFile = cache.resolve("k8s").resolve("env");
        if (!Files.isRegularFile(envFile)) {
            throw new LocalClusterException("helm not found: " + envFile + " does not exist; " + HELM_BUILD_HINT);
        }
        Path helm = optionalPath(readEnv(envFile), "PADDOCK_HELM_BIN", "helm");
        if (helm == null) {
            throw new LocalClusterException("helm is not built (no PADDOCK_HELM_BIN in " + envFile + "); " + HELM_BUILD_HINT);
        }
        if (!Files.isExecutable(helm)) {
            throw new LocalClusterException(helm + " is missing or not executable; " + HELM_BUILD_HINT);
        }
        return helm;
    }

    public Path kubeApiServer() {
        return kubeBin.resolve("kube-apiserver");
    }

    public Path kubeControllerManager() {
        return kubeBin.resolve("kube-controller-manager");
    }

    public Path kubeScheduler() {
        return kubeBin.resolve("kube-scheduler");
    }

    public Path kubectl() {
        return kubeBin.resolve("kubectl");
    }

    void requireExecutables() {
        for (Path binary : new Path[] {kubeApiServer(), kubeControllerManager(), kubeScheduler(), etcd, kwok}) {
            if (!Files.isExecutable(binary)) {
                throw new LocalClusterException(binary + " is missing or not executable; " + BUILD_HINT);
            }
        }
        if (!Files.isRegularFile(kwokStages)) {
            throw new LocalClusterException("kwok stage file " + kwokStages + " is missing; " + BUILD_HINT);
        }
    }

    /** For snapshots: etcdctl and etcdutl must be built. */
    void requireSnapshotTools() {
        for (Path tool : new Path[] {etcdctl, etcdutl}) {
            if (tool == null || !Files.isExecutable(tool)) {
                throw new LocalClusterException("etcdctl and etcdutl are not built" + (tool == null ? "" : " (" + tool + ")") + "; "
                    + BUILD_HINT);
            }
        }
    }

    /** For clusters with {@code metrics}: metrics-server and kwok's resource metrics must be built. */
    void requireMetrics() {
        if (metricsServer == null || !Files.isExecutable(metricsServer)) {
            throw new LocalClusterException("metrics-server is not built" + (metricsServer == null ? "" : " (" + metricsServer + ")")
                + "; " + BUILD_HINT);
        }
        if (kwokMetrics == null || !Files.isRegularFile(kwokMetrics)) {
            throw new LocalClusterException("kwok metrics configuration is missing" + (kwokMetrics == null ? "" : " (" + kwokMetrics
                + ")") + "; " + BUILD_HINT);
        }
    }

    private static Path optionalPath(Map<String, String> env, String key, String child) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            return null;
        }
        return child == null ? Path.of(value) : Path.of(value, child);
    }

    private static Map<String, String> readEnv(Path file) {
        Map<String, String> env = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new LocalClusterException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return env;
    }
}
