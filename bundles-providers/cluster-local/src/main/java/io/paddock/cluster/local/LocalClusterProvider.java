package io.paddock.cluster.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paddock.api.cluster.ClusterException;
import io.paddock.api.cluster.ClusterProvider;
import io.paddock.api.cluster.ClusterSnapshot;
import io.paddock.api.cluster.ConfigField;
import io.paddock.api.cluster.DirectAccess;
import io.paddock.api.cluster.KubernetesVersion;
import io.paddock.api.cluster.OperationProgress;
import io.paddock.api.cluster.ProviderCapability;
import io.paddock.api.cluster.ProvisionedCluster;
import io.paddock.api.cluster.ResourceNames;
import io.paddock.api.config.Settings;
import io.paddock.localcluster.KubeBinaries;
import io.paddock.localcluster.LocalCluster;
import io.paddock.localcluster.LocalClusterException;
import io.paddock.localcluster.LocalClusterSpec;

/**
 * Creates Kubernetes clusters on the Paddock host from the upstream binaries that
 * {@code testing/k8s/build.sh} builds: etcd, kube-apiserver, kube-controller-manager, kube-scheduler
 * and a kwok node pool, each cluster in its own directory under {@code clusters.dir} with its cluster
 * file, state file, certificates, data, logs and snapshots (owner-only). The clusters outlive Paddock:
 * after a restart it adopts their processes, or starts those that died. Each runs Paddock's token
 * webhook next to its API server, so it is registered with direct access on.
 */
@Component(service = ClusterProvider.class, configurationPid = LocalClusterProvider.PID)
public class LocalClusterProvider implements ClusterProvider {

    static final String PID = "io.paddock.cluster.local";
    static final String ID = "local";
    static final String CLUSTER_FILE = "clusterFile";
    static final List<String> FORM_FIELDS = List.of(CLUSTER_FILE, "kubernetesVersion", "nodes", "serviceCidr", "apiServerPort",
        "snapshotIntervalMinutes", "snapshotRetention");
    private static final String NODES = "nodes";
    private static final String CLUSTER_FILE_NAME = "cluster.yml";
    private static final Logger LOG = LoggerFactory.getLogger(LocalClusterProvider.class);

    private final Path binariesCache;
    private final Path clustersDir;
    private final Path tokenWebhookJar;
    private final Map<String, LocalCluster> clusters = new ConcurrentHashMap<>();
    private final Snapshots snapshots;
    private final ExecutorService adopter = Executors.newSingleThreadExecutor(r -> new Thread(r, "paddock-local-clusters-adopt"));

    @Activate
    public LocalClusterProvider(Map<String, Object> properties) {
        Settings settings = new Settings(PID, properties);
        String home = System.getProperty("karaf.home", ".");
        String data = System.getProperty("karaf.data", Path.of(home, "data").toString());
        this.binariesCache = Path.of(settings.string("binaries.cache", KubeBinaries.defaultCache().toString()));
        this.clustersDir = Path.of(settings.string("clusters.dir", Path.of(data, "clusters").toString())).toAbsolutePath();
        this.tokenWebhookJar = Path.of(settings.string("tokenWebhook.jar",
            Path.of(home, "tools", "paddock-token-webhook.jar").toString())).toAbsolutePath();
        this.snapshots = new Snapshots(this::cluster, name -> clustersDir.resolve(name).resolve("snapshots"));
        adopter.execute(this::adoptAll);
    }

    @Deactivate
    void deactivate() {
        // the clusters keep running: a new activation (or Paddock's next start) adopts them
        adopter.shutdownNow();
        snapshots.close();
        clusters.clear();
    }

