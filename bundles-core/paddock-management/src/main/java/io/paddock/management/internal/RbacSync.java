package io.paddock.management.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.paddock.api.access.AccessControl;
import io.paddock.api.access.GlobalRole;
import io.paddock.api.access.Impersonation;
import io.paddock.api.access.Rule;
import io.paddock.api.access.Scope;
import io.paddock.api.access.SecurityService;
import io.paddock.api.access.Subject;
import io.paddock.api.access.User;
import io.paddock.api.project.Project;

/**
 * Keeps one cluster's RBAC as {@link RbacModel} says. Level-based: every run compares the desired
 * objects with what the watches see and changes only the differences, so a deleted or edited
 * object (drift) is put back by the next run, which its own watch event triggers.
 */
final class RbacSync {

    private static final String FIELD_MANAGER = "paddock-rbac";
    private static final Logger LOG = LoggerFactory.getLogger(RbacSync.class);

    private final String cluster;
    private final KubernetesClient client;
    private final AccessControl access;
    private final SecurityService security;
    private final ReconcileQueue queue;
    private SharedIndexInformer<Namespace> namespaces;
    private SharedIndexInformer<ClusterRole> clusterRoles;
    private SharedIndexInformer<ClusterRoleBinding> clusterRoleBindings;
    private SharedIndexInformer<RoleBinding> roleBindings;
    private volatile Set<String> impersonableGroups = Set.of(Impersonation.AUTHENTICATED_GROUP);
    private volatile boolean impersonatorReady;
    private boolean systemObjectsApplied;

    RbacSync(String cluster, KubernetesClient client, AccessControl access, SecurityService security,
             ScheduledExecutorService executor) {
        this.cluster = cluster;
        this.client = client;
        this.access = access;
        this.security = security;
        this.queue = new ReconcileQueue("Cluster '" + cluster + "': RBAC sync", executor, this::run);
    }

    synchronized void start() {
        namespaces = inform(client.namespaces().withLabel(Project.NAMESPACE_LABEL).runnableInformer(0));
        clusterRoles = inform(client.rbac().clusterRoles().withLabel(RbacModel.MANAGED_LABEL, RbacModel.MANAGED_VALUE)
            .runnableInformer(0));
        clusterRoleBindings = inform(client.rbac().clusterRoleBindings()
            .withLabel(RbacModel.MANAGED_LABEL, RbacModel.MANAGED_VALUE).runnableInformer(0));
        roleBindings = inform(client.rbac().roleBindings().inAnyNamespace()
            .withLabel(RbacModel.MANAGED_LABEL, RbacModel.MANAGED_VALUE).runnableInformer(0));
        queue.queue(0);
    }

    private <T extends HasMetadata> SharedIndexInformer<T> inform(SharedIndexInformer<T> informer) {
        return Informers.start(informer, queue::changed);
    }

    synchronized void stop() {
        queue.stop();
        for (SharedIndexInformer<?> informer : List.of(namespaces, clusterRoles, clusterRoleBindings, roleBindings)) {
            if (informer != null) {
                informer.close();
            }
        }
    }

    /** Bindings, templates or users changed. */
    void changed() {
        queue.changed();
    }

    Set<String> impersonableGroups() {
        return impersonableGroups;
    }

    boolean impersonatorReady() {
        return impersonatorReady;
    }

    private void run() {
        RbacModel.Desired desired = desired();
        applySystemObjects();
        int changes = reconcile(desired);
        impersonableGroups = desired.impersonableGroups();
        impersonatorReady = true;
        if (changes > 0) {
            LOG.info("Cluster '{}': RBAC synced, {} objects changed ({} managed)", cluster, changes, desired.objectCount());
        }
    }

    private RbacModel.Desired desired() {
        List<RbacModel.Grant> grants = access.bindings(Scope.cluster(cluster), true).stream()
            .map(b -> grant(b.role(), b.scope().project(), b.subject())).toList();
        List<RbacModel.Grant> admins = access.bindings(Scope.GLOBAL, false).stream()
            .filter(b -> GlobalRole.ADMIN.equals(b.role())).map(b -> grant(GlobalRole.ADMIN, null, b.subject())).toList();
        Map<String, String> projectNamespaces = new HashMap<>();
        for (Namespace namespace : namespaces.getStore().list()) {
            projectNamespaces.put(namespace.getMetadata().getName(), namespace.getMetadata().getLabels().get(Project.NAMESPACE_LABEL));
        }
        Set<String> users = security.users().stream().filter(User::enabled).map(u -> Impersonation.userName(u.name()))
            .collect(Collectors.toSet());
        return RbacModel.desired(grants, admins, this::downstreamRules, projectNamespaces, users);
    }

    private List<Rule> downstreamRules(String template) {
        return access.roleTemplate(template).map(t -> access.effectiveRules(t).stream().filter(Rule::isDownstream).toList())
            .orElse(List.of());
    }

