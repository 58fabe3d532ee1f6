package io.paddock.management.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.paddock.api.access.AccessControl;
import io.paddock.api.access.SecurityService;
import io.paddock.api.cluster.AgentConnection;
import io.paddock.api.cluster.AgentTunnels;
import io.paddock.api.cluster.ClusterConnection;
import io.paddock.api.cluster.ClusterException;
import io.paddock.api.cluster.ClusterNode;
import io.paddock.api.cluster.ClusterSpec;
import io.paddock.api.cluster.ClusterState;
import io.paddock.api.cluster.ClusterStatus;
import io.paddock.api.cluster.Condition;
import io.paddock.api.cluster.ResourceAmounts;
import io.paddock.api.cluster.Usage;
import io.paddock.api.store.ConflictException;
import io.paddock.api.store.NotFoundException;
import io.paddock.api.store.Store;
import io.paddock.api.store.StoreRecord;
import io.paddock.kube.KubeClientFactory;
import io.paddock.kube.KubeFailure;

/**
 * Keeps one cluster's status and nodes in the store. Nodes and pods (for requested resources) come
 * from watches (fabric8 informers, which re-list and re-watch by themselves after outages);
 * reachability and version from a light
 * probe of {@code /version}. Writes happen only when what Paddock shows would change, so a quiet
 * cluster costs no writes.
 */
