package io.paddock.management.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.paddock.api.access.AccessControl;
import io.paddock.api.access.Scope;
import io.paddock.api.cluster.Cluster;
import io.paddock.api.cluster.ClusterException;
import io.paddock.api.cluster.ClusterOperation;
import io.paddock.api.cluster.ClusterSpec;
import io.paddock.api.cluster.ClusterState;
import io.paddock.api.cluster.ClusterStatus;
import io.paddock.api.cluster.DirectAccess;
import io.paddock.api.cluster.ProviderCapability;
import io.paddock.api.store.StoreRecord;
import io.paddock.kube.KubeClientFactory;

class ClusterOperationsTest {

    private static final String ENDPOINT = "https://127.0.0.1:6443/";

    private final InMemoryStore store = new InMemoryStore();
    private final List<Scope> removedScopes = new ArrayList<>();
    private final ClusterServiceImpl clusters = new ClusterServiceImpl(store, unused(KubeClientFactory.class), access());
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final FakeClusterProvider provider = FakeClusterProvider.complete();
    private ClusterOperations operations;

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void createStoresTheKubeconfigOnceTheProviderIsDoneAndSucceeds() {
        Cluster started = start().create(FakeClusterProvider.ID, "c1",
            Map.of("nodes", "3", "displayName", "Cluster one", "description", "for tests"));

        assertEquals(ClusterState.PROVISIONING, started.status().state());
        assertEquals(ClusterOperation.Type.CREATE, started.status().operation().type());
        assertEquals("Cluster one", started.spec().displayName());
        Cluster done = awaitOperation("c1");
        ClusterOperation operation = done.status().operation();
        assertEquals(ClusterOperation.Phase.SUCCEEDED, operation.phase());
        assertEquals(2, operation.stepNumber());
        assertEquals("starting kube-apiserver v1.34.4", operation.step());
        assertEquals("v1.34.4", done.status().kubernetesVersion());
        assertEquals(ENDPOINT, done.status().apiEndpoint());
        assertEquals(ClusterState.PENDING, done.status().state(), "reachability decides once the watcher probed");
        StoreRecord record = store.get(ClusterRecords.CLUSTER_KIND, "c1").orElseThrow();
        assertEquals("kubeconfig-1", record.secrets().get(ClusterRecords.KUBECONFIG_SECRET));
        assertEquals(1, ClusterRecords.clusterData(record.data()).kubeconfigRevision());
        assertEquals(List.of(Map.of("nodes", "3")), provider.created, "Paddock's own fields stay out of the provider's form");
    }

