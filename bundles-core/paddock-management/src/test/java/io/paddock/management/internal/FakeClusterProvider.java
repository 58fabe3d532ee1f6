package io.paddock.management.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.paddock.api.cluster.ClusterException;
import io.paddock.api.cluster.ClusterProvider;
import io.paddock.api.cluster.ClusterSnapshot;
import io.paddock.api.cluster.ConfigField;
import io.paddock.api.cluster.DirectAccess;
import io.paddock.api.cluster.OperationProgress;
import io.paddock.api.cluster.ProviderCapability;
import io.paddock.api.cluster.ProvisionedCluster;

/**
 * A test double of a creating provider: reports two steps per operation, answers with kubeconfig
 * {@code kubeconfig-<n>}, fails where a test says so, and holds an operation until {@link #release} when asked to.
 */
final class FakeClusterProvider implements ClusterProvider {

    static final String ID = "fake";
    static final List<String> VERSIONS = List.of("v1.34.4", "v1.35.4");

    final Set<ProviderCapability> capabilities;
    final List<Map<String, String>> created = new ArrayList<>();
    final List<ClusterSnapshot> taken = new ArrayList<>();
    volatile String failure;
    volatile CountDownLatch hold;
    private int kubeconfigs;
    private String version = VERSIONS.get(0);

    FakeClusterProvider(Set<ProviderCapability> capabilities) {
        this.capabilities = capabilities;
    }

    static FakeClusterProvider complete() {
        return new FakeClusterProvider(EnumSet.complementOf(EnumSet.of(ProviderCapability.REGISTER)));
    }

    void release() {
        hold.countDown();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Fake clusters";
    }

    @Override
    public List<ConfigField> configSchema() {
        return List.of(new ConfigField("nodes", "Nodes", ConfigField.Type.STRING, false, "how many"));
    }

    @Override
    public Set<ProviderCapability> capabilities() {
        return capabilities;
    }

    @Override
    public List<String> kubernetesVersions() {
        return VERSIONS;
    }

    @Override
    public List<ConfigField> updateSchema() {
        return configSchema();
    }

    @Override
    public void validate(String name, Map<String, String> config) {
        if (!config.getOrDefault("nodes", "1").matches("[0-9]+")) {
            throw new IllegalArgumentException("the field 'nodes' must be a number");
        }
    }

    @Override
    public ProvisionedCluster create(String name, Map<String, String> config, OperationProgress progress) {
        created.add(config);
        return work(progress);
    }

    @Override
    public ProvisionedCluster update(String name, Map<String, String> changes, OperationProgress progress) {
        return work(progress);
    }

    @Override
    public ProvisionedCluster upgrade(String name, String kubernetesVersion, OperationProgress progress) {
        version = kubernetesVersion;
        return work(progress);
    }

    @Override
    public ClusterSnapshot snapshot(String name, OperationProgress progress) {
        work(progress);
        ClusterSnapshot snapshot = new ClusterSnapshot("manual-" + (taken.size() + 1), Instant.now(), 1024, false, version);
        taken.add(snapshot);
        return snapshot;
    }

    @Override
    public List<ClusterSnapshot> snapshots(String name) {
        return List.copyOf(taken);
    }

    @Override
    public ProvisionedCluster restore(String name, String snapshot, OperationProgress progress) {
        return work(progress);
    }

    @Override
    public void delete(String name, OperationProgress progress) {
        work(progress);
    }

    @Override
    public Map<String, Object> describe(String name) {
        return Map.of("version", version);
    }

    private synchronized ProvisionedCluster work(OperationProgress progress) {
        progress.step(1, 2, "preparing");
        CountDownLatch latch = hold;
        try {
            if (latch != null && !latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("Interrupted", "interrupted");
        }
        if (failure != null) {
            throw new ClusterException("Failed", failure);
        }
        progress.step(2, 2, "starting kube-apiserver " + version);
        return new ProvisionedCluster("kubeconfig-" + ++kubeconfigs, version, DirectAccess.DISABLED);
    }
}