final class ClusterWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterWatcher.class);
    private static final String ROLE_LABEL_PREFIX = "node-role.kubernetes.io/";
    /** lastSeen is refreshed at most this often while nothing else changes: it is for humans, not for loops. */
    private static final Duration LAST_SEEN_RESOLUTION = Duration.ofSeconds(30);
    private static final Duration USAGE_INTERVAL = Duration.ofSeconds(15);

    private final String name;
    private final Store store;
    private final KubeClientFactory clients;
    private final ScheduledExecutorService executor;
    private final Duration probeInterval;
    private final Clock clock;
    private final Map<String, ClusterNode> writtenNodes = new HashMap<>();
    private KubernetesClient client;
    private SharedIndexInformer<Node> informer;
    private SharedIndexInformer<Pod> podInformer;
    private ProjectSync projects;
    private RbacSync rbac;
    private TokenMirror tokens;
    private Impersonator impersonator;
    private final AccessControl access;
    private final SecurityService security;
    private final Supplier<Optional<AgentTunnels>> tunnels;
    private final Consumer<ClusterWatcher> agentChanged;
    private boolean agentCluster;
    private int kubeconfigRevision;
    private AgentConnection agentInUse;
    private ScheduledFuture<?> probe;
    private boolean nodeSyncQueued;
    private Instant lastUsage;
    private boolean stopped;

    ClusterWatcher(String name, Store store, KubeClientFactory clients, AccessControl access, SecurityService security,
                   Supplier<Optional<AgentTunnels>> tunnels, Consumer<ClusterWatcher> agentChanged, ScheduledExecutorService executor,
                   Duration probeInterval, Clock clock) {
        this.name = name;
        this.tunnels = tunnels;
        this.agentChanged = agentChanged;
        this.access = access;
        this.security = security;
        this.store = store;
        this.clients = clients;
        this.executor = executor;
        this.probeInterval = probeInterval;
        this.clock = clock;
    }

    synchronized void start() {
        Optional<StoreRecord> record = store.get(ClusterRecords.CLUSTER_KIND, name);
        if (record.isEmpty()) {
            return;
        }
        ClusterRecords.ClusterData data = ClusterRecords.clusterData(record.get().data());
        agentCluster = AgentClusterProvider.ID.equals(data.spec().provider());
        kubeconfigRevision = data.kubeconfigRevision();
        Optional<AdminAccess> admin = AdminAccess.of(record.get(), tunnels.get());
        if (admin.isEmpty() && !agentCluster) {
            // a cluster its provider is creating, or failed to create: nothing to reach, and its operation sets the state;
            // the monitor restarts this watcher when the provider's kubeconfig is stored
            return;
        }
        Instant now = clock.instant();
        agentInUse = admin.map(AdminAccess::agent).orElse(null);
        if (admin.isEmpty()) {
            updateStatus(s -> s.withReachability(s.lastSeen() == null ? ClusterState.PENDING : ClusterState.UNAVAILABLE,
                withCondition(s.conditions(), Condition.AGENT_CONNECTED, false, "AgentNotConnected",
                    "waiting for the cluster's agent to connect", now), s.kubernetesVersion(), s.lastSeen()));
            probe = executor.scheduleWithFixedDelay(this::agentStillInUse, probeInterval.toMillis(), probeInterval.toMillis(),
                TimeUnit.MILLISECONDS);
            return;
        }
        if (agentInUse != null) {
            updateStatus(s -> s.withReachability(s.state(), withCondition(s.conditions(), Condition.AGENT_CONNECTED, true,
                "AgentConnected", "the " + agentInUse.agentKind() + " agent connected at " + agentInUse.connectedAt(), now),
                s.kubernetesVersion(), s.lastSeen()));
        }
        client = clients.create(admin.get().kubeconfig(), admin.get().context());
        for (StoreRecord node : ClusterRecords.listAll(store, ClusterRecords.NODE_KIND, Map.of(ClusterRecords.CLUSTER_LABEL, name))) {
            ClusterNode view = ClusterRecords.node(node);
            writtenNodes.put(view.name(), view);
        }
        informer = client.nodes().runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                queueNodeSync();
            }

            @Override
            public void onUpdate(Node oldNode, Node newNode) {
                queueNodeSync();
            }

            @Override
            public void onDelete(Node node, boolean deletedFinalStateUnknown) {
                queueNodeSync();
            }
        });
        // keep retrying, also when the cluster is down at start: the probe reports the outage, the watch catches up later
        informer.exceptionHandler((started, error) -> !ExceptionHandler.isDeserializationException(error));
        informer.start();
        podInformer = client.pods().inAnyNamespace().runnableInformer(0);
        podInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                queueNodeSync();
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                queueNodeSync();
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                queueNodeSync();
            }
        });
        podInformer.exceptionHandler((started, error) -> !ExceptionHandler.isDeserializationException(error));
        podInformer.start();
        projects = new ProjectSync(name, store, client, executor);
        projects.start();
        rbac = new RbacSync(name, client, access, security, executor);
        rbac.start();
        tokens = new TokenMirror(name, client, access, security, executor);
        tokens.start(data.spec().directAccess());
        impersonator = new Impersonator(name, client, rbac::impersonableGroups, clock);
        probe = executor.scheduleWithFixedDelay(this::probe, 0, probeInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        stopped = true;
        if (probe != null) {
            probe.cancel(false);
        }
        if (informer != null) {
            informer.close();
        }
        if (podInformer != null) {
            podInformer.close();
        }
        if (projects != null) {
            projects.stop();
        }
        if (rbac != null) {
            rbac.stop();
        }
        if (tokens != null) {
            tokens.stop();
        }
        if (client != null) {
            client.close();
        }
    }

    /** The cluster was removed from Paddock: take Paddock's access objects out of it, then stop. */
    void uninstall() {
        RbacSync sync;
        TokenMirror mirror;
        synchronized (this) {
            sync = rbac;
            mirror = tokens;
        }
        if (mirror != null) {
            mirror.uninstall();
        }
        if (sync != null) {
            sync.uninstall();
        }
        stop();
    }

    /** Bindings, role templates or users changed. */
    synchronized void accessChanged() {
        if (rbac != null) {
            rbac.changed();
        }
        if (tokens != null) {
            tokens.changed();
        }
    }

    /** An API token was issued or revoked. */
    synchronized void tokensChanged() {
        if (tokens != null) {
            tokens.changed();
        }
    }

    /** The cluster's record changed: its direct access setting may have. */
    synchronized void specChanged(ClusterSpec spec) {
        if (tokens != null) {
            tokens.directAccessChanged(spec.directAccess());
        }
    }

    /** Which of the kubeconfigs a provider stored for the cluster this watcher reaches it with (0: the first or none). */
    synchronized int kubeconfigRevision() {
        return kubeconfigRevision;
    }

    /** How the proxy reaches this cluster. */
    synchronized ClusterConnection connection() {
        if (impersonator == null || stopped) {
            throw new ClusterException("Unreachable", "cluster '" + name + "' is not connected");
        }
        if (!rbac.impersonatorReady()) {
            throw new ClusterException("Unreachable", "cluster '" + name + "': access rules are not in place yet; retry shortly");
        }
        return impersonator;
    }

    /** A project of this cluster changed in the store. */
    synchronized void projectChanged() {
        if (projects != null) {
            projects.projectChanged();
        }
    }

    /** Informer callbacks arrive in bursts (a re-list delivers every node): coalesce them into one sync. */
    private synchronized void queueNodeSync() {
        if (!nodeSyncQueued && !stopped) {
            nodeSyncQueued = true;
            executor.schedule(this::syncNodes, 200, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Measured use from the metrics API when the cluster serves it, else the pods' requests, labelled
     * as such. Read at most every {@link #USAGE_INTERVAL}, since it changes at every reading.
     */
    private void readUsage(Instant now) {
        if (lastUsage != null && Duration.between(lastUsage, now).compareTo(USAGE_INTERVAL) < 0) {
            return;
        }
        Usage usage;
        try {
            ResourceAmounts measured = ResourceAmounts.ZERO;
            for (NodeMetrics node : client.top().nodes().metrics().getItems()) {
                measured = measured.plus(amounts(node.getUsage()));
            }
            usage = new Usage(Usage.MEASURED, measured, now);
        } catch (KubernetesClientException e) {
            // 404: no metrics API; 503: its server is not ready. Either way requests are what is known
            usage = new Usage(Usage.REQUESTED, requestedNow(), now);
        }
        Usage reading = usage;
        updateStatus(s -> s.withUsage(reading));
        lastUsage = now;
    }

    private ResourceAmounts requestedNow() {
        return podInformer.getStore().list().stream().filter(ClusterWatcher::holdsResources).map(ClusterWatcher::requests)
            .reduce(ResourceAmounts.ZERO, ResourceAmounts::plus);
    }

    private synchronized void syncNodes() {
        nodeSyncQueued = false;
        if (stopped) {
            return;
        }
        Map<String, ClusterNode> current = new TreeMap<>();
        for (Node node : informer.getStore().list()) {
            ClusterNode view = view(node);
            current.put(view.name(), view);
        }
        try {
            for (ClusterNode node : current.values()) {
                if (!node.equals(writtenNodes.get(node.name()))) {
                    upsertNode(node);
                    writtenNodes.put(node.name(), node);
                }
            }
            for (String gone : new ArrayList<>(writtenNodes.keySet())) {
                if (!current.containsKey(gone)) {
                    deleteNode(gone);
                    writtenNodes.remove(gone);
                }
            }
            ResourceAmounts capacity = current.values().stream().map(ClusterNode::capacity).reduce(ResourceAmounts.ZERO, ResourceAmounts::plus);
            ResourceAmounts allocatable = current.values().stream().map(ClusterNode::allocatable).reduce(ResourceAmounts.ZERO, ResourceAmounts::plus);
            int ready = (int) current.values().stream().filter(ClusterNode::ready).count();
            ResourceAmounts requested = requestedNow();
            updateStatus(s -> s.withInventory(current.size(), ready, capacity, allocatable, requested));
        } catch (RuntimeException e) {
            // the store is unavailable or refused: the next informer event or probe tries again
            LOG.warn("Cluster '{}': cannot record nodes: {}", name, e.getMessage());
            writtenNodes.clear();
        }
    }

    /**
     * For a cluster reached through its agent: whether the agent connection in use is still the one
     * to use. Agent changes are also announced (AgentListener); this check makes the watcher follow
     * them even when an announcement was missed, within one probe interval.
     */
    private synchronized boolean agentStillInUse() {
        if (stopped || !agentCluster) {
            return !stopped;
        }
        Optional<AgentConnection> current = tunnels.get().flatMap(t -> t.connection(name));
        if (!current.equals(Optional.ofNullable(agentInUse))) {
            agentChanged.accept(this);
            return false;
        }
        return true;
    }

    private synchronized void probe() {
        if (stopped || !agentStillInUse()) {
            return;
        }
        Instant now = clock.instant();
        try {
            String version = client.getKubernetesVersion().getGitVersion();
            updateStatus(s -> answered(s, version, now));
            readUsage(now);
        } catch (RuntimeException e) {
            KubeFailure failure = KubeFailure.of(e);
            updateStatus(s -> s.withReachability(ClusterState.UNAVAILABLE, withCondition(s.conditions(), Condition.REACHABLE, false,
                failure.reason(), failure.message(), now), s.kubernetesVersion(), s.lastSeen()));
        }
    }

    /**
     * The status after the API server answered: unchanged when only lastSeen would move, and by less than
     * {@link #LAST_SEEN_RESOLUTION}. Compared as it would be written, since a provider operation may hold the
     * state at something else than ACTIVE.
     */
    static ClusterStatus answered(ClusterStatus s, String version, Instant now) {
        boolean lastSeenStale = s.lastSeen() == null || Duration.between(s.lastSeen(), now).compareTo(LAST_SEEN_RESOLUTION) > 0;
        List<Condition> conditions = withCondition(s.conditions(), Condition.REACHABLE, true, "Reachable", "the API server answers",
            now);
        if (!lastSeenStale && s.withReachability(ClusterState.ACTIVE, conditions, version, s.lastSeen()).equals(s)) {
            return s;
        }
        return s.withReachability(ClusterState.ACTIVE, conditions, version, now);
    }

    /** The conditions with {@code type} set; its transition time moves only when its status flips. */
    static List<Condition> withCondition(List<Condition> conditions, String type, boolean status, String reason, String message,
                                         Instant now) {
        List<Condition> result = new ArrayList<>();
        boolean found = false;
        for (Condition c : conditions) {
            if (c.type().equals(type)) {
                found = true;
                result.add(new Condition(type, status, reason, message, c.status() == status ? c.lastTransitionTime() : now));
            } else {
                result.add(c);
            }
        }
        if (!found) {
            result.add(new Condition(type, status, reason, message, now));
        }
        return result;
    }

    /** Read, change, write with the read version; on conflict read again. Nothing is written when nothing changes. */
    private void updateStatus(UnaryOperator<ClusterStatus> change) {
        try {
            ClusterRecords.rewriteStatus(store, name, change);
        } catch (ConflictException e) {
            LOG.warn("Cluster '{}': status not written: {}", name, e.getMessage());
        }
    }

    private void upsertNode(ClusterNode node) {
        String recordName = ClusterRecords.nodeRecordName(name, node.name());
        Optional<StoreRecord> existing = store.get(ClusterRecords.NODE_KIND, recordName);
        if (existing.isPresent()) {
            store.update(ClusterRecords.NODE_KIND, recordName, existing.get().resourceVersion(), ClusterRecords.nodeContent(name, node));
        } else {
            store.create(ClusterRecords.NODE_KIND, recordName, ClusterRecords.nodeContent(name, node));
        }
    }

    private void deleteNode(String node) {
        try {
            store.delete(ClusterRecords.NODE_KIND, ClusterRecords.nodeRecordName(name, node));
        } catch (NotFoundException alreadyGone) {
            // nothing to do
        }
    }

    /** Pods the scheduler counts against a node: placed and not finished. */
    static boolean holdsResources(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    /** Sum of the pod's container requests (init containers, which run before, are left out). */
    static ResourceAmounts requests(Pod pod) {
        ResourceAmounts total = ResourceAmounts.ZERO;
        for (Container container : pod.getSpec().getContainers()) {
            if (container.getResources() != null) {
                total = total.plus(amounts(container.getResources().getRequests()));
            }
        }
        return total;
    }

    static ClusterNode view(Node node) {
        List<String> roles = new ArrayList<>();
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        labels.keySet().stream().filter(k -> k.startsWith(ROLE_LABEL_PREFIX)).map(k -> k.substring(ROLE_LABEL_PREFIX.length()))
            .sorted().forEach(roles::add);
        boolean ready = false;
        String kubelet = null;
        ResourceAmounts capacity = ResourceAmounts.ZERO;
        ResourceAmounts allocatable = ResourceAmounts.ZERO;
        if (node.getStatus() != null) {
            if (node.getStatus().getConditions() != null) {
                for (NodeCondition condition : node.getStatus().getConditions()) {
                    if ("Ready".equals(condition.getType())) {
                        ready = "True".equals(condition.getStatus());
                    }
                }
            }
            if (node.getStatus().getNodeInfo() != null) {
                kubelet = node.getStatus().getNodeInfo().getKubeletVersion();
            }
            capacity = amounts(node.getStatus().getCapacity());
            allocatable = amounts(node.getStatus().getAllocatable());
        }
        return new ClusterNode(node.getMetadata().getName(), roles, ready, kubelet, capacity, allocatable);
    }

    private static ResourceAmounts amounts(Map<String, Quantity> resources) {
        if (resources == null) {
            return ResourceAmounts.ZERO;
        }
        long cpu = resources.containsKey("cpu")
            ? resources.get("cpu").getNumericalAmount().multiply(BigDecimal.valueOf(1000)).longValue() : 0;
        long memory = resources.containsKey("memory") ? resources.get("memory").getNumericalAmount().longValue() : 0;
        return new ResourceAmounts(cpu, memory);
    }
}