    @Test
    void anInvalidFormStoresNothing() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> start().create(FakeClusterProvider.ID, "c1", Map.of("nodes", "many")));

        assertTrue(refused.getMessage().contains("nodes"));
        assertTrue(store.get(ClusterRecords.CLUSTER_KIND, "c1").isEmpty());
        assertTrue(provider.created.isEmpty());
    }

    @Test
    void createRefusesUnknownProvidersTakenNamesAndBadNames() {
        ClusterOperations lifecycle = start();
        lifecycle.create(FakeClusterProvider.ID, "c1", Map.of());
        awaitOperation("c1");

        assertTrue(assertThrows(IllegalArgumentException.class, () -> lifecycle.create("eks", "c2", Map.of())).getMessage()
            .contains("[fake]"));
        assertEquals("AlreadyExists", assertThrows(ClusterException.class,
            () -> lifecycle.create(FakeClusterProvider.ID, "c1", Map.of())).reason());
        assertThrows(IllegalArgumentException.class, () -> lifecycle.create(FakeClusterProvider.ID, "Not_DNS", Map.of()));
    }

    @Test
    void aFailedCreateLeavesTheClusterInErrorWithTheProvidersMessage() {
        provider.failure = "kube-apiserver exited with status 1: bad flag";
        start().create(FakeClusterProvider.ID, "c1", Map.of());

        Cluster failed = awaitOperation("c1");
        assertEquals(ClusterState.ERROR, failed.status().state());
        assertEquals(ClusterOperation.Phase.FAILED, failed.status().operation().phase());
        assertEquals("kube-apiserver exited with status 1: bad flag", failed.status().operation().message());
        assertNull(store.get(ClusterRecords.CLUSTER_KIND, "c1").orElseThrow().secrets().get(ClusterRecords.KUBECONFIG_SECRET));
        assertEquals("NotCreated", assertThrows(ClusterException.class, () -> operations.snapshot("c1")).reason());
    }

    @Test
    void oneOperationAtATime() throws Exception {
        created("c1");
        provider.hold = new CountDownLatch(1);
        Cluster upgrading = operations.upgrade("c1", "v1.35.4");
        assertEquals(ClusterState.UPGRADING, upgrading.status().state());

        ClusterException busy = assertThrows(ClusterException.class, () -> operations.snapshot("c1"));
        assertEquals("Busy", busy.reason());
        assertTrue(busy.getMessage().contains("upgrade"), busy.getMessage());
        provider.release();
        Cluster done = awaitOperation("c1");
        assertEquals("v1.35.4", done.status().kubernetesVersion());
        assertEquals(ClusterOperation.Phase.SUCCEEDED, done.status().operation().phase());
    }

    @Test
    void operationsTheProviderCannotDoAreRefused() {
        provider.capabilities.clear();
        provider.capabilities.add(ProviderCapability.CREATE);
        created("c1");

        ClusterException refused = assertThrows(ClusterException.class, () -> operations.upgrade("c1", "v1.35.4"));
        assertEquals("NotSupported", refused.reason());
        assertTrue(refused.getMessage().contains("'fake'") && refused.getMessage().contains("upgrading"));
        assertEquals("NotSupported", assertThrows(ClusterException.class, () -> operations.snapshots("c1")).reason());
        assertEquals("NotSupported", assertThrows(ClusterException.class, () -> operations.delete("c1")).reason());
    }

    @Test
    void upgradesGoToAnOfferedVersionOtherThanTheRunningOne() {
        created("c1");

        assertTrue(assertThrows(IllegalArgumentException.class, () -> operations.upgrade("c1", "v1.99.0")).getMessage()
            .contains("v1.35.4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> operations.upgrade("c1", "v1.34.4")).getMessage()
            .contains("already runs"));
        assertThrows(IllegalArgumentException.class, () -> operations.upgrade("c1", " "));
        assertEquals("NotFound", assertThrows(ClusterException.class, () -> operations.upgrade("c2", "v1.35.4")).reason());
    }

    @Test
    void updatesTakeTheFieldsOfTheUpdateSchema() {
        created("c1");

        assertTrue(assertThrows(IllegalArgumentException.class, () -> operations.update("c1", Map.of("zones", "2")))
            .getMessage().contains("zones"));
        assertThrows(IllegalArgumentException.class, () -> operations.update("c1", Map.of()));
        assertEquals(ClusterState.UPDATING, operations.update("c1", Map.of("nodes", "5")).status().state());
        Cluster done = awaitOperation("c1");
        assertEquals("kubeconfig-2", store.get(ClusterRecords.CLUSTER_KIND, "c1").orElseThrow().secrets()
            .get(ClusterRecords.KUBECONFIG_SECRET));
        assertEquals(ClusterOperation.Phase.SUCCEEDED, done.status().operation().phase());
    }

    @Test
    void snapshotsAreTakenListedAndRestored() {
        created("c1");
        operations.snapshot("c1");
        assertEquals("snapshot manual-1 taken", awaitOperation("c1").status().operation().message());

        assertEquals(List.of("manual-1"), operations.snapshots("c1").stream().map(s -> s.name()).toList());
        assertEquals("NotFound", assertThrows(ClusterException.class, () -> operations.restore("c1", "manual-9")).reason());
        assertEquals(ClusterOperation.Type.RESTORE, operations.restore("c1", "manual-1").status().operation().type());
        assertEquals(ClusterOperation.Phase.SUCCEEDED, awaitOperation("c1").status().operation().phase());
    }

    @Test
    void deleteRemovesACreatedClusterOnceTheProviderDeletedIt() {
        created("c1");
        Cluster deleting = operations.delete("c1");

        assertEquals(ClusterState.REMOVING, deleting.status().state());
        awaitGone("c1");
        assertEquals(List.of(Scope.cluster("c1")), removedScopes);
    }

    @Test
    void aFailedDeleteKeepsTheClusterInErrorForAnotherTry() {
        created("c1");
        provider.failure = "cannot stop etcd";
        operations.delete("c1");

        Cluster failed = awaitOperation("c1");
        assertEquals(ClusterState.ERROR, failed.status().state());
        assertEquals("cannot stop etcd", failed.status().operation().message());
        assertTrue(removedScopes.isEmpty());
        provider.failure = null;
        operations.delete("c1");
        awaitGone("c1");
    }

    @Test
    void deletingARegisteredClusterForgetsIt() {
        store.create(ClusterRecords.CLUSTER_KIND, "imported", ClusterRecords.clusterContent(new ClusterRecords.ClusterData(
            new ClusterSpec(null, null, ClusterServiceImpl.IMPORT_PROVIDER, DirectAccess.DISABLED),
            ClusterStatus.pending(ENDPOINT, "v1.34.4"), null), "kubeconfig"));

        Cluster deleted = start().delete("imported");

        assertEquals("imported", deleted.name());
        assertTrue(store.get(ClusterRecords.CLUSTER_KIND, "imported").isEmpty());
    }

    @Test
    void operationsInterruptedByARestartAreMarkedFailed() {
        ClusterOperation running = ClusterOperation.started(ClusterOperation.Type.UPGRADE, Instant.now()).atStep(2, 5, "etcd");
        store.create(ClusterRecords.CLUSTER_KIND, "c1", ClusterRecords.clusterContent(new ClusterRecords.ClusterData(
            new ClusterSpec(null, null, FakeClusterProvider.ID, DirectAccess.DISABLED),
            ClusterStatus.pending(ENDPOINT, "v1.34.4").withOperation(running, ClusterState.ACTIVE), null), "kubeconfig"));

        start();

        Cluster after = clusters.get("c1").orElseThrow();
        assertEquals(ClusterState.ERROR, after.status().state());
        assertEquals(ClusterOperation.Phase.FAILED, after.status().operation().phase());
        assertEquals(ClusterOperations.INTERRUPTED, after.status().operation().message());
        assertEquals("etcd", after.status().operation().step());
    }

    private ClusterOperations start() {
        operations = new ClusterOperations(store, clusters, kubeconfig -> ENDPOINT, Clock.systemUTC(), executor);
        operations.bindProvider(provider);
        return operations;
    }

    private void created(String name) {
        start().create(FakeClusterProvider.ID, name, Map.of());
        assertEquals(ClusterOperation.Phase.SUCCEEDED, awaitOperation(name).status().operation().phase());
    }

    private Cluster awaitOperation(String name) {
        for (int i = 0; i < 500; i++) {
            Cluster cluster = clusters.get(name).orElseThrow();
            if (!cluster.status().operation().running()) {
                return cluster;
            }
            sleep();
        }
        throw new AssertionError("the operation on " + name + " did not end");
    }

    private void awaitGone(String name) {
        for (int i = 0; i < 500 && clusters.get(name).isPresent(); i++) {
            sleep();
        }
        assertFalse(clusters.get(name).isPresent(), name + " still stored");
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private AccessControl access() {
        return (AccessControl) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {AccessControl.class},
            (proxy, method, args) -> {
                if (method.getName().equals("removeScope")) {
                    synchronized (removedScopes) {
                        removedScopes.add((Scope) args[0]);
                    }
                    return null;
                }
                throw new UnsupportedOperationException(method.getName());
            });
    }

    private static <T> T unused(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(ClusterOperationsTest.class.getClassLoader(), new Class<?>[] {type},
            (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName());
            }));
    }
}
