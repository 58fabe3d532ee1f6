package io.paddock.rest.internal;

import java.io.IOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.paddock.api.access.AccessControl;
import io.paddock.api.access.AccessDeniedException;
import io.paddock.api.access.Identity;
import io.paddock.api.access.KubeconfigService;
import io.paddock.api.cluster.AgentRegistrations;
import io.paddock.api.access.RoleBinding;
import io.paddock.api.access.Scope;
import io.paddock.api.cluster.Cluster;
import io.paddock.api.cluster.ClusterException;
import io.paddock.api.cluster.ClusterLifecycle;
import io.paddock.api.cluster.ClusterOperation;
import io.paddock.api.cluster.ClusterProvider;
import io.paddock.api.cluster.ClusterService;
import io.paddock.api.cluster.DirectAccess;
import io.paddock.api.cluster.ProviderCapability;
import io.paddock.api.project.NamespaceQuota;
import io.paddock.api.project.Project;
import io.paddock.api.project.ProjectService;
import io.paddock.api.store.ListQuery;

/** Clusters, their nodes, projects, project namespaces and the caller's kubeconfig for a cluster. */
final class ClusterResource {

    /**
     * A new cluster: {@code provider} (default {@code import}) with its form in {@code config}; for
     * import, the form's fields may also be given at the top level.
     */
    record RegisterBody(String name, String provider, Map<String, String> config, String displayName, String description,
                        String kubeconfig, String context) {
        @Override
        public String toString() {
            return "RegisterBody[" + name + ", " + provider + "]";
        }
    }

    record ProjectBody(String name, String displayName, String description) {
    }

    /**
     * What a cluster's owner may change after registering it: direct access, and for a created cluster the
     * fields of its provider's update form.
     */
    record ClusterChange(DirectAccess directAccess, Map<String, String> config) {
    }

    record UpgradeBody(String kubernetesVersion) {
    }

    private final ClusterService clusters;
    private final ClusterLifecycle lifecycle;
    private final ProjectService projects;
    private final AccessControl access;
    private final KubeconfigService kubeconfigs;
    private final AgentRegistrations agents;
    private final Map<String, ClusterProvider> providers;

    ClusterResource(ClusterService clusters, ClusterLifecycle lifecycle, ProjectService projects, AccessControl access,
                    KubeconfigService kubeconfigs, AgentRegistrations agents, Map<String, ClusterProvider> providers) {
        this.lifecycle = lifecycle;
        this.providers = providers;
        this.agents = agents;
        this.kubeconfigs = kubeconfigs;
        this.clusters = clusters;
        this.projects = projects;
        this.access = access;
    }

