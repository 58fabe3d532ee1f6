package io.paddock.management.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paddock.api.access.AccessControl;
import io.paddock.api.access.AccessListener;
import io.paddock.api.access.Scope;
import io.paddock.api.access.SecurityService;
import io.paddock.api.cluster.AgentListener;
import io.paddock.api.cluster.AgentTunnels;
import io.paddock.api.cluster.ClusterConnection;
import io.paddock.api.cluster.ClusterConnector;
import io.paddock.api.cluster.ClusterException;
import io.paddock.api.cluster.ClusterOperation;
import io.paddock.api.config.InvalidSettingException;
import io.paddock.api.config.Settings;
import io.paddock.api.store.ChangeEvent;
import io.paddock.api.store.ChangeType;
import io.paddock.api.store.Store;
import io.paddock.api.store.Watch;
import io.paddock.api.system.HealthCheck;
import io.paddock.api.system.HealthResult;
import io.paddock.kube.KubeClientFactory;

/**
 * Runs one {@link ClusterWatcher} per registered cluster and tells it when one of its projects, its
 * settings, the users or their API tokens change, following the store's change feed (and replaces it
 * when a provider stored a new kubeconfig for the cluster):
 * list once, then watch from the listed position, so no registration is missed or seen twice, and a
 * restart simply lists again.
 */
@Component(immediate = true, configurationPid = ClusterMonitor.PID,
    service = {HealthCheck.class, AccessListener.class, ClusterConnector.class, AgentListener.class},
    property = HealthCheck.NAME_PROPERTY + "=cluster-monitor")
public class ClusterMonitor implements HealthCheck, AccessListener, ClusterConnector, AgentListener {

    static final String PID = "io.paddock.management";
    static final String PROBE_INTERVAL = "probe.interval.seconds";
    private static final String USER_KIND = "user";
    private static final String TOKEN_KIND = "token";
    private static final int DEFAULT_PROBE_INTERVAL = 5;

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMonitor.class);

    private final Store store;
    private final KubeClientFactory clients;
    private final AccessControl access;
    private final SecurityService security;
    private final Map<String, ClusterWatcher> watchers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor;
    private Duration probeInterval;
    private String settingsProblem;
    private Watch watch;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AgentTunnels tunnels;

    @Activate
    public ClusterMonitor(@Reference Store store, @Reference KubeClientFactory clients, @Reference AccessControl access,
                          @Reference SecurityService security, Map<String, Object> properties) {
        this.store = store;
        this.clients = clients;
        this.access = access;
        this.security = security;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newScheduledThreadPool(2, r -> {
            Thread thread = new Thread(r, "paddock-cluster-monitor-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            probeInterval = Duration.ofSeconds(new Settings(PID, properties).intInRange(PROBE_INTERVAL, DEFAULT_PROBE_INTERVAL, 1, 300));
        } catch (InvalidSettingException e) {
            probeInterval = Duration.ofSeconds(DEFAULT_PROBE_INTERVAL);
            settingsProblem = e.getMessage() + " (using " + DEFAULT_PROBE_INTERVAL + "s)";
            LOG.error(settingsProblem);
        }
        // events after this position repeat what the listing may already show; starting a watcher is idempotent
        long position = store.currentSequence();
        ClusterRecords.listAll(store, ClusterRecords.CLUSTER_KIND, Map.of()).forEach(r -> startWatcher(r.name()));
        watch = store.watch(null, position, this::onChange);
    }

    @Override
    public void accessChanged(Scope scope) {
        if (scope.isGlobal()) {
            watchers.values().forEach(ClusterWatcher::accessChanged);
        } else {
            ClusterWatcher watcher = watchers.get(scope.cluster());
            if (watcher != null) {
                watcher.accessChanged();
            }
        }
    }

    /** An agent connected, left or was replaced: the cluster is reached another way now, so watch it afresh. */
    @Override
    public void agentChanged(String cluster) {
        ClusterWatcher current = watchers.get(cluster);
        if (current != null) {
            restart(cluster, current);
        }
    }

    /** Replaces the watcher, unless it was replaced or removed meanwhile (announcements and probes may both ask). */
    private void restart(String cluster, ClusterWatcher watcher) {
        executor.execute(() -> {
            if (watchers.remove(cluster, watcher)) {
                watcher.stop();
                startWatcher(cluster);
            }
        });
    }

    @Override
    public ClusterConnection connect(String cluster) {
        ClusterWatcher watcher = watchers.get(cluster);
        if (watcher == null) {
            throw new ClusterException("NotFound", "no cluster named '" + cluster + "'");
        }
        return watcher.connection();
    }

    private void onChange(ChangeEvent event) {
        if (event.kind().equals(USER_KIND)) {
            // who may be impersonated follows the users
            watchers.values().forEach(ClusterWatcher::accessChanged);
            return;
        }
        if (event.kind().equals(TOKEN_KIND)) {
            // a token's hash, owner and expiry never change: only issuing and revoking matter to the token mirrors
            if (event.type() != ChangeType.MODIFIED) {
                watchers.values().forEach(ClusterWatcher::tokensChanged);
            }
            return;
        }
        if (event.kind().equals(ProjectRecords.PROJECT_KIND)) {
            ClusterWatcher watcher = watchers.get(event.name().substring(0, event.name().indexOf('/')));
            if (watcher != null) {
                watcher.projectChanged();
            }
            return;
        }
        if (!event.kind().equals(ClusterRecords.CLUSTER_KIND)) {
            return;
        }
        if (event.type() == ChangeType.ADDED) {
            startWatcher(event.name());
        } else if (event.type() == ChangeType.MODIFIED) {
            ClusterWatcher watcher = watchers.get(event.name());
            ClusterRecords.ClusterData data = ClusterRecords.clusterData(event.data());
            if (watcher == null) {
                return;
            }
            if (watcher.kubeconfigRevision() != data.kubeconfigRevision()) {
                restart(event.name(), watcher); // the provider created the cluster, or changed how it is reached
            } else {
                watcher.specChanged(data.spec());
            }
        } else if (event.type() == ChangeType.DELETED) {
            ClusterWatcher watcher = watchers.remove(event.name());
            ClusterOperation last = ClusterRecords.clusterData(event.data()).status().operation();
            if (watcher != null && last != null && last.type() == ClusterOperation.Type.DELETE) {
                watcher.stop(); // its provider deleted the cluster: there is nothing left to clean up in it
            } else if (watcher != null) {
                executor.execute(watcher::uninstall); // network calls stay off the store's feed thread
            }
        }
    }

    private void startWatcher(String cluster) {
        watchers.computeIfAbsent(cluster, name -> {
            ClusterWatcher watcher = new ClusterWatcher(name, store, clients, access, security,
                () -> Optional.ofNullable(tunnels), stale -> restart(name, stale), executor, probeInterval, Clock.systemUTC());
            try {
                watcher.start();
            } catch (RuntimeException e) {
                LOG.error("Cluster '{}': cannot start watching: {}", name, e.getMessage());
            }
            return watcher;
        });
    }

    @Deactivate
    void deactivate() {
        watch.close();
        watchers.values().forEach(ClusterWatcher::stop);
        watchers.clear();
        executor.shutdownNow();
    }

    @Override
    public HealthResult check() {
        if (settingsProblem != null) {
            return HealthResult.down(settingsProblem);
        }
        return HealthResult.up("watching " + watchers.size() + " clusters, probing every " + probeInterval.toSeconds() + "s");
    }
}
