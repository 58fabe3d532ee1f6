package io.paddock.management.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.paddock.api.cluster.Cluster;
import io.paddock.api.cluster.ClusterException;
import io.paddock.api.cluster.ClusterLifecycle;
import io.paddock.api.cluster.ClusterOperation;
import io.paddock.api.cluster.ClusterProvider;
import io.paddock.api.cluster.ClusterService;
import io.paddock.api.cluster.ClusterSnapshot;
import io.paddock.api.cluster.ClusterSpec;
import io.paddock.api.cluster.ClusterState;
import io.paddock.api.cluster.ClusterStatus;
import io.paddock.api.cluster.Condition;
import io.paddock.api.cluster.ConfigField;
import io.paddock.api.cluster.DirectAccess;
import io.paddock.api.cluster.KubernetesVersion;
import io.paddock.api.cluster.OperationProgress;
import io.paddock.api.cluster.ProviderCapability;
import io.paddock.api.cluster.ProvisionedCluster;
import io.paddock.api.cluster.ResourceNames;
import io.paddock.api.store.ConflictException;
import io.paddock.api.store.Store;
import io.paddock.api.store.StoreRecord;
import io.paddock.kube.KubeClientFactory;

/**
 * Runs the providers' long operations on Paddock's threads, one at a time per cluster, and keeps their
 * steps in the cluster's {@link ClusterStatus#operation()}. "One at a time" holds across Paddock nodes: an
 * operation starts with a write at the version that showed none running, so of two concurrent starts
 * one meets a conflict, reads again and is refused as {@code Busy}.
 *
 * <p>{@code displayName} and {@code description} in a create form are Paddock's (they go into the
 * cluster's spec) and are not passed to the provider, whose form holds its own fields only.
 *
 * <p>An operation does not survive a restart of Paddock: its thread is gone, so at activation every
 * operation still shown running is marked failed ({@link #INTERRUPTED}). The user runs it again; for an
 * interrupted create, deletes the cluster and creates it again. This assumes a single Paddock node runs
 * operations.
 */
@Component(service = ClusterLifecycle.class)
public class ClusterOperations implements ClusterLifecycle {

