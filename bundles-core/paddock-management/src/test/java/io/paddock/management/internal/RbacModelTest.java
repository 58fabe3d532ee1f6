package io.paddock.management.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.paddock.api.access.Rule;

class RbacModelTest {

    private static final Map<String, List<Rule>> TEMPLATES = Map.of(
        "project-member", List.of(Rule.management(List.of("projects"), Rule.READ),
            new Rule(List.of("", "apps"), List.of("pods", "deployments"), List.of("*"))),
        "cluster-owner", List.of(new Rule(List.of("*"), List.of("*"), List.of("*"))),
        "projects-create", List.of(Rule.management(List.of("projects"), List.of("create"))));

    private static RbacModel.Desired model(int members, Map<String, String> namespaces) {
        List<RbacModel.Grant> grants = new ArrayList<>();
        IntStream.range(0, members).forEach(i -> grants.add(new RbacModel.Grant("project-member", "shop",
            "paddock:user:u" + i, false)));
        grants.add(new RbacModel.Grant("project-member", "shop", "paddock:group:ldap:devs", true));
        grants.add(new RbacModel.Grant("cluster-owner", null, "paddock:user:bob", false));
        grants.add(new RbacModel.Grant("projects-create", null, "paddock:user:carol", false));
        List<RbacModel.Grant> admins = List.of(new RbacModel.Grant("admin", null, "paddock:user:admin", false));
        Set<String> users = IntStream.range(0, members).mapToObj(i -> "paddock:user:u" + i).collect(Collectors.toSet());
        return RbacModel.desired(grants, admins, t -> TEMPLATES.getOrDefault(t, List.of()), namespaces, users);
    }

    @Test
    void objectCountGrowsWithNamespacesNotWithUsers() {
        Map<String, String> namespaces = Map.of("shop-web", "shop", "shop-db", "shop", "other", "elsewhere");
        RbacModel.Desired few = model(2, namespaces);
        RbacModel.Desired many = model(2000, namespaces);
        assertEquals(few.objectCount(), many.objectCount());
        assertEquals(2, many.roleBindings().size(), "one binding per project namespace and template");
        List<Subject> subjects = many.roleBindings().get("shop-web/paddock-prtb-project-member").getSubjects();
        assertEquals(2001, subjects.size());
        assertTrue(subjects.stream().anyMatch(s -> s.getKind().equals("Group") && s.getName().equals("paddock:group:ldap:devs")));
        assertEquals(few.objectCount() + 1, model(2, Map.of("shop-web", "shop", "shop-db", "shop", "shop-cache", "shop"))
            .objectCount());
    }

    @Test
    void managementRulesStayInPaddock() {
        RbacModel.Desired desired = model(1, Map.of("shop-web", "shop"));
        ClusterRole member = desired.clusterRoles().get("paddock-rt-project-member");
        assertEquals(1, member.getRules().size());
        PolicyRule rule = member.getRules().get(0);
        assertEquals(List.of("", "apps"), rule.getApiGroups());
        assertFalse(desired.clusterRoles().containsKey("paddock-rt-projects-create"), "a template of management rules only");
        assertFalse(desired.clusterRoleBindings().containsKey("paddock-crtb-projects-create"));
        assertEquals("cluster-admin", desired.clusterRoleBindings().get("paddock-global-admins").getRoleRef().getName());
    }

    @Test
    void impersonatorMayOnlyBecomePaddockUsersAndBoundGroups() {
        RbacModel.Desired desired = model(3, Map.of("shop-web", "shop"));
        ClusterRole impersonator = desired.clusterRoles().get("paddock-impersonator");
        PolicyRule users = impersonator.getRules().get(0);
        assertEquals(List.of("users"), users.getResources());
        assertEquals(List.of("paddock:user:u0", "paddock:user:u1", "paddock:user:u2"), users.getResourceNames());
        PolicyRule groups = impersonator.getRules().get(1);
        assertEquals(List.of("groups"), groups.getResources());
        assertEquals(List.of("paddock:group:ldap:devs", "system:authenticated"), groups.getResourceNames());
        assertFalse(groups.getResourceNames().contains("system:masters"));
        assertEquals(Set.of("paddock:group:ldap:devs", "system:authenticated"), desired.impersonableGroups());
    }

    @Test
    void noUsersMeansNoUserImpersonationRatherThanAnyUser() {
        RbacModel.Desired desired = RbacModel.desired(List.of(), List.of(), t -> List.of(), Map.of(), Set.of());
        ClusterRole impersonator = desired.clusterRoles().get("paddock-impersonator");
        assertTrue(impersonator.getRules().stream().noneMatch(r -> r.getResources().contains("users")),
            "an empty resourceNames list would allow every user name");
    }
}
