package io.paddock.management.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.paddock.api.cluster.ClusterNode;
import io.paddock.api.cluster.ClusterOperation;
import io.paddock.api.cluster.ClusterState;
import io.paddock.api.cluster.ClusterStatus;
import io.paddock.api.cluster.Condition;
import io.paddock.api.cluster.ResourceAmounts;

class ClusterWatcherTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-25T10:05:00Z");

    @Test
    void nodeViewReadsRolesReadinessAndResources() {
        Node node = new NodeBuilder()
            .withNewMetadata().withName("n1")
            .withLabels(Map.of("node-role.kubernetes.io/worker", "", "node-role.kubernetes.io/etcd", "", "zone", "a"))
            .endMetadata()
            .withNewStatus()
            .addNewCondition().withType("MemoryPressure").withStatus("False").endCondition()
            .addNewCondition().withType("Ready").withStatus("True").endCondition()
            .withNewNodeInfo().withKubeletVersion("v1.34.4").endNodeInfo()
            .withCapacity(Map.of("cpu", new Quantity("4"), "memory", new Quantity("16Gi")))
            .withAllocatable(Map.of("cpu", new Quantity("3500m"), "memory", new Quantity("15Gi")))
            .endStatus().build();
        ClusterNode view = ClusterWatcher.view(node);
        assertEquals(List.of("etcd", "worker"), view.roles());
        assertTrue(view.ready());
        assertEquals("v1.34.4", view.kubeletVersion());
        assertEquals(new ResourceAmounts(4000, 16L << 30), view.capacity());
        assertEquals(new ResourceAmounts(3500, 15L << 30), view.allocatable());
    }

    @Test
    void nodeWithoutStatusIsNotReadyAndEmpty() {
        ClusterNode view = ClusterWatcher.view(new NodeBuilder().withNewMetadata().withName("bare").endMetadata().build());
        assertFalse(view.ready());
        assertEquals(ResourceAmounts.ZERO, view.capacity());
        assertEquals(List.of(), view.roles());
    }

    @Test
    void requestsCountPlacedUnfinishedPodsOnly() {
        Pod running = new PodBuilder().withNewSpec().withNodeName("n1")
            .addNewContainer().withName("a").withNewResources().addToRequests("cpu", new Quantity("100m"))
            .addToRequests("memory", new Quantity("128Mi")).endResources().endContainer()
            .addNewContainer().withName("b").withNewResources().addToRequests("cpu", new Quantity("250m")).endResources().endContainer()
            .endSpec().withNewStatus().withPhase("Running").endStatus().build();
        assertTrue(ClusterWatcher.holdsResources(running));
        assertEquals(new ResourceAmounts(350, 128L << 20), ClusterWatcher.requests(running));

        Pod pending = new PodBuilder(running).editSpec().withNodeName(null).endSpec().build();
        Pod finished = new PodBuilder(running).editStatus().withPhase("Succeeded").endStatus().build();
        assertFalse(ClusterWatcher.holdsResources(pending));
        assertFalse(ClusterWatcher.holdsResources(finished));
    }

    @Test
    void conditionTransitionTimeMovesOnlyWhenTheStatusFlips() {
        List<Condition> up = ClusterWatcher.withCondition(List.of(), Condition.REACHABLE, true, "Reachable", "ok", T0);
        assertEquals(T0, up.get(0).lastTransitionTime());
        List<Condition> stillUp = ClusterWatcher.withCondition(up, Condition.REACHABLE, true, "Reachable", "ok", T1);
        assertEquals(up, stillUp);
        List<Condition> down = ClusterWatcher.withCondition(stillUp, Condition.REACHABLE, false, "ConnectionRefused", "refused", T1);
        assertEquals(1, down.size());
        assertEquals(T1, down.get(0).lastTransitionTime());
        assertEquals("ConnectionRefused", down.get(0).reason());
    }

    @Test
    void probesWhileAnOperationHoldsTheStateWriteNothingNew() {
        ClusterOperation upgrade = ClusterOperation.started(ClusterOperation.Type.UPGRADE, T0);
        ClusterStatus upgrading = ClusterStatus.pending("https://a:6443", "v1.34.4").withOperation(upgrade, ClusterState.PENDING);

        ClusterStatus probed = ClusterWatcher.answered(upgrading, "v1.34.4", T0);
        assertEquals(ClusterState.UPGRADING, probed.state());
        assertSame(probed, ClusterWatcher.answered(probed, "v1.34.4", T0.plusSeconds(5)), "nothing changed: nothing to write");
        assertEquals("v1.35.4", ClusterWatcher.answered(probed, "v1.35.4", T0.plusSeconds(10)).kubernetesVersion());
        assertEquals(T1, ClusterWatcher.answered(probed, "v1.34.4", T1).lastSeen(), "lastSeen moves every 30 s");
    }
}