    List<Route> routes() {
        return List.of(
            Route.of("GET", "/v1/clusters", "Clusters the caller may see (paged: limit, continue, sort, prefix, labelSelector)",
                false, this::list).paged(),
            Route.of("GET", "/v1/clusterproviders", "The ways to add a cluster, each with the form it takes, its capabilities"
                + " (REGISTER, CREATE, UPDATE, UPGRADE, SNAPSHOT, DELETE), the Kubernetes versions it creates and upgrades to"
                + " and the form its updates take", false, r -> {
                    access.require(r.caller(), "create", "clusters", Scope.GLOBAL);
                    return Reply.ok(Lists.all(providers.values().stream().sorted(Comparator.comparing(ClusterProvider::id))
                        .map(p -> Map.of("id", p.id(), "displayName", p.displayName(), "configSchema", p.configSchema(),
                            "capabilities", new TreeSet<>(p.capabilities()), "kubernetesVersions", p.kubernetesVersions(),
                            "updateSchema", p.updateSchema())).toList()));
                }),
            Route.of("POST", "/v1/clusters", "Add a cluster through a provider; you become its owner. Registering providers"
                + " (default: import from a kubeconfig, checked before it is saved) answer 201; creating ones (CREATE) answer"
                + " 202 with the cluster PROVISIONING, its status.operation showing the steps", false, this::register),
            Route.of("GET", "/v1/clusters/{cluster}", "One cluster with its status", false, r -> {
                requireVisible(r);
                return Reply.ok(find(r.path("cluster")));
            }),
            Route.of("PATCH", "/v1/clusters/{cluster}", "Change a cluster's settings: {\"directAccess\": {\"enabled\": true}} lets"
                + " kubeconfigs reach its API server directly with Paddock tokens (server and certificateAuthority default to"
                + " its kubeconfig's), answered 200; for a created cluster {\"config\": {\"nodes\": \"5\"}} changes fields of its"
                + " provider's updateSchema, answered 202 with the update running", false, this::change),
            Route.of("DELETE", "/v1/clusters/{cluster}", "Remove a cluster: a created one is deleted by its provider, answered"
                + " 202 with the cluster REMOVING (forgotten once deleted; on failure it stays, in ERROR, to try again); a"
                + " registered one is forgotten, untouched, answered 204", false, r -> {
                    access.require(r.caller(), "delete", "clusters", cluster(r));
                    Cluster removed = lifecycle.delete(r.path("cluster"));
                    ClusterOperation operation = removed.status().operation();
                    return operation != null && operation.running() && operation.type() == ClusterOperation.Type.DELETE
                        ? Reply.accepted(removed) : Reply.noContent();
                }),
            Route.of("GET", "/v1/clusters/{cluster}/provider", "For a created cluster: what its provider knows of it (settings,"
                + " processes or machines, endpoints)", false, r -> {
                    requireVisible(r);
                    return Reply.ok(lifecycle.describe(r.path("cluster")));
                }),
            Route.of("POST", "/v1/clusters/{cluster}/upgrade", "For a created cluster: {\"kubernetesVersion\": \"v1.35.4\"}, one"
                + " of its provider's kubernetesVersions; answered 202 with the cluster UPGRADING", false, r -> {
                    access.require(r.caller(), "update", "clusters", cluster(r));
                    return Reply.accepted(lifecycle.upgrade(r.path("cluster"), r.body(UpgradeBody.class).kubernetesVersion()));
                }),
            Route.of("GET", "/v1/clusters/{cluster}/snapshots", "For a created cluster: its snapshots, oldest first", false, r -> {
                requireVisible(r);
                return Reply.ok(Lists.all(lifecycle.snapshots(r.path("cluster"))));
            }),
            Route.of("POST", "/v1/clusters/{cluster}/snapshots", "For a created cluster: take a snapshot now; answered 202, the"
                + " operation's message names the snapshot once taken", false, r -> {
                    access.require(r.caller(), "update", "clusters", cluster(r));
                    return Reply.accepted(lifecycle.snapshot(r.path("cluster")));
                }),
            Route.of("POST", "/v1/clusters/{cluster}/snapshots/{snapshot}/restore", "For a created cluster: put it back to the"
                + " snapshot (what changed since is lost); answered 202 with the cluster UPDATING", false, r -> {
                    access.require(r.caller(), "update", "clusters", cluster(r));
                    return Reply.accepted(lifecycle.restore(r.path("cluster"), r.path("snapshot")));
                }),
            Route.of("GET", "/v1/clusters/{cluster}/nodes", "The cluster's nodes as last synced (paged)", false, r -> {
                access.require(r.caller(), "list", "nodes", cluster(r));
                return Reply.ok(Lists.page(clusters.nodes(r.path("cluster"), r.listQuery())));
            }).paged(),
            Route.of("GET", "/v1/clusters/{cluster}/agent-manifest", "For a cluster added through an agent: the manifest"
                + " that installs the agents (it holds the registration token; cluster owners only)", false, r -> {
                    access.require(r.caller(), "update", "clusters", cluster(r));
                    String name = r.path("cluster");
                    return new Reply(200, new Reply.Text("application/yaml", agents.manifest(name, r.http().getServerName())),
                        Map.of("Content-Disposition", "attachment; filename=\"" + name + "-agent.yaml\""));
                }),
            Route.of("GET", "/v1/clusters/{cluster}/agent-command", "For a cluster added through an agent: a one-line install"
                + " to run where kubectl reaches the cluster (cluster owners only)", false, r -> {
                    access.require(r.caller(), "update", "clusters", cluster(r));
                    String url = agents.manifestUrl(r.path("cluster"), r.http().getServerName());
                    return Reply.ok(Map.of("manifestUrl", url, "command",
                        "curl -fsSL --cacert paddock-ca.pem " + url + " | kubectl apply -f -"));
                }),
            Route.of("POST", "/v1/clusters/{cluster}/registration-token", "Rotate the agents' registration token: the old one"
                + " stops working and connected agents are dropped until the new manifest is applied", false, r -> {
                    access.require(r.caller(), "update", "clusters", cluster(r));
                    agents.rotateToken(r.path("cluster"));
                    return Reply.noContent();
                }),
            Route.of("GET", "/v1/clusters/{cluster}/kubeconfig",
                "A kubeconfig for kubectl and helm through Paddock's proxy, with a new 30-day API token; with direct access"
                    + " also a context <cluster>-direct to the cluster's own API server", false, this::kubeconfig),
            Route.of("GET", "/v1/clusters/{cluster}/projects", "Projects of the cluster the caller may see (paged)", false,
                this::listProjects).paged(),
            Route.of("POST", "/v1/clusters/{cluster}/projects", "Create a project; you become its owner", false,
                this::createProject),
            Route.of("GET", "/v1/clusters/{cluster}/projects/{project}", "One project", false, r -> {
                access.require(r.caller(), "get", "projects", project(r));
                return Reply.ok(findProject(r));
            }),
            Route.of("DELETE", "/v1/clusters/{cluster}/projects/{project}",
                "Delete a project; its namespaces stay, without quota or project", false, r -> {
                    access.require(r.caller(), "delete", "projects", project(r));
                    projects.delete(r.path("cluster"), r.path("project"));
                    return Reply.noContent();
                }),
            Route.of("PUT", "/v1/clusters/{cluster}/projects/{project}/quota",
                "Set the limits of each namespace of the project (a cluster-level permission)", false, r -> {
                    access.require(r.caller(), "update", "projects", cluster(r));
                    NamespaceQuota quota = r.body(NamespaceQuota.class);
                    return Reply.ok(projects.setQuota(r.path("cluster"), r.path("project"), quota));
                }),
            Route.of("GET", "/v1/clusters/{cluster}/projects/{project}/namespaces", "Namespaces of the project", false, r -> {
                access.require(r.caller(), "list", "namespaces", project(r));
                return Reply.ok(Lists.all(projects.namespaces(r.path("cluster"), r.path("project"))));
            }),
            Route.of("PUT", "/v1/clusters/{cluster}/projects/{project}/namespaces/{namespace}",
                "Create a namespace in the project, or move one into it", false, this::addNamespace),
            Route.of("DELETE", "/v1/clusters/{cluster}/projects/{project}/namespaces/{namespace}",
                "Take a namespace out of the project (the namespace stays)", false, r -> {
                    access.require(r.caller(), "delete", "namespaces", project(r));
                    projects.removeNamespace(r.path("cluster"), r.path("project"), r.path("namespace"));
                    return Reply.noContent();
                }));
    }