    private static RbacModel.Grant grant(String role, String project, Subject subject) {
        return new RbacModel.Grant(role, project, Impersonation.subjectName(subject), subject.kind() == Subject.Kind.GROUP);
    }

    /** The impersonator's namespace and service account, once per watcher (and again after a failure). */
    private void applySystemObjects() {
        if (systemObjectsApplied) {
            return;
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(RbacModel.SYSTEM_NAMESPACE)
            .addToLabels(RbacModel.MANAGED_LABEL, RbacModel.MANAGED_VALUE).endMetadata().build())
            .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        client.serviceAccounts().inNamespace(RbacModel.SYSTEM_NAMESPACE).resource(new ServiceAccountBuilder().withNewMetadata()
            .withName(RbacModel.IMPERSONATOR).withNamespace(RbacModel.SYSTEM_NAMESPACE)
            .addToLabels(RbacModel.MANAGED_LABEL, RbacModel.MANAGED_VALUE).endMetadata()
            .withAutomountServiceAccountToken(false).build()).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        systemObjectsApplied = true;
    }

    private int reconcile(RbacModel.Desired desired) {
        int changes = 0;
        for (ClusterRole role : desired.clusterRoles().values()) {
            ClusterRole actual = clusterRoles.getStore().getByKey(role.getMetadata().getName());
            if (actual == null || !Objects.equals(actual.getRules(), role.getRules())) {
                client.rbac().clusterRoles().resource(role).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
                changes++;
            }
        }
        for (ClusterRoleBinding binding : desired.clusterRoleBindings().values()) {
            ClusterRoleBinding actual = clusterRoleBindings.getStore().getByKey(binding.getMetadata().getName());
            if (actual == null || !Objects.equals(actual.getSubjects(), binding.getSubjects())
                || !Objects.equals(actual.getRoleRef(), binding.getRoleRef())) {
                if (actual != null && !Objects.equals(actual.getRoleRef(), binding.getRoleRef())) {
                    client.rbac().clusterRoleBindings().withName(binding.getMetadata().getName()).delete(); // roleRef is immutable
                }
                client.rbac().clusterRoleBindings().resource(binding).fieldManager(FIELD_MANAGER).forceConflicts()
                    .serverSideApply();
                changes++;
            }
        }
        for (Map.Entry<String, RoleBinding> entry : desired.roleBindings().entrySet()) {
            RoleBinding binding = entry.getValue();
            RoleBinding actual = roleBindings.getStore().getByKey(entry.getKey());
            if (actual == null || !Objects.equals(actual.getSubjects(), binding.getSubjects())
                || !Objects.equals(actual.getRoleRef(), binding.getRoleRef())) {
                client.rbac().roleBindings().inNamespace(binding.getMetadata().getNamespace()).resource(binding)
                    .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
                changes++;
            }
        }
        for (ClusterRoleBinding actual : clusterRoleBindings.getStore().list()) {
            if (!desired.clusterRoleBindings().containsKey(actual.getMetadata().getName())) {
                client.rbac().clusterRoleBindings().withName(actual.getMetadata().getName()).delete();
                changes++;
            }
        }
        for (RoleBinding actual : roleBindings.getStore().list()) {
            if (!desired.roleBindings().containsKey(actual.getMetadata().getNamespace() + "/" + actual.getMetadata().getName())) {
                client.rbac().roleBindings().inNamespace(actual.getMetadata().getNamespace())
                    .withName(actual.getMetadata().getName()).delete();
                changes++;
            }
        }
        for (ClusterRole actual : clusterRoles.getStore().list()) {
            if (!desired.clusterRoles().containsKey(actual.getMetadata().getName())) {
                client.rbac().clusterRoles().withName(actual.getMetadata().getName()).delete();
                changes++;
            }
        }
        return changes;
    }

    /** The cluster leaves Paddock: everything Paddock created for access goes with it. */
    void uninstall() {
        stop();
        queue.exclusively(this::removeAll);
    }

    private void removeAll() {
        try {
            String selector = RbacModel.MANAGED_LABEL;
            client.rbac().roleBindings().inAnyNamespace().withLabel(selector, RbacModel.MANAGED_VALUE).delete();
            client.rbac().clusterRoleBindings().withLabel(selector, RbacModel.MANAGED_VALUE).delete();
            client.rbac().clusterRoles().withLabel(selector, RbacModel.MANAGED_VALUE).delete();
            client.namespaces().withName(RbacModel.SYSTEM_NAMESPACE).delete();
        } catch (RuntimeException e) {
            LOG.warn("Cluster '{}': could not remove Paddock's RBAC objects ({}); delete objects labelled {}={} by hand",
                cluster, e.getMessage(), RbacModel.MANAGED_LABEL, RbacModel.MANAGED_VALUE);
        }
    }
}
