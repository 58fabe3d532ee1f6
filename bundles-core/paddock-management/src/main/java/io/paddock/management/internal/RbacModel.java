package io.paddock.management.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.paddock.api.access.Impersonation;
import io.paddock.api.access.Rule;

/**
 * The Kubernetes RBAC objects one cluster should have for Paddock's bindings. Their number grows
 * with the role templates in use and the namespaces of projects, never with users: one
 * ClusterRoleBinding per cluster-scoped template and one RoleBinding per template and project
 * namespace, each listing every user and group bound that way.
 */
final class RbacModel {

    static final String MANAGED_LABEL = "paddock.io/managed";
    static final String MANAGED_VALUE = "rbac";
    static final String SYSTEM_NAMESPACE = "paddock-system";
    static final String IMPERSONATOR = "paddock-impersonator";
    static final String GLOBAL_ADMINS = "paddock-global-admins";
    static final String TEMPLATE_ROLE_PREFIX = "paddock-rt-";
    static final String CLUSTER_BINDING_PREFIX = "paddock-crtb-";
    static final String PROJECT_BINDING_PREFIX = "paddock-prtb-";
    private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

    /** A binding of this cluster as the model needs it: template, project ({@code null} for the cluster) and subject name downstream. */
    record Grant(String template, String project, String subject, boolean group) {
    }

    /** What the cluster should contain; role bindings keyed by {@code namespace/name}. */
    record Desired(Map<String, ClusterRole> clusterRoles, Map<String, ClusterRoleBinding> clusterRoleBindings,
                   Map<String, RoleBinding> roleBindings, Set<String> impersonableGroups) {

        int objectCount() {
            return clusterRoles.size() + clusterRoleBindings.size() + roleBindings.size();
        }
    }

    private RbacModel() {
    }

    /**
     * @param grants          the cluster's bindings and its projects'
     * @param admins          downstream subjects of Paddock's administrators (users and groups)
     * @param downstreamRules a template's rules that apply in Kubernetes (management rules removed)
     * @param namespaces      project of each namespace that belongs to one
     * @param users           every enabled Paddock user (downstream names), who may be impersonated
     */
    static Desired desired(List<Grant> grants, List<Grant> admins, Function<String, List<Rule>> downstreamRules,
                           Map<String, String> namespaces, Set<String> users) {
        Map<String, ClusterRole> roles = new TreeMap<>();
        Map<String, ClusterRoleBinding> clusterBindings = new TreeMap<>();
        Map<String, RoleBinding> roleBindings = new TreeMap<>();
        Set<String> groups = new TreeSet<>();
        Map<String, List<Grant>> byClusterTemplate = new TreeMap<>();
        Map<String, Map<String, List<Grant>>> byProjectTemplate = new TreeMap<>();
        for (Grant grant : grants) {
            if (grant.group()) {
                groups.add(grant.subject());
            }
            List<PolicyRule> rules = policyRules(downstreamRules.apply(grant.template()));
            if (rules.isEmpty()) {
                continue; // only management rules: nothing to enforce downstream
            }
            roles.computeIfAbsent(TEMPLATE_ROLE_PREFIX + grant.template(), name -> clusterRole(name, rules));
            if (grant.project() == null) {
                byClusterTemplate.computeIfAbsent(grant.template(), t -> new ArrayList<>()).add(grant);
            } else {
                byProjectTemplate.computeIfAbsent(grant.project(), p -> new TreeMap<>())
                    .computeIfAbsent(grant.template(), t -> new ArrayList<>()).add(grant);
            }
        }
        byClusterTemplate.forEach((template, bound) -> clusterBindings.put(CLUSTER_BINDING_PREFIX + template,
            clusterRoleBinding(CLUSTER_BINDING_PREFIX + template, TEMPLATE_ROLE_PREFIX + template, subjects(bound))));
        namespaces.forEach((namespace, project) -> byProjectTemplate.getOrDefault(project, Map.of()).forEach((template, bound) ->
            roleBindings.put(namespace + "/" + PROJECT_BINDING_PREFIX + template, roleBinding(namespace,
                PROJECT_BINDING_PREFIX + template, TEMPLATE_ROLE_PREFIX + template, subjects(bound)))));
        if (!admins.isEmpty()) {
            admins.stream().filter(Grant::group).forEach(admin -> groups.add(admin.subject()));
            clusterBindings.put(GLOBAL_ADMINS, clusterRoleBinding(GLOBAL_ADMINS, "cluster-admin", subjects(admins)));
        }
        groups.add(Impersonation.AUTHENTICATED_GROUP);
        roles.put(IMPERSONATOR, impersonatorRole(users, groups));
        clusterBindings.put(IMPERSONATOR, new ClusterRoleBindingBuilder().withNewMetadata().withName(IMPERSONATOR)
            .addToLabels(MANAGED_LABEL, MANAGED_VALUE).endMetadata()
            .withNewRoleRef(RBAC_GROUP, "ClusterRole", IMPERSONATOR)
            .addNewSubject().withKind("ServiceAccount").withName(IMPERSONATOR).withNamespace(SYSTEM_NAMESPACE).endSubject()
            .build());
        return new Desired(roles, clusterBindings, roleBindings, Set.copyOf(groups));
    }

