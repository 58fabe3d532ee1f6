package io.paddock.api.access;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Global roles, role templates, bindings and the permission checks built on them. Every write
 * checks escalation: nobody grants a permission they do not hold at that scope.
 */
@ProviderType
public interface AccessControl {

    /** Whether {@code caller} may {@code verb} the Paddock {@code resource} at {@code scope}. */
    boolean allowed(Identity caller, String verb, String resource, Scope scope);

    /** @throws AccessDeniedException when {@link #allowed} is false */
    void require(Identity caller, String verb, String resource, Scope scope);

    /** Whether the caller holds {@link GlobalRole#ADMIN}. */
    boolean isAdmin(Identity caller);

    /** Clusters the caller can see: all of them ({@code null}) or those where they hold a binding. */
    Set<String> visibleClusters(Identity caller);

    List<GlobalRole> globalRoles();

    List<RoleTemplate> roleTemplates();

    Optional<RoleTemplate> roleTemplate(String name);

    /** The template's own and inherited rules. */
    List<Rule> effectiveRules(RoleTemplate template);

    /** Creates or updates (when {@code resourceVersion} is set) a custom role template. */
    RoleTemplate saveRoleTemplate(Identity caller, RoleTemplate template);

    /** Deletes a custom role template that no binding and no other template uses. */
    void deleteRoleTemplate(Identity caller, String name);

    /** Bindings at exactly {@code scope}; for a cluster scope, also those of its projects when {@code withProjects}. */
    List<RoleBinding> bindings(Scope scope, boolean withProjects);

    /** Qualified names of the groups that hold any binding, anywhere. */
    Set<String> boundGroups();

    /** Every binding of the subject. */
    List<RoleBinding> bindingsOf(Subject subject);

    RoleBinding bind(Identity caller, Scope scope, String role, Subject subject);

    void unbind(Identity caller, String bindingName);

    /**
     * Makes the creator of a cluster or project its owner ({@code cluster-owner} or
     * {@code project-owner}), which they may be without holding its rules beforehand.
     */
    RoleBinding makeOwner(Identity creator, Scope scope);

    /** Removes every binding at the scope or below it (for a deleted cluster or project). */
    void removeScope(Scope scope);

    /** Removes every binding of the subject (for a deleted user). */
    void removeSubject(Subject subject);
}
