package io.paddock.management.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.paddock.api.project.NamespaceQuota;
import io.paddock.api.project.Project;
import io.paddock.api.store.Store;
import io.paddock.api.store.StoreRecord;

/**
 * Makes every namespace of a project look as its project says: a ResourceQuota and a LimitRange
 * from the project's quota, and no Paddock objects or label once it leaves the project (or the
 * project is deleted). Level-based: each run compares the namespaces the watch sees with the
 * projects in the store, so a missed event is repaired by the next one.
 */
final class ProjectSync {

    static final String QUOTA_NAME = "paddock-project-quota";
    static final String LIMITS_NAME = "paddock-project-limits";
    private static final String FIELD_MANAGER = "paddock";
    private static final Logger LOG = LoggerFactory.getLogger(ProjectSync.class);

    private final String cluster;
    private final Store store;
    private final KubernetesClient client;
    private final ScheduledExecutorService executor;
    private final Set<String> leftProject = new HashSet<>();
    private SharedIndexInformer<Namespace> informer;
    private boolean queued;
    private boolean stopped;

    ProjectSync(String cluster, Store store, KubernetesClient client, ScheduledExecutorService executor) {
        this.cluster = cluster;
        this.store = store;
        this.client = client;
        this.executor = executor;
    }

    synchronized void start() {
        informer = client.namespaces().withLabel(Project.NAMESPACE_LABEL).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Namespace namespace) {
                queue();
            }

            @Override
            public void onUpdate(Namespace oldNamespace, Namespace newNamespace) {
                queue();
            }

            @Override
            public void onDelete(Namespace namespace, boolean deletedFinalStateUnknown) {
                // the label was removed (or the namespace deleted): its Paddock objects must go
                synchronized (ProjectSync.this) {
                    leftProject.add(namespace.getMetadata().getName());
                }
                queue();
            }
        });
        informer.exceptionHandler((started, error) -> !ExceptionHandler.isDeserializationException(error));
        informer.start();
    }

    synchronized void stop() {
        stopped = true;
        if (informer != null) {
            informer.close();
        }
    }

    /** A project of this cluster changed in the store. */
    void projectChanged() {
        queue();
    }

    private synchronized void queue() {
        if (!queued && !stopped) {
            queued = true;
            executor.schedule(this::sync, 200, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void sync() {
        queued = false;
        if (stopped) {
            return;
        }
        Map<String, Optional<NamespaceQuota>> projects = new HashMap<>();
        try {
            for (Namespace namespace : informer.getStore().list()) {
                String name = namespace.getMetadata().getName();
                String project = namespace.getMetadata().getLabels().get(Project.NAMESPACE_LABEL);
                Optional<NamespaceQuota> quota = projects.computeIfAbsent(project, p -> store
                    .get(ProjectRecords.PROJECT_KIND, ProjectRecords.recordName(cluster, p)).map(ProjectSync::quotaOf));
                if (quota.isEmpty()) {
                    leaveProject(name);
                } else {
                    apply(name, project, quota.get());
                }
                leftProject.remove(name);
            }
            for (String name : Set.copyOf(leftProject)) {
                removePaddockObjects(name);
                leftProject.remove(name);
            }
        } catch (RuntimeException e) {
            // cluster or store unavailable: the next event or project change runs again
            LOG.warn("Cluster '{}': project sync failed: {}", cluster, e.getMessage());
        }
    }

    /** Bytes in the largest binary unit that divides them, as kubectl users write memory ("8Gi"). */
    static Quantity memory(long bytes) {
        String[] units = {"Ti", "Gi", "Mi", "Ki"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (10 * (units.length - i));
            if (bytes % unit == 0) {
                return new Quantity(bytes / unit + units[i]);
            }
        }
        return new Quantity(Long.toString(bytes));
    }

    private static NamespaceQuota quotaOf(StoreRecord record) {
        return ProjectRecords.project(record).quota();
    }

    private void apply(String namespace, String project, NamespaceQuota quota) {
        if (quota.limitsNamespace()) {
            Map<String, Quantity> hard = new HashMap<>();
            if (quota.cpuMillis() > 0) {
                hard.put("limits.cpu", new Quantity(quota.cpuMillis() + "m"));
            }
            if (quota.memoryBytes() > 0) {
                hard.put("limits.memory", memory(quota.memoryBytes()));
            }
            if (quota.pods() > 0) {
                hard.put("pods", new Quantity(Integer.toString(quota.pods())));
            }
            ResourceQuota resourceQuota = new ResourceQuotaBuilder().withNewMetadata().withName(QUOTA_NAME).withNamespace(namespace)
                .addToLabels(Project.NAMESPACE_LABEL, project).endMetadata().withNewSpec().withHard(hard).endSpec().build();
            client.resourceQuotas().inNamespace(namespace).resource(resourceQuota).fieldManager(FIELD_MANAGER).forceConflicts()
                .serverSideApply();
        } else {
            client.resourceQuotas().inNamespace(namespace).withName(QUOTA_NAME).delete();
        }
        if (quota.limitsContainers()) {
            Map<String, Quantity> defaults = new HashMap<>();
            if (quota.defaultCpuMillis() > 0) {
                defaults.put("cpu", new Quantity(quota.defaultCpuMillis() + "m"));
            }
            if (quota.defaultMemoryBytes() > 0) {
                defaults.put("memory", memory(quota.defaultMemoryBytes()));
            }
            LimitRange limits = new LimitRangeBuilder().withNewMetadata().withName(LIMITS_NAME).withNamespace(namespace)
                .addToLabels(Project.NAMESPACE_LABEL, project).endMetadata().withNewSpec().addNewLimit().withType("Container")
                .withDefault(defaults).withDefaultRequest(defaults).endLimit().endSpec().build();
            client.limitRanges().inNamespace(namespace).resource(limits).fieldManager(FIELD_MANAGER).forceConflicts()
                .serverSideApply();
        } else {
            client.limitRanges().inNamespace(namespace).withName(LIMITS_NAME).delete();
        }
    }

    /** The namespace's project is gone: drop the label and what Paddock put there. */
    private void leaveProject(String namespace) {
        removePaddockObjects(namespace);
        client.namespaces().withName(namespace).edit(ns -> new NamespaceBuilder(ns).editMetadata()
            .removeFromLabels(Project.NAMESPACE_LABEL).endMetadata().build());
    }

    private void removePaddockObjects(String namespace) {
        client.resourceQuotas().inNamespace(namespace).withName(QUOTA_NAME).delete();
        client.limitRanges().inNamespace(namespace).withName(LIMITS_NAME).delete();
    }
}
