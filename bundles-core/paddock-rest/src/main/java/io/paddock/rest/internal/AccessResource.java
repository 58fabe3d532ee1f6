package io.paddock.rest.internal;

import java.io.IOException;
import java.util.List;

import io.paddock.api.access.AccessControl;
import io.paddock.api.access.Identity;
import io.paddock.api.access.RoleTemplate;
import io.paddock.api.access.Rule;
import io.paddock.api.access.Scope;
import io.paddock.api.access.Subject;
import io.paddock.api.store.NotFoundException;

/** Global roles, role templates and bindings. */
final class AccessResource {

    record TemplateBody(String name, String displayName, String description, RoleTemplate.Context context, List<Rule> rules,
                        List<String> inherits, Long resourceVersion) {
    }

    record BindingBody(String cluster, String project, String role, String user, String group) {
        Scope scope() {
            return new Scope(cluster, project);
        }

        Subject subject() {
            if ((user == null) == (group == null)) {
                throw ApiException.badRequest("name exactly one of user and group");
            }
            return user != null ? Subject.user(user) : Subject.group(group);
        }
    }

    private final AccessControl access;

    AccessResource(AccessControl access) {
        this.access = access;
    }

    List<Route> routes() {
        return List.of(
            Route.of("GET", "/v1/globalroles", "Global roles", false, r -> {
                access.require(r.caller(), "list", "globalroles", Scope.GLOBAL);
                return Reply.ok(Lists.all(access.globalRoles()));
            }),
            Route.of("GET", "/v1/roletemplates", "Role templates for clusters and projects, built-in and custom", false, r -> {
                access.require(r.caller(), "list", "roletemplates", Scope.GLOBAL);
                return Reply.ok(Lists.all(access.roleTemplates()));
            }),
            Route.of("GET", "/v1/roletemplates/{name}", "One role template, with its inherited rules", false, r -> {
                access.require(r.caller(), "get", "roletemplates", Scope.GLOBAL);
                RoleTemplate template = template(r.path("name"));
                return Reply.ok(java.util.Map.of("template", template, "effectiveRules", access.effectiveRules(template)));
            }),
            Route.of("POST", "/v1/roletemplates", "Create a custom role template (you must hold all its rules)", false,
                r -> Reply.created(save(r, null))),
            Route.of("PUT", "/v1/roletemplates/{name}", "Update a custom role template; send its resourceVersion", false,
                r -> Reply.ok(save(r, r.path("name")))),
            Route.of("DELETE", "/v1/roletemplates/{name}", "Delete an unused custom role template", false, r -> {
                access.deleteRoleTemplate(r.caller(), r.path("name"));
                return Reply.noContent();
            }),
            Route.of("GET", "/v1/bindings", "Bindings at a scope: none (global), ?cluster=, or ?cluster=&project=", false,
                this::list),
            Route.of("POST", "/v1/bindings", "Grant a role to a user or group at a scope (you must hold what you grant)", false,
                r -> {
                    BindingBody body = r.body(BindingBody.class);
                    return Reply.created(access.bind(r.caller(), body.scope(), body.role(), body.subject()));
                }),
            Route.of("DELETE", "/v1/bindings/{name}", "Remove a binding", false, r -> {
                access.unbind(r.caller(), r.path("name"));
                return Reply.noContent();
            }));
    }

    private Reply list(ApiRequest request) {
        Identity caller = request.caller();
        Scope scope = new Scope(request.query("cluster"), request.query("project"));
        String resource = scope.isGlobal() ? "globalrolebindings" : scope.isCluster() ? "clusterrolebindings" : "projectrolebindings";
        access.require(caller, "list", resource, scope);
        return Reply.ok(Lists.all(access.bindings(scope, scope.isCluster() && "true".equals(request.query("withProjects")))));
    }

    private RoleTemplate save(ApiRequest request, String name) throws IOException {
        TemplateBody body = request.body(TemplateBody.class);
        if (name != null && body.name() != null && !name.equals(body.name())) {
            throw ApiException.badRequest("the body names '" + body.name() + "' but the URL names '" + name + "'");
        }
        if (name != null && (body.resourceVersion() == null || body.resourceVersion() <= 0)) {
            throw ApiException.badRequest("send the resourceVersion you read, so that concurrent changes are not lost");
        }
        if (name == null && body.resourceVersion() != null) {
            throw ApiException.badRequest("a new role template has no resourceVersion");
        }
        if (body.context() == null) {
            throw ApiException.badRequest("context is required: CLUSTER or PROJECT");
        }
        RoleTemplate template = new RoleTemplate(name != null ? name : body.name(), body.displayName(), body.description(),
            body.context(), body.rules(), body.inherits(), false, name == null ? 0 : body.resourceVersion());
        return access.saveRoleTemplate(request.caller(), template);
    }

    private RoleTemplate template(String name) {
        return access.roleTemplate(name).orElseThrow(() -> new NotFoundException("role template '" + name + "' not found"));
    }
}