    private Reply list(ApiRequest request) {
        Identity caller = request.caller();
        ListQuery query = request.listQuery();
        Set<String> visible = access.visibleClusters(caller);
        if (visible == null) {
            return Reply.ok(Lists.page(clusters.list(query)));
        }
        // a caller without the global list permission sees the few clusters they are bound in, on one page
        List<Cluster> items = visible.stream().map(clusters::get).flatMap(Optional::stream)
            .filter(c -> c.name().startsWith(query.namePrefix())).sorted(Comparator.comparing(Cluster::name)).toList();
        return Reply.ok(Lists.all(items));
    }

    private Reply register(ApiRequest request) throws IOException {
        Identity caller = request.caller();
        access.require(caller, "create", "clusters", Scope.GLOBAL);
        RegisterBody body = request.body(RegisterBody.class);
        if (body.name() == null) {
            throw ApiException.badRequest("name is required");
        }
        String id = body.provider() == null ? "import" : body.provider();
        ClusterProvider provider = providers.get(id);
        if (provider == null) {
            throw ApiException.badRequest("no cluster provider '" + id + "'; installed: " + new TreeSet<>(providers.keySet()));
        }
        Map<String, String> config = new HashMap<>(body.config() == null ? Map.of() : body.config());
        putIfGiven(config, "kubeconfig", body.kubeconfig());
        putIfGiven(config, "context", body.context());
        putIfGiven(config, "displayName", body.displayName());
        putIfGiven(config, "description", body.description());
        boolean creates = provider.capabilities().contains(ProviderCapability.CREATE);
        Cluster cluster = creates ? lifecycle.create(id, body.name(), config) : provider.register(body.name(), config);
        access.makeOwner(caller, Scope.cluster(cluster.name()));
        return creates ? Reply.accepted(cluster) : Reply.created(cluster);
    }

