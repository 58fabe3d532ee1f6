package io.paddock.rest.internal;

import java.util.List;

import io.paddock.api.access.AccessControl;
import io.paddock.api.access.Scope;
import io.paddock.api.audit.AuditLog;

/** The audit trail, newest first. */
final class AuditResource {

    private static final int MAX = 1000;

    private final AuditLog audit;
    private final AccessControl access;

    AuditResource(AuditLog audit, AccessControl access) {
        this.audit = audit;
        this.access = access;
    }

    List<Route> routes() {
        return List.of(Route.of("GET", "/v1/audit", "Audited actions, newest first (?limit=, at most 1000)", false, r -> {
            access.require(r.caller(), "list", "auditevents", Scope.GLOBAL);
            int limit = 100;
            if (r.query("limit") != null) {
                try {
                    limit = Integer.parseInt(r.query("limit"));
                } catch (NumberFormatException e) {
                    limit = -1;
                }
                if (limit < 1 || limit > MAX) {
                    throw ApiException.badRequest("limit must be a whole number from 1 to " + MAX);
                }
            }
            return Reply.ok(Lists.all(audit.latest(limit)));
        }));
    }
}
