package io.paddock.rest.internal;

import java.util.List;
import java.util.Map;

import io.paddock.api.credential.CloudCredentialService;
import io.paddock.api.store.NotFoundException;

/** Cloud credentials: created with their secrets, read back without them. */
final class CredentialResource {

    record NewCredential(String name, String type, String description, Map<String, String> fields, Map<String, String> secrets) {
        @Override
        public String toString() {
            return "NewCredential[" + name + ", " + type + "]";
        }
    }

    private final CloudCredentialService credentials;

    CredentialResource(CloudCredentialService credentials) {
        this.credentials = credentials;
    }

    List<Route> routes() {
        return List.of(
            Route.of("GET", "/v1/cloudcredentials", "Your cloud credentials (administrators: all), without secret values", false,
                r -> Reply.ok(Lists.all(credentials.list(r.caller())))),
            Route.of("POST", "/v1/cloudcredentials", "Save a cloud credential; its secret values are encrypted and never shown"
                + " again", false, r -> {
                    NewCredential body = r.body(NewCredential.class);
                    return Reply.created(credentials.create(r.caller(), body.name(), body.type(), body.description(),
                        body.fields(), body.secrets()));
                }),
            Route.of("GET", "/v1/cloudcredentials/{name}", "One cloud credential, without secret values", false,
                r -> Reply.ok(credentials.get(r.caller(), r.path("name")).orElseThrow(() -> new NotFoundException(
                    "cloud credential '" + r.path("name") + "' not found")))),
            Route.of("DELETE", "/v1/cloudcredentials/{name}", "Delete a cloud credential", false, r -> {
                credentials.delete(r.caller(), r.path("name"));
                return Reply.noContent();
            }));
    }
}
