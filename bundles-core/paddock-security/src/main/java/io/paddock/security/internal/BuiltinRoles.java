package io.paddock.security.internal;

import static io.paddock.api.access.Rule.ANY;
import static io.paddock.api.access.Rule.READ;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.paddock.api.access.GlobalRole;
import io.paddock.api.access.RoleTemplate;
import io.paddock.api.access.RoleTemplate.Context;
import io.paddock.api.access.Rule;

/**
 * The roles Paddock ships. Their Kubernetes rules are written out rather than pointing at the
 * cluster's own {@code edit}/{@code view} ClusterRoles, so that escalation checks can compare them
 * exactly and a cluster's aggregated roles cannot widen them silently.
 */
final class BuiltinRoles {

    private static final List<String> ALL = List.of(ANY);

    static final List<Rule> EDIT_WORKLOADS = List.of(
        new Rule(List.of(""), List.of("pods", "pods/log", "pods/exec", "pods/attach", "pods/portforward", "services",
            "endpoints", "configmaps", "secrets", "persistentvolumeclaims", "serviceaccounts", "replicationcontrollers",
            "events", "resourcequotas", "limitranges"), ALL),
        new Rule(List.of("apps", "batch", "autoscaling"), ALL, ALL),
        new Rule(List.of("networking.k8s.io"), List.of("ingresses", "networkpolicies"), ALL),
        new Rule(List.of("policy"), List.of("poddisruptionbudgets"), ALL));

    static final List<Rule> VIEW_WORKLOADS = List.of(
        new Rule(List.of(""), List.of("pods", "pods/log", "services", "endpoints", "configmaps", "persistentvolumeclaims",
            "serviceaccounts", "replicationcontrollers", "events", "resourcequotas", "limitranges"), READ),
        new Rule(List.of("apps", "batch", "autoscaling"), ALL, READ),
        new Rule(List.of("networking.k8s.io"), List.of("ingresses", "networkpolicies"), READ),
        new Rule(List.of("policy"), List.of("poddisruptionbudgets"), READ));

    static final Map<String, GlobalRole> GLOBAL_ROLES = index(GlobalRole::name,
        new GlobalRole(GlobalRole.ADMIN, "Administrator", "Everything, in Paddock and in every cluster",
            List.of(new Rule(ALL, ALL, ALL)), true, 0),
        new GlobalRole(GlobalRole.USER, "Standard user",
            "Import clusters (becoming their owner), keep cloud credentials, see roles, users and settings",
            List.of(Rule.management(List.of("clusters"), List.of("create")),
                Rule.management(List.of("cloudcredentials"), List.of("create", "get", "list", "delete")),
                Rule.management(List.of("globalroles", "roletemplates", "users", "settings"), READ)), true, 0),
        new GlobalRole(GlobalRole.USER_BASE, "User base", "Log in and manage one's own tokens only",
            List.of(Rule.management(List.of("settings"), READ)), true, 0));

    static final Map<String, RoleTemplate> TEMPLATES = index(RoleTemplate::name,
        new RoleTemplate("cluster-owner", "Cluster owner", "Everything in the cluster, including its members",
            Context.CLUSTER, List.of(new Rule(ALL, ALL, ALL)), List.of(), true, 0),
        new RoleTemplate("cluster-member", "Cluster member", "See the cluster and its nodes, create projects",
            Context.CLUSTER, List.of(
                Rule.management(List.of("clusters", "nodes", "clusterrolebindings"), READ),
                Rule.management(List.of("projects"), List.of("create", "get", "list", "watch")),
                new Rule(List.of(""), List.of("nodes", "namespaces", "persistentvolumes"), READ),
                new Rule(List.of("storage.k8s.io"), List.of("storageclasses"), READ)), List.of(), true, 0),
        new RoleTemplate("projects-create", "Create projects", "Create projects in the cluster", Context.CLUSTER,
            List.of(Rule.management(List.of("projects"), List.of("create"))), List.of(), true, 0),
        new RoleTemplate("nodes-view", "View nodes", "See the cluster's nodes", Context.CLUSTER,
            List.of(Rule.management(List.of("clusters", "nodes"), READ), new Rule(List.of(""), List.of("nodes"), READ)),
            List.of(), true, 0),
        new RoleTemplate("project-owner", "Project owner", "Everything in the project's namespaces, including its members",
            Context.PROJECT, List.of(new Rule(ALL, ALL, ALL)), List.of(), true, 0),
        new RoleTemplate("project-member", "Project member", "Create and change workloads in the project's namespaces",
            Context.PROJECT, List.of(
                Rule.management(List.of("projects", "namespaces", "projectrolebindings"), READ)),
            List.of("workloads-manage"), true, 0),
        new RoleTemplate("read-only", "Read-only", "See the project's workloads, not its secrets", Context.PROJECT,
            List.of(Rule.management(List.of("projects", "namespaces", "projectrolebindings"), READ)),
            List.of("workloads-view"), true, 0),
        new RoleTemplate("workloads-manage", "Manage workloads", "Pods, deployments, jobs, services, config and secrets",
            Context.PROJECT, EDIT_WORKLOADS, List.of(), true, 0),
        new RoleTemplate("workloads-view", "View workloads", "Read pods, deployments, jobs, services and config",
            Context.PROJECT, VIEW_WORKLOADS, List.of(), true, 0));

    private BuiltinRoles() {
    }

    @SafeVarargs
    private static <T> Map<String, T> index(Function<T, String> name, T... values) {
        return java.util.Arrays.stream(values).collect(Collectors.toUnmodifiableMap(name, Function.identity()));
    }
}