    static final String INTERRUPTED = "interrupted by a restart of Paddock; run it again";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterOperations.class);

    /** Answers the API server URL a kubeconfig points at. */
    @FunctionalInterface
    interface Endpoints {
        String of(String kubeconfig);
    }

    private final Store store;
    private final ClusterService clusters;
    private final Endpoints endpoints;
    private final Clock clock;
    private final ExecutorService executor;
    private final Map<String, ClusterProvider> providers = new ConcurrentHashMap<>();

    @Activate
    public ClusterOperations(@Reference Store store, @Reference ClusterService clusters, @Reference KubeClientFactory clients) {
        this(store, clusters, kubeconfig -> {
            try (KubernetesClient client = clients.create(kubeconfig, null)) {
                return client.getMasterUrl().toString();
            }
        }, Clock.systemUTC(), newExecutor());
    }

    ClusterOperations(Store store, ClusterService clusters, Endpoints endpoints, Clock clock, ExecutorService executor) {
        this.store = store;
        this.clusters = clusters;
        this.endpoints = endpoints;
        this.clock = clock;
        this.executor = executor;
        failInterrupted();
    }

    private static ExecutorService newExecutor() {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "paddock-cluster-operation-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindProvider(ClusterProvider provider) {
        providers.put(provider.id(), provider);
    }

    void unbindProvider(ClusterProvider provider) {
        providers.remove(provider.id(), provider);
    }

    /** Running operations are interrupted; the next activation marks them failed. */
    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    @Override
    public Cluster create(String providerId, String name, Map<String, String> config) {
        ClusterProvider provider = providers.get(providerId);
        if (provider == null) {
            throw new IllegalArgumentException("no cluster provider '" + providerId + "'; installed: "
                + new TreeSet<>(providers.keySet()));
        }
        require(provider, ProviderCapability.CREATE, "creating clusters");
        ResourceNames.requireDns1123Label("cluster", name);
        if (store.get(ClusterRecords.CLUSTER_KIND, name).isPresent()) {
            throw ClusterServiceImpl.alreadyExists(name);
        }
        Map<String, String> form = new HashMap<>(requireValues(config));
        String displayName = form.remove(ImportClusterProvider.DISPLAY_NAME);
        String description = form.remove(ImportClusterProvider.DESCRIPTION);
        provider.validate(name, Map.copyOf(form));
        ClusterSpec spec = new ClusterSpec(displayName, description, provider.id(), DirectAccess.DISABLED);
        ClusterOperation operation = ClusterOperation.started(ClusterOperation.Type.CREATE, clock.instant());
        ClusterStatus status = ClusterStatus.pending(null, null).withOperation(operation, ClusterState.PENDING);
        StoreRecord record;
        try {
            // no kubeconfig until the provider returns one: the cluster's watcher waits for it
            record = store.create(ClusterRecords.CLUSTER_KIND, name, ClusterRecords.clusterContent(
                new ClusterRecords.ClusterData(spec, status, null), Map.of()));
        } catch (ConflictException e) {
            throw ClusterServiceImpl.alreadyExists(name);
        }
        LOG.info("Cluster '{}': creating it with provider {}", name, provider.id());
        Map<String, String> checked = Map.copyOf(form);
        execute(name, ClusterOperation.Type.CREATE, progress -> provisioned(name, provider.create(name, checked, progress)));
        return ClusterRecords.cluster(record);
    }

    @Override
    public Cluster update(String name, Map<String, String> changes) {
        ClusterProvider provider = providerOf(existing(name));
        require(provider, ProviderCapability.UPDATE, "changing clusters");
        List<String> fields = provider.updateSchema().stream().map(ConfigField::name).toList();
        if (requireValues(changes).isEmpty()) {
            throw new IllegalArgumentException("nothing to change: give one of the fields " + fields);
        }
        for (String field : changes.keySet()) {
            if (!fields.contains(field)) {
                throw new IllegalArgumentException("unknown field '" + field + "' for changing clusters of provider "
                    + provider.id() + "; its fields: " + fields);
            }
        }
        Map<String, String> given = Map.copyOf(changes);
        return start(name, ClusterOperation.Type.UPDATE, progress -> provisioned(name, provider.update(name, given, progress)));
    }

    @Override
    public Cluster upgrade(String name, String kubernetesVersion) {
        Cluster cluster = existing(name);
        ClusterProvider provider = providerOf(cluster);
        require(provider, ProviderCapability.UPGRADE, "upgrading clusters");
        if (kubernetesVersion == null || kubernetesVersion.isBlank()) {
            throw new IllegalArgumentException("kubernetesVersion is required; provider " + provider.id() + " offers "
                + provider.kubernetesVersions());
        }
        if (!provider.kubernetesVersions().contains(kubernetesVersion)) {
            throw new IllegalArgumentException("kubernetesVersion '" + kubernetesVersion + "' is not one provider " + provider.id()
                + " offers: " + provider.kubernetesVersions());
        }
        if (kubernetesVersion.equals(cluster.status().kubernetesVersion())) {
            throw new IllegalArgumentException("kubernetesVersion: cluster '" + name + "' already runs " + kubernetesVersion);
        }
        if (cluster.status().kubernetesVersion() != null) {
            KubernetesVersion.requireUpgrade(cluster.status().kubernetesVersion(), kubernetesVersion);
        }
        return start(name, ClusterOperation.Type.UPGRADE,
            progress -> provisioned(name, provider.upgrade(name, kubernetesVersion, progress)));
    }

    @Override
    public Cluster snapshot(String name) {
        ClusterProvider provider = providerOf(existing(name));
        require(provider, ProviderCapability.SNAPSHOT, "snapshots");
        return start(name, ClusterOperation.Type.SNAPSHOT, progress -> {
            ClusterSnapshot taken = provider.snapshot(name, progress);
            finish(name, "snapshot " + taken.name() + " taken");
        });
    }

    @Override
    public List<ClusterSnapshot> snapshots(String name) {
        ClusterProvider provider = providerOf(existing(name));
        require(provider, ProviderCapability.SNAPSHOT, "snapshots");
        return provider.snapshots(name);
    }

    @Override
    public Cluster restore(String name, String snapshot) {
        ClusterProvider provider = providerOf(existing(name));
        require(provider, ProviderCapability.SNAPSHOT, "restoring snapshots");
        List<String> taken = provider.snapshots(name).stream().map(ClusterSnapshot::name).toList();
        if (!taken.contains(snapshot)) {
            throw new ClusterException("NotFound", "cluster '" + name + "' has no snapshot '" + snapshot + "'; its snapshots: "
                + taken);
        }
        return start(name, ClusterOperation.Type.RESTORE, progress -> provisioned(name, provider.restore(name, snapshot, progress)));
    }

    @Override
    public Cluster delete(String name) {
        Cluster cluster = existing(name);
        if (!created(cluster)) {
            clusters.remove(name);
            return cluster;
        }
        ClusterProvider provider = providerOf(cluster);
        require(provider, ProviderCapability.DELETE, "deleting clusters (paddock:cluster-remove forgets it, leaving it running)");
        ClusterOperation.Type type = ClusterOperation.Type.DELETE;
        Cluster deleting = begin(name, type, false);
        execute(name, type, progress -> {
            provider.delete(name, progress);
            clusters.remove(name);
            LOG.info("Cluster '{}': deleted", name);
        });
        return deleting;
    }

    @Override
    public Map<String, Object> describe(String name) {
        return providerOf(existing(name)).describe(name);
    }

    private static Map<String, String> requireValues(Map<String, String> form) {
        form.forEach((field, value) -> {
            if (value == null) {
                throw new IllegalArgumentException("the field '" + field + "' needs a value");
            }
        });
        return form;
    }

    /** Only clusters a provider created have operations. */
    private static boolean created(Cluster cluster) {
        return cluster.status().operation() != null;
    }

    private Cluster existing(String name) {
        return clusters.get(name).orElseThrow(() -> ClusterServiceImpl.notFound(name));
    }

    private ClusterProvider providerOf(Cluster cluster) {
        ClusterProvider provider = providers.get(cluster.spec().provider());
        if (provider == null) {
            throw new ClusterException("ProviderNotInstalled", "cluster '" + cluster.name() + "' came from the cluster provider '"
                + cluster.spec().provider() + "', which is not installed now; install its bundle again");
        }
        return provider;
    }

    private static void require(ClusterProvider provider, ProviderCapability capability, String operation) {
        if (!provider.capabilities().contains(capability)) {
            throw new ClusterException("NotSupported", "the cluster provider '" + provider.id() + "' does not support " + operation);
        }
    }

    /** Starts an operation on a cluster its provider created; {@code work} ends it with its result. */
    private Cluster start(String name, ClusterOperation.Type type, Consumer<OperationProgress> work) {
        Cluster started = begin(name, type, true);
        execute(name, type, work);
        return started;
    }

    /** Records the operation as started, unless one runs. */
    private Cluster begin(String name, ClusterOperation.Type type, boolean needsKubeconfig) {
        ClusterOperation operation = ClusterOperation.started(type, clock.instant());
        StoreRecord record = ClusterRecords.rewrite(store, name, current -> {
            ClusterStatus status = ClusterRecords.clusterData(current.data()).status();
            if (status.operation() != null && status.operation().running()) {
                throw new ClusterException("Busy", "cluster '" + name + "' is busy: its " + summary(status.operation())
                    + " runs; try again once it has ended");
            }
            if (needsKubeconfig && !current.secrets().containsKey(ClusterRecords.KUBECONFIG_SECRET)) {
                throw new ClusterException("NotCreated", "cluster '" + name + "' has not been created: its create failed or"
                    + " was interrupted; delete it and create it again");
            }
            return ClusterRecords.withStatus(current, status.withOperation(operation, lastContactState(status)));
        }).orElseThrow(() -> ClusterServiceImpl.notFound(name));
        LOG.info("Cluster '{}': {} started", name, type.name().toLowerCase(Locale.ROOT));
        return ClusterRecords.cluster(record);
    }

    private static String summary(ClusterOperation operation) {
        return operation.type().name().toLowerCase(Locale.ROOT) + " (step " + operation.stepNumber() + "/"
            + operation.stepCount() + ": " + operation.step() + ")";
    }

    /** Runs {@code work} on an operation thread; whatever it throws fails the operation. */
    private void execute(String name, ClusterOperation.Type type, Consumer<OperationProgress> work) {
        executor.execute(() -> {
            try {
                work.accept((number, count, description) -> updateOperation(name, o -> o.atStep(number, count, description)));
            } catch (RuntimeException e) {
                String reason = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
                if (e instanceof ClusterException || e instanceof IllegalArgumentException) {
                    LOG.warn("Cluster '{}': {} failed: {}", name, type, reason);
                } else {
                    LOG.warn("Cluster '{}': {} failed: {}", name, type, reason, e); // unexpected: the trace helps, the user sees the message
                }
                Instant now = clock.instant();
                updateOperation(name, o -> o.failed(reason, now));
            }
        });
    }

    /** Stores what a provider handed back (kubeconfig, endpoint, version, direct access), then ends the operation. */
    private void provisioned(String name, ProvisionedCluster result) {
        String endpoint = endpoints.of(result.kubeconfig());
        ClusterRecords.rewrite(store, name, record -> ClusterRecords.withKubeconfig(record, result.kubeconfig(),
            ClusterRecords.clusterData(record.data()).status().withEndpoint(endpoint, result.kubernetesVersion())));
        if (result.directAccess().enabled()) {
            clusters.setDirectAccess(name, result.directAccess());
        }
        finish(name, "running Kubernetes " + result.kubernetesVersion());
    }

    private void finish(String name, String result) {
        Instant now = clock.instant();
        updateOperation(name, o -> o.succeeded(result, now));
        LOG.info("Cluster '{}': {}", name, result);
    }

    /** Changes the running operation; a write that keeps conflicting costs a progress step, not the operation. */
    private void updateOperation(String name, UnaryOperator<ClusterOperation> change) {
        try {
            ClusterRecords.rewriteStatus(store, name, s -> s.operation() == null || !s.operation().running() ? s
                : s.withOperation(change.apply(s.operation()), lastContactState(s)));
        } catch (RuntimeException e) {
            LOG.warn("Cluster '{}': operation status not written: {}", name, e.getMessage());
        }
    }

    /** The state the last contact with the API server gave, for when no operation holds the state. */
    private static ClusterState lastContactState(ClusterStatus status) {
        return status.conditions().stream().filter(c -> c.type().equals(Condition.REACHABLE)).findFirst()
            .map(c -> c.status() ? ClusterState.ACTIVE : ClusterState.UNAVAILABLE).orElse(ClusterState.PENDING);
    }

    private void failInterrupted() {
        Instant now = clock.instant();
        for (StoreRecord record : ClusterRecords.listAll(store, ClusterRecords.CLUSTER_KIND, Map.of())) {
            ClusterOperation operation = ClusterRecords.clusterData(record.data()).status().operation();
            if (operation != null && operation.running()) {
                LOG.warn("Cluster '{}': its {} was interrupted by a restart of Paddock; marking it failed", record.name(),
                    summary(operation));
                updateOperation(record.name(), o -> o.failed(INTERRUPTED, now));
            }
        }
    }
}
