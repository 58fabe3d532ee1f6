package io.paddock.rest.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.paddock.api.access.AccessControl;
import io.paddock.api.access.GlobalRole;
import io.paddock.api.access.Identity;
import io.paddock.api.access.Scope;
import io.paddock.api.access.SecurityService;
import io.paddock.api.access.Subject;
import io.paddock.api.access.User;
import io.paddock.api.store.NotFoundException;

/** Users: list, create local ones, enable/disable, reset passwords, delete. */
final class UserResource {

    record NewUser(String username, String displayName, String password, String globalRole) {
        @Override
        public String toString() {
            return "NewUser[" + username + "]";
        }
    }

    record UserChange(Boolean enabled) {
    }

    record PasswordReset(String password) {
        @Override
        public String toString() {
            return "PasswordReset[********]";
        }
    }

    private final SecurityService security;
    private final AccessControl access;

    UserResource(SecurityService security, AccessControl access) {
        this.security = security;
        this.access = access;
    }

    List<Route> routes() {
        return List.of(
            Route.of("GET", "/v1/users", "List users (paged: limit, continue, sort, prefix, labelSelector)", false, r -> {
                access.require(r.caller(), "list", "users", Scope.GLOBAL);
                return Reply.ok(Lists.page(security.users(r.listQuery())));
            }).paged(),
            Route.of("GET", "/v1/groups", "Groups Paddock knows: those its users belonged to at their last login and those"
                + " bound to roles, with how many users are in each", false, this::groups),
            Route.of("POST", "/v1/users", "Create a local user with a password and a global role (default: user)", false,
                this::create),
            Route.of("GET", "/v1/users/{name}", "One user", false, r -> {
                access.require(r.caller(), "get", "users", Scope.GLOBAL);
                return Reply.ok(find(r.path("name")));
            }),
            Route.of("PATCH", "/v1/users/{name}", "Enable or disable a user; disabling ends their sessions and tokens", false,
                this::change),
            Route.of("POST", "/v1/users/{name}/password", "Set a local user's password; ends their sessions", false, r -> {
                access.require(r.caller(), "update", "users", Scope.GLOBAL);
                security.resetPassword(r.path("name"), r.body(PasswordReset.class).password());
                return Reply.noContent();
            }),
            Route.of("DELETE", "/v1/users/{name}", "Delete a user with their tokens and bindings", false, r -> {
                Identity caller = r.caller();
                access.require(caller, "delete", "users", Scope.GLOBAL);
                if (caller.user().equals(r.path("name"))) {
                    throw ApiException.badRequest("you cannot delete yourself");
                }
                security.deleteUser(r.path("name"));
                return Reply.noContent();
            }));
    }

    /** A group as known from logins and bindings; {@code members} counts users seen in it at their last login. */
    record KnownGroup(String name, String provider, long members, boolean bound) {
    }

    private Reply groups(ApiRequest request) {
        access.require(request.caller(), "list", "users", Scope.GLOBAL);
        Map<String, Long> members = new TreeMap<>();
        for (User user : security.users()) {
            user.groups().forEach(group -> members.merge(group, 1L, Long::sum));
        }
        Set<String> bound = access.boundGroups();
        Set<String> names = new TreeSet<>(members.keySet());
        names.addAll(bound);
        List<KnownGroup> groups = names.stream().map(name -> new KnownGroup(name, name.substring(0, name.indexOf(':')),
            members.getOrDefault(name, 0L), bound.contains(name))).toList();
        return Reply.ok(Lists.all(groups));
    }

    private Reply create(ApiRequest request) throws IOException {
        Identity caller = request.caller();
        access.require(caller, "create", "users", Scope.GLOBAL);
        NewUser body = request.body(NewUser.class);
        String role = body.globalRole() == null ? GlobalRole.USER : body.globalRole();
        if (access.globalRoles().stream().noneMatch(g -> g.name().equals(role))) {
            throw ApiException.badRequest("global role '" + role + "' does not exist");
        }
        User user = security.createLocalUser(body.username(), body.displayName(), body.password());
        try {
            access.bind(caller, Scope.GLOBAL, role, Subject.user(user.name()));
        } catch (RuntimeException e) {
            security.deleteUser(user.name()); // all or nothing
            throw e;
        }
        return Reply.created(user);
    }

    private Reply change(ApiRequest request) throws IOException {
        Identity caller = request.caller();
        access.require(caller, "update", "users", Scope.GLOBAL);
        UserChange change = request.body(UserChange.class);
        if (change.enabled() == null) {
            throw ApiException.badRequest("nothing to change: send {\"enabled\": true|false}");
        }
        if (!change.enabled() && caller.user().equals(request.path("name"))) {
            throw ApiException.badRequest("you cannot disable yourself");
        }
        find(request.path("name"));
        return Reply.ok(security.setEnabled(request.path("name"), change.enabled()));
    }

    private User find(String name) {
        return security.user(name).orElseThrow(() -> new NotFoundException("user '" + name + "' not found"));
    }
}