    private Reply change(ApiRequest request) throws IOException {
        access.require(request.caller(), "update", "clusters", cluster(request));
        ClusterChange change = request.body(ClusterChange.class);
        if (change.directAccess() == null && change.config() == null) {
            throw ApiException.badRequest("nothing to change: send {\"directAccess\": {\"enabled\": true|false,"
                + " \"server\": \"https://...\", \"certificateAuthority\": \"-----BEGIN CERTIFICATE-----...\"}} or, for a"
                + " created cluster, {\"config\": {<fields of its provider's updateSchema>}}");
        }
        String name = request.path("cluster");
        Cluster changed = change.directAccess() == null ? null : clusters.setDirectAccess(name, change.directAccess());
        return change.config() == null ? Reply.ok(changed) : Reply.accepted(lifecycle.update(name, change.config()));
    }

    private static void putIfGiven(Map<String, String> config, String key, String value) {
        if (value != null) {
            config.put(key, value);
        }
    }

    private Reply kubeconfig(ApiRequest request) {
        String name = request.path("cluster");
        String yaml = kubeconfigs.kubeconfig(request.caller(), name, request.http().getServerName());
        return new Reply(200, new Reply.Text("application/yaml", yaml), Map.of("Content-Disposition",
            "attachment; filename=\"" + name + ".kubeconfig\""));
    }

    private Reply listProjects(ApiRequest request) {
        Identity caller = request.caller();
        String name = request.path("cluster");
        if (access.allowed(caller, "list", "projects", cluster(request))) {
            return Reply.ok(Lists.page(projects.list(name, request.listQuery())));
        }
        requireVisible(request);
        List<Project> items = access.bindings(Scope.cluster(name), true).stream()
            .filter(b -> b.scope().isProject() && caller.isMember(b.subject())).map(RoleBinding::scope).distinct()
            .map(scope -> projects.get(name, scope.project())).flatMap(Optional::stream)
            .sorted(Comparator.comparing(Project::name)).toList();
        return Reply.ok(Lists.all(items));
    }

    private Reply createProject(ApiRequest request) throws IOException {
        Identity caller = request.caller();
        access.require(caller, "create", "projects", cluster(request));
        ProjectBody body = request.body(ProjectBody.class);
        if (body.name() == null) {
            throw ApiException.badRequest("name is required");
        }
        Project project = projects.create(request.path("cluster"), body.name(), body.displayName(), body.description());
        access.makeOwner(caller, Scope.project(project.cluster(), project.name()));
        return Reply.created(project);
    }

    private Reply addNamespace(ApiRequest request) {
        Identity caller = request.caller();
        String name = request.path("cluster");
        String project = request.path("project");
        String namespace = request.path("namespace");
        access.require(caller, "create", "namespaces", project(request));
        findProject(request);
        Optional<String> current;
        try {
            current = projects.projectOf(name, namespace);
        } catch (ClusterException e) {
            if (!"NotFound".equals(e.reason())) {
                throw e;
            }
            current = null; // a new namespace
        }
        if (current != null && current.isEmpty()) {
            // adopting a namespace that belongs to no project (kube-system, say) would hand it to the project's members
            access.require(caller, "update", "namespaces", cluster(request));
        } else if (current != null && !current.get().equals(project)) {
            access.require(caller, "delete", "namespaces", Scope.project(name, current.get()));
        }
        projects.addNamespace(name, project, namespace);
        return Reply.ok(Map.of("cluster", name, "project", project, "namespace", namespace));
    }

    /** Anyone bound in the cluster (or in one of its projects) sees it, as the list shows it. */
    private void requireVisible(ApiRequest request) {
        Identity caller = request.caller();
        Set<String> visible = access.visibleClusters(caller);
        if (visible != null && !visible.contains(request.path("cluster"))) {
            throw new AccessDeniedException("user '" + caller.user() + "' has no access to cluster '"
                + request.path("cluster") + "'");
        }
    }

    private Cluster find(String name) {
        return clusters.get(name).orElseThrow(() -> ApiException.notFound("no cluster named '" + name + "'"));
    }

    private Project findProject(ApiRequest request) {
        return projects.get(request.path("cluster"), request.path("project")).orElseThrow(() -> ApiException.notFound(
            "cluster '" + request.path("cluster") + "' has no project '" + request.path("project") + "'"));
    }

    private static Scope cluster(ApiRequest request) {
        return Scope.cluster(request.path("cluster"));
    }

    private static Scope project(ApiRequest request) {
        return Scope.project(request.path("cluster"), request.path("project"));
    }
}