    /** Impersonation limited by name: the impersonator's token alone can never become {@code system:masters}. */
    private static ClusterRole impersonatorRole(Set<String> users, Set<String> groups) {
        ClusterRoleBuilder role = new ClusterRoleBuilder().withNewMetadata().withName(IMPERSONATOR)
            .addToLabels(MANAGED_LABEL, MANAGED_VALUE).endMetadata();
        if (!users.isEmpty()) { // an empty resourceNames list would allow every name
            role.addToRules(new PolicyRuleBuilder().withApiGroups("").withResources("users").withVerbs("impersonate")
                .withResourceNames(new ArrayList<>(new TreeSet<>(users))).build());
        }
        role.addToRules(new PolicyRuleBuilder().withApiGroups("").withResources("groups").withVerbs("impersonate")
            .withResourceNames(new ArrayList<>(new TreeSet<>(groups))).build());
        return role.build();
    }

    static List<PolicyRule> policyRules(List<Rule> rules) {
        List<PolicyRule> policy = new ArrayList<>();
        for (Rule rule : rules) {
            List<String> groups = rule.apiGroups().stream().filter(g -> !Rule.MANAGEMENT_GROUP.equals(g)).toList();
            if (!groups.isEmpty()) {
                policy.add(new PolicyRuleBuilder().withApiGroups(groups).withResources(rule.resources()).withVerbs(rule.verbs())
                    .build());
            }
        }
        return policy;
    }

    private static ClusterRole clusterRole(String name, List<PolicyRule> rules) {
        return new ClusterRoleBuilder().withNewMetadata().withName(name).addToLabels(MANAGED_LABEL, MANAGED_VALUE).endMetadata()
            .withRules(rules).build();
    }

    private static ClusterRoleBinding clusterRoleBinding(String name, String role, List<Subject> subjects) {
        return new ClusterRoleBindingBuilder().withNewMetadata().withName(name).addToLabels(MANAGED_LABEL, MANAGED_VALUE)
            .endMetadata().withNewRoleRef(RBAC_GROUP, "ClusterRole", role).withSubjects(subjects).build();
    }

    private static RoleBinding roleBinding(String namespace, String name, String role, List<Subject> subjects) {
        return new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(namespace)
            .addToLabels(MANAGED_LABEL, MANAGED_VALUE).endMetadata().withNewRoleRef(RBAC_GROUP, "ClusterRole", role)
            .withSubjects(subjects).build();
    }

    private static List<Subject> subjects(List<Grant> grants) {
        return grants.stream().map(g -> new SubjectBuilder().withApiGroup(RBAC_GROUP).withKind(g.group() ? "Group" : "User")
                .withName(g.subject()).build())
            .distinct().sorted(Comparator.comparing(Subject::getKind).thenComparing(Subject::getName)).toList();
    }
}