    /** Brings back every cluster an earlier run created: adopts its processes, starts those that died. */
    private void adoptAll() {
        if (!Files.isDirectory(clustersDir)) {
            return;
        }
        try (var dirs = Files.list(clustersDir)) {
            for (Path dir : dirs.filter(LocalCluster::isResumable).toList()) {
                String name = dir.getFileName().toString();
                try {
                    cluster(name);
                    LOG.info("Local cluster '{}' adopted ({})", name, dir);
                } catch (RuntimeException e) {
                    LOG.warn("Local cluster '{}' could not be brought back: {}", name, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list the local clusters in {}: {}", clustersDir, e.getMessage());
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Create a cluster on the Paddock host";
    }

    @Override
    public Set<ProviderCapability> capabilities() {
        return Set.of(ProviderCapability.CREATE, ProviderCapability.UPDATE, ProviderCapability.UPGRADE,
            ProviderCapability.SNAPSHOT, ProviderCapability.DELETE);
    }

    @Override
    public List<ConfigField> configSchema() {
        return List.of(
            new ConfigField(CLUSTER_FILE, "Cluster file", ConfigField.Type.TEXT, false, "The whole cluster as YAML (kubernetesVersion,"
                + " nodes, network.serviceCidr, network.apiServerPort, kubeApiServer.extraArgs, etcd.snapshotIntervalMinutes,"
                + " etcd.snapshotRetention); the fields below override it"),
            new ConfigField("kubernetesVersion", "Kubernetes version", ConfigField.Type.STRING, false, "One of "
                + kubernetesVersions() + "; default: the oldest"),
            new ConfigField(NODES, "Nodes", ConfigField.Type.INTEGER, false, "Size of the node pool (kwok nodes), 0-"
                + ClusterFile.MAX_NODES + "; default 1"),
            new ConfigField("serviceCidr", "Service CIDR", ConfigField.Type.STRING, false, "IPv4 range of Service IPs, /12 to /28;"
                + " default 10.43.0.0/24"),
            new ConfigField("apiServerPort", "API server port", ConfigField.Type.INTEGER, false, "Port on 127.0.0.1; default: a"
                + " free one"),
            new ConfigField("snapshotIntervalMinutes", "Snapshot every (minutes)", ConfigField.Type.INTEGER, false,
                "etcd snapshots on a schedule; 0 for none; default 360"),
            new ConfigField("snapshotRetention", "Scheduled snapshots kept", ConfigField.Type.INTEGER, false, "Default 5"));
    }

    @Override
    public List<String> kubernetesVersions() {
        return KubeBinaries.versions(binariesCache);
    }

    @Override
    public List<ConfigField> updateSchema() {
        return List.of(new ConfigField(NODES, "Nodes", ConfigField.Type.INTEGER, false, "Size of the node pool, 0-"
            + ClusterFile.MAX_NODES));
    }

    @Override
    public void validate(String name, Map<String, String> config) {
        ResourceNames.requireDns1123Label("cluster", name);
        ClusterFile file = ClusterFile.fromForm(config, defaultVersion());
        binaries(file.kubernetesVersion(), "kubernetesVersion");
        if (Files.exists(clusterDir(name))) {
            throw new IllegalArgumentException("a local cluster named '" + name + "' exists already in " + clusterDir(name)
                + "; delete it first");
        }
        if (file.apiServerPort() != 0) {
            requireFreePort(file.apiServerPort());
        }
        if (!Files.isRegularFile(tokenWebhookJar)) {
            throw new ClusterException("WebhookMissing", "the token webhook program is missing at " + tokenWebhookJar
                + " (set tokenWebhook.jar in etc/" + PID + ".cfg); created clusters need it for direct access");
        }
    }

    @Override
    public ProvisionedCluster create(String name, Map<String, String> config, OperationProgress progress) {
        validate(name, config);
        ClusterFile file = ClusterFile.fromForm(config, defaultVersion());
        Path dir = clusterDir(name);
        LocalClusterSpec spec = LocalClusterSpec.of(name, dir, binaries(file.kubernetesVersion(), "kubernetesVersion"), file.nodes())
            .withApiServer(file.apiServerPort(), file.serviceCidr(), file.apiServerExtraArgs()).asPersistent(tokenWebhookJar);
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start(spec, progress::step);
        } catch (LocalClusterException e) {
            // the processes are stopped; the directory stays with the logs until the cluster is deleted
            throw new ClusterException("ComponentFailed", e.getMessage());
        }
        clusters.put(name, cluster);
        writeClusterFile(name, file);
        snapshots.schedule(name, file.snapshotIntervalMinutes(), file.snapshotRetention());
        LOG.info("Local cluster '{}' created in {}: Kubernetes {}, {} nodes, API server {} ({} s)", name, dir,
            file.kubernetesVersion(), file.nodes(), cluster.server(), cluster.startupTime().toSeconds());
        return provisioned(cluster);
    }

    @Override
    public Map<String, Object> describe(String name) {
        LocalCluster cluster = cluster(name);
        ClusterFile file = clusterFile(name);
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("kubernetesVersion", cluster.kubernetesVersion());
        description.put("apiServer", cluster.server());
        description.put(NODES, file.nodes());
        description.put("serviceCidr", file.serviceCidr());
        description.put("directory", cluster.workDir().toString());
        description.put("snapshotIntervalMinutes", file.snapshotIntervalMinutes());
        description.put("snapshotRetention", file.snapshotRetention());
        List<Map<String, Object>> processes = new ArrayList<>();
        long totalKib = 0;
        Map<String, Long> rss = cluster.residentMemoryKib();
        for (Map.Entry<String, Long> process : cluster.processIds().entrySet()) {
            long kib = rss.getOrDefault(process.getKey(), 0L);
            totalKib += kib;
            processes.add(Map.of("component", process.getKey(), "pid", process.getValue(), "residentMemoryKiB", kib));
        }
        description.put("processes", processes);
        description.put("residentMemoryMiB", totalKib / 1024);
        return description;
    }

    @Override
    public ProvisionedCluster update(String name, Map<String, String> changes, OperationProgress progress) {
        for (String key : changes.keySet()) {
            if (!NODES.equals(key)) {
                throw new IllegalArgumentException("unknown field '" + key + "': a local cluster's node count ('nodes') can change;"
                    + " the other settings are fixed at creation");
            }
        }
        LocalCluster cluster = cluster(name);
        ClusterFile file = clusterFile(name);
        String requested = changes.get(NODES);
        if (requested != null) {
            ClusterFile scaled = ClusterFile.fromForm(Map.of(CLUSTER_FILE, file.toYaml(), NODES, requested), defaultVersion());
            run(name, () -> cluster.scaleNodes(scaled.nodes(), progress::step));
            writeClusterFile(name, scaled);
            LOG.info("Local cluster '{}': {} nodes", name, scaled.nodes());
        }
        return provisioned(cluster);
    }

    @Override
    public ProvisionedCluster upgrade(String name, String kubernetesVersion, OperationProgress progress) {
        LocalCluster cluster = cluster(name);
        String current = cluster.kubernetesVersion();
        KubernetesVersion.requireUpgrade(current, kubernetesVersion);
        KubeBinaries target = binaries(kubernetesVersion, "kubernetesVersion");
        run(name, () -> cluster.upgrade(target, progress::step));
        writeClusterFile(name, clusterFile(name).withVersion(kubernetesVersion));
        LOG.info("Local cluster '{}' upgraded from {} to {}", name, current, kubernetesVersion);
        return provisioned(cluster);
    }

    @Override
    public ClusterSnapshot snapshot(String name, OperationProgress progress) {
        progress.step(1, 1, "saving an etcd snapshot");
        return snapshots.take(name, false);
    }

    @Override
    public List<ClusterSnapshot> snapshots(String name) {
        cluster(name);
        return snapshots.list(name);
    }

    @Override
    public ProvisionedCluster restore(String name, String snapshot, OperationProgress progress) {
        LocalCluster cluster = cluster(name);
        Path file = snapshots.existing(name, snapshot);
        run(name, () -> cluster.restoreSnapshot(file, progress::step));
        LOG.info("Local cluster '{}' restored from snapshot {}", name, snapshot);
        return provisioned(cluster);
    }

    @Override
    public void delete(String name, OperationProgress progress) {
        ResourceNames.requireDns1123Label("cluster", name);
        progress.step(1, 2, "stopping the cluster's processes");
        snapshots.unschedule(name);
        LocalCluster cluster = clusters.remove(name);
        progress.step(2, 2, "deleting " + clusterDir(name));
        if (cluster != null) {
            cluster.destroy();
        } else {
            LocalCluster.destroyAt(clusterDir(name));
        }
        LOG.info("Local cluster '{}' deleted", name);
    }

    /** The running cluster, brought back from its directory if this run has not seen it yet. */
    private LocalCluster cluster(String name) {
        ResourceNames.requireDns1123Label("cluster", name);
        Path dir = clusterDir(name);
        return clusters.computeIfAbsent(name, n -> {
            if (!LocalCluster.isResumable(dir)) {
                throw new ClusterException("NotFound", "no local cluster '" + n + "' in " + clustersDir);
            }
            try {
                LocalCluster resumed = LocalCluster.resume(dir, v -> binaries(v, "kubernetesVersion"), LocalCluster.Progress.NONE);
                ClusterFile file = clusterFile(n);
                snapshots.schedule(n, file.snapshotIntervalMinutes(), file.snapshotRetention());
                return resumed;
            } catch (LocalClusterException e) {
                throw new ClusterException("ComponentFailed", e.getMessage());
            }
        });
    }

    /** Runs an engine step; its failures (with the failing component's log excerpt) become cluster errors. */
    private static void run(String name, Runnable step) {
        try {
            step.run();
        } catch (LocalClusterException e) {
            throw new ClusterException("ComponentFailed", "local cluster '" + name + "': " + e.getMessage());
        }
    }

    private ProvisionedCluster provisioned(LocalCluster cluster) {
        return new ProvisionedCluster(cluster.kubeconfig(), cluster.kubernetesVersion(),
            new DirectAccess(true, cluster.server(), cluster.caCertificatePem()));
    }

    private KubeBinaries binaries(String version, String field) {
        try {
            return KubeBinaries.fromCache(binariesCache, version);
        } catch (LocalClusterException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
    }

    private String defaultVersion() {
        List<String> versions = kubernetesVersions();
        if (versions.isEmpty()) {
            throw new ClusterException("BinariesMissing", "no Kubernetes binaries in " + binariesCache.resolve("k8s")
                + "; build them with: bash testing/k8s/build.sh (or set binaries.cache in etc/" + PID + ".cfg)");
        }
        return versions.get(0);
    }

    private static void requireFreePort(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException inUse) {
            throw new IllegalArgumentException("network.apiServerPort: port " + port + " on 127.0.0.1 is in use; choose another or"
                + " 0 for a free one");
        }
    }

    private Path clusterDir(String name) {
        return clustersDir.resolve(name);
    }

    private ClusterFile clusterFile(String name) {
        try {
            return ClusterFile.fromForm(Map.of(CLUSTER_FILE, Files.readString(clusterDir(name).resolve(CLUSTER_FILE_NAME))),
                defaultVersion());
        } catch (IOException e) {
            throw new ClusterException("StateUnreadable", "cannot read the cluster file of '" + name + "': " + e.getMessage());
        }
    }

    private void writeClusterFile(String name, ClusterFile file) {
        Path target = clusterDir(name).resolve(CLUSTER_FILE_NAME);
        try {
            Path tmp = target.resolveSibling(CLUSTER_FILE_NAME + ".tmp");
            Files.writeString(tmp, file.toYaml());
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ClusterException("StateUnwritable", "cannot write " + target + ": " + e.getMessage());
        }
    }
}
