package io.paddock.rest.internal;

import java.util.List;

import io.paddock.api.access.AccessControl;
import io.paddock.api.access.Scope;
import io.paddock.api.setting.SettingService;
import io.paddock.api.store.NotFoundException;

/** Run-time settings: everyone logged in reads them (the console needs the banner), administrators change them. */
final class SettingResource {

    record SettingChange(String value, Long resourceVersion) {
    }

    private final SettingService settings;
    private final AccessControl access;

    SettingResource(SettingService settings, AccessControl access) {
        this.settings = settings;
        this.access = access;
    }

    List<Route> routes() {
        return List.of(
            Route.of("GET", "/v1/settings", "Settings with their values, defaults and meaning", false, r -> {
                access.require(r.caller(), "list", "settings", Scope.GLOBAL);
                return Reply.ok(Lists.all(settings.list()));
            }),
            Route.of("GET", "/v1/settings/{name}", "One setting", false, r -> {
                access.require(r.caller(), "get", "settings", Scope.GLOBAL);
                return Reply.ok(settings.get(r.path("name")).orElseThrow(() -> new NotFoundException(
                    "unknown setting '" + r.path("name") + "'")));
            }),
            Route.of("PUT", "/v1/settings/{name}", "Change a setting; send the resourceVersion you read (0 while the default"
                + " applies)", false, r -> {
                    access.require(r.caller(), "update", "settings", Scope.GLOBAL);
                    SettingChange change = r.body(SettingChange.class);
                    if (change.resourceVersion() == null) {
                        throw ApiException.badRequest("send the resourceVersion you read (0 while the default applies)");
                    }
                    return Reply.ok(settings.set(r.path("name"), change.value(), change.resourceVersion()));
                }),
            Route.of("DELETE", "/v1/settings/{name}", "Put a setting back to its default", false, r -> {
                access.require(r.caller(), "update", "settings", Scope.GLOBAL);
                return Reply.ok(settings.reset(r.path("name")));
            }));
    }
}
