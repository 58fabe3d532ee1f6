package io.paddock.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.paddock.localcluster.LocalCluster;

/** The test bed's clusters are real: workloads schedule onto kwok nodes, RBAC is enforced, clusters are isolated. */
@ExtendWith(TestBedExtension.class)
class LocalClusterIT {

    private static KubernetesClient admin(LocalCluster cluster) {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(cluster.kubeconfig())).build();
    }

    private static KubernetesClient impersonating(LocalCluster cluster, String user, String... groups) {
        Config config = Config.fromKubeconfig(cluster.kubeconfig());
        config.setImpersonateUsername(user);
        config.setImpersonateGroups(groups);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Test
    void deploymentOfThreeReplicasRunsThreePodsOnKwokNodes(LocalCluster cluster) {
        try (KubernetesClient client = admin(cluster)) {
            assertEquals(cluster.kubernetesVersion(), client.getKubernetesVersion().getGitVersion());
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
            Deployment web = new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace("shop").endMetadata()
                .withNewSpec().withReplicas(3)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("registry.invalid/web:1").endContainer().endSpec()
                .endTemplate().endSpec().build();
            client.apps().deployments().resource(web).create();

            client.pods().inNamespace("shop").withLabel("app", "web")
                .waitUntilCondition(p -> p != null && "Running".equals(p.getStatus().getPhase()), 2, TimeUnit.MINUTES);
            List<Pod> pods = waitForRunningPods(client, "shop", 3);
            Set<String> kwokNodes = client.nodes().withLabel("type", "kwok").list().getItems().stream()
                .map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
            assertEquals(3, kwokNodes.size());
            for (Pod pod : pods) {
                assertTrue(kwokNodes.contains(pod.getSpec().getNodeName()), pod.getSpec().getNodeName());
            }
        }
    }

    private static List<Pod> waitForRunningPods(KubernetesClient client, String namespace, int count) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            List<Pod> running = client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase())).toList();
            if (running.size() == count) {
                return running;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " running pods, have " + running.size());
            }
            sleep(500);
        }
    }

    @Test
    void rbacIsEnforcedForImpersonatedUsers(LocalCluster cluster) {
        try (KubernetesClient client = admin(cluster);
             KubernetesClient alice = impersonating(cluster, "alice", "developers")) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata().build()).create();
            KubernetesClientException denied = assertThrows(KubernetesClientException.class,
                () -> alice.pods().inNamespace("team-a").list());
            assertEquals(403, denied.getCode());

            client.rbac().roleBindings().inNamespace("team-a").resource(new RoleBindingBuilder()
                .withNewMetadata().withName("developers-view").endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("view").endRoleRef()
                .addNewSubject().withKind("Group").withApiGroup("rbac.authorization.k8s.io").withName("developers").endSubject()
                .build()).create();
            assertEquals(List.of(), eventuallyAllowed(() -> alice.pods().inNamespace("team-a").list().getItems()));
            assertEquals(403, assertThrows(KubernetesClientException.class,
                () -> alice.pods().inNamespace("default").list()).getCode(), "the binding is namespaced");
        }
    }

    private static <T> T eventuallyAllowed(java.util.function.Supplier<T> call) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return call.get();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 403 || System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(200);
            }
        }
    }

    @Test
    void twoClustersRunSideBySideIsolated(LocalCluster shared, @KubeCluster(nodes = 1, fresh = true) LocalCluster other) {
        assertNotEquals(shared.server(), other.server());
        try (KubernetesClient a = admin(shared); KubernetesClient b = admin(other)) {
            a.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("only-in-a").endMetadata().build()).create();
            assertNull(b.namespaces().withName("only-in-a").get());
            assertEquals(1, b.nodes().list().getItems().size());
            assertEquals(3, a.nodes().list().getItems().size());
        }
        assertNotEquals(shared.processIds().get("etcd"), other.processIds().get("etcd"), "each cluster has its own etcd");
    }

    @Test
    void newerKubernetesMinorForUpgradeTestsRuns(@KubeCluster(nodes = 1, fresh = true, version = "v1.35.4") LocalCluster cluster) {
        try (KubernetesClient client = admin(cluster)) {
            assertEquals("v1.35.4", client.getKubernetesVersion().getGitVersion());
            assertEquals(1, client.nodes().list().getItems().size());
        }
    }

    @Test
    void apiServerOutageAndRecoveryKeepState(@KubeCluster(nodes = 1, fresh = true) LocalCluster cluster) {
        Config noRetries = Config.fromKubeconfig(cluster.kubeconfig());
        noRetries.setRequestRetryBackoffLimit(0);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(noRetries).build()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kept").endMetadata().build()).create();
            cluster.stopApiServer();
            assertFalse(cluster.isRunning());
            assertThrows(KubernetesClientException.class, () -> client.namespaces().list());
            cluster.startApiServer();
            assertTrue(cluster.isRunning());
            assertEquals("kept", client.namespaces().withName("kept").get().getMetadata().getName());
        }
    }

    @Test
    void closingStopsEveryProcess(@KubeCluster(nodes = 1, fresh = true) LocalCluster cluster) {
        Map<String, Long> pids = cluster.processIds();
        assertEquals(List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"), List.copyOf(pids.keySet()));
        assertTrue(cluster.isRunning());
        cluster.close();
        for (Map.Entry<String, Long> pid : pids.entrySet()) {
            assertFalse(ProcessHandle.of(pid.getValue()).map(ProcessHandle::isAlive).orElse(false), pid.getKey() + " still running");
        }
        assertFalse(cluster.isRunning());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
