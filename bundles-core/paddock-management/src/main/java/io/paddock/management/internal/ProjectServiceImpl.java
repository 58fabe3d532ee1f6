package io.paddock.management.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.paddock.api.access.AccessControl;
import io.paddock.api.access.Scope;
import io.paddock.api.cluster.AgentTunnels;
import io.paddock.api.cluster.ClusterException;
import io.paddock.api.cluster.ResourceNames;
import io.paddock.api.project.NamespaceQuota;
import io.paddock.api.project.Project;
import io.paddock.api.project.ProjectService;
import io.paddock.api.store.ConflictException;
import io.paddock.api.store.ListQuery;
import io.paddock.api.store.NotFoundException;
import io.paddock.api.store.Page;
import io.paddock.api.store.Store;
import io.paddock.api.store.StoreRecord;
import io.paddock.kube.KubeClientFactory;
import io.paddock.kube.KubeFailure;

/**
 * Projects are records in the store; membership is a label on the namespace downstream. Quotas
 * and limits are applied by each cluster's {@link ProjectSync}, never here, so there is one place
 * that decides what a namespace of a project looks like.
 */
@Component(service = ProjectService.class)
public class ProjectServiceImpl implements ProjectService {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectServiceImpl.class);

    private final Store store;
    private final KubeClientFactory clients;
    private final AccessControl access;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AgentTunnels tunnels;

    @Activate
    public ProjectServiceImpl(@Reference Store store, @Reference KubeClientFactory clients, @Reference AccessControl access) {
        this.store = store;
        this.clients = clients;
        this.access = access;
    }

    @Override
    public Project create(String cluster, String name, String displayName, String description) {
        requireCluster(cluster);
        ResourceNames.requireDns1123Label("project", name);
        try {
            StoreRecord record = store.create(ProjectRecords.PROJECT_KIND, ProjectRecords.recordName(cluster, name),
                ProjectRecords.content(cluster, new ProjectRecords.ProjectData(displayName, description, NamespaceQuota.NONE)));
            LOG.info("Created project '{}' in cluster '{}'", name, cluster);
            return ProjectRecords.project(record);
        } catch (ConflictException e) {
            throw new ClusterException("AlreadyExists", "cluster '" + cluster + "' already has a project named '" + name + "'");
        }
    }

    @Override
    public Optional<Project> get(String cluster, String name) {
        ResourceNames.requireDns1123Label("cluster", cluster);
        ResourceNames.requireDns1123Label("project", name);
        return store.get(ProjectRecords.PROJECT_KIND, ProjectRecords.recordName(cluster, name)).map(ProjectRecords::project);
    }

    @Override
    public List<Project> list(String cluster) {
        requireCluster(cluster);
        return ClusterRecords.listAll(store, ProjectRecords.PROJECT_KIND, Map.of(ClusterRecords.CLUSTER_LABEL, cluster)).stream()
            .map(ProjectRecords::project).toList();
    }

    @Override
    public Page<Project> list(String cluster, ListQuery query) {
        requireCluster(cluster);
        return Page.of(store.list(ProjectRecords.PROJECT_KIND, ClusterRecords.withinCluster(cluster, query)), ProjectRecords::project);
    }

    @Override
    public Project setQuota(String cluster, String name, NamespaceQuota quota) {
        StoreRecord record = requireProjectRecord(cluster, name);
        ProjectRecords.ProjectData data = ClusterRecords.read(record.data(), ProjectRecords.ProjectData.class);
        try {
            return ProjectRecords.project(store.update(ProjectRecords.PROJECT_KIND, record.name(), record.resourceVersion(),
                ProjectRecords.content(cluster, new ProjectRecords.ProjectData(data.displayName(), data.description(), quota))));
        } catch (ConflictException e) {
            throw new ClusterException("Conflict", "project '" + name + "' changed meanwhile; read it again and retry");
        }
    }

    @Override
    public void delete(String cluster, String name) {
        requireProjectRecord(cluster, name);
        access.removeScope(Scope.project(cluster, name));
        try {
            store.delete(ProjectRecords.PROJECT_KIND, ProjectRecords.recordName(cluster, name));
        } catch (NotFoundException e) {
            throw notFound(cluster, name);
        }
        LOG.info("Deleted project '{}' of cluster '{}'", name, cluster);
    }

    @Override
    public List<String> namespaces(String cluster, String project) {
        requireProjectRecord(cluster, project);
        return onCluster(cluster, client -> client.namespaces().withLabel(Project.NAMESPACE_LABEL, project).list().getItems()
            .stream().map(ns -> ns.getMetadata().getName()).sorted().toList());
    }

    @Override
    public Optional<String> projectOf(String cluster, String namespace) {
        requireCluster(cluster);
        ResourceNames.requireDns1123Label("namespace", namespace);
        return onCluster(cluster, client -> {
            Namespace existing = client.namespaces().withName(namespace).get();
            if (existing == null) {
                throw new ClusterException("NotFound", "cluster '" + cluster + "' has no namespace '" + namespace + "'");
            }
            Map<String, String> labels = existing.getMetadata().getLabels();
            return Optional.ofNullable(labels == null ? null : labels.get(Project.NAMESPACE_LABEL));
        });
    }

    @Override
    public void addNamespace(String cluster, String project, String namespace) {
        requireProjectRecord(cluster, project);
        ResourceNames.requireDns1123Label("namespace", namespace);
        onCluster(cluster, client -> {
            Namespace existing = client.namespaces().withName(namespace).get();
            if (existing == null) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                    .addToLabels(Project.NAMESPACE_LABEL, project).endMetadata().build()).create();
            } else {
                client.namespaces().withName(namespace).edit(ns -> new NamespaceBuilder(ns).editMetadata()
                    .addToLabels(Project.NAMESPACE_LABEL, project).endMetadata().build());
            }
            return null;
        });
    }

    @Override
    public void removeNamespace(String cluster, String project, String namespace) {
        requireProjectRecord(cluster, project);
        ResourceNames.requireDns1123Label("namespace", namespace);
        onCluster(cluster, client -> {
            Namespace existing = client.namespaces().withName(namespace).get();
            String label = existing == null || existing.getMetadata().getLabels() == null ? null
                : existing.getMetadata().getLabels().get(Project.NAMESPACE_LABEL);
            if (!project.equals(label)) {
                throw new ClusterException("NotFound", "namespace '" + namespace + "' is not in project '" + project + "'");
            }
            client.namespaces().withName(namespace).edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .removeFromLabels(Project.NAMESPACE_LABEL).endMetadata().build());
            return null;
        });
    }

    private <T> T onCluster(String cluster, Function<KubernetesClient, T> work) {
        StoreRecord record = store.get(ClusterRecords.CLUSTER_KIND, cluster).orElseThrow(() -> clusterNotFound(cluster));
        AdminAccess admin = AdminAccess.of(record, Optional.ofNullable(tunnels)).orElseThrow(() -> new ClusterException(
            "Unreachable", AgentClusterProvider.ID.equals(ClusterRecords.clusterData(record.data()).spec().provider())
                ? "cluster '" + cluster + "' is reached through its agent, and no agent is connected now"
                : "cluster '" + cluster + "' is not created yet: wait until its provider has finished"));
        try (KubernetesClient client = clients.create(admin.kubeconfig(), admin.context())) {
            return work.apply(client);
        } catch (KubernetesClientException e) {
            KubeFailure failure = KubeFailure.of(e);
            throw new ClusterException(failure.reason(), "cluster '" + cluster + "': " + failure.message());
        }
    }

    private void requireCluster(String cluster) {
        ResourceNames.requireDns1123Label("cluster", cluster);
        if (store.get(ClusterRecords.CLUSTER_KIND, cluster).isEmpty()) {
            throw clusterNotFound(cluster);
        }
    }

    private StoreRecord requireProjectRecord(String cluster, String name) {
        requireCluster(cluster);
        ResourceNames.requireDns1123Label("project", name);
        return store.get(ProjectRecords.PROJECT_KIND, ProjectRecords.recordName(cluster, name))
            .orElseThrow(() -> notFound(cluster, name));
    }

    private static ClusterException clusterNotFound(String cluster) {
        return new ClusterException("NotFound", "no cluster named '" + cluster + "'");
    }

    private static ClusterException notFound(String cluster, String name) {
        return new ClusterException("NotFound", "cluster '" + cluster + "' has no project named '" + name + "'");
    }
}
