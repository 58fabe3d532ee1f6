package io.paddock.auth.oidc;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.apache.shiro.authc.AuthenticationException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an OpenID Connect provider publishes at {@code <issuer>/.well-known/openid-configuration}
 * and Paddock uses.
 *
 * @param authorizationEndpoint where the browser logs in
 * @param tokenEndpoint         where the code is redeemed
 * @param jwksUri               the keys that sign ID tokens
 * @param signingAlgorithms     {@code id_token_signing_alg_values_supported}
 * @param tokenAuthMethods      {@code token_endpoint_auth_methods_supported}; empty means the default, client_secret_basic
 */
record Discovery(URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri, List<String> signingAlgorithms,
                 List<String> tokenAuthMethods) {

    private static final String PATH = "/.well-known/openid-configuration";

    /** Where {@code issuer} publishes its discovery document (OpenID Connect Discovery 1.0, section 4). */
    static URI location(URI issuer) {
        String text = issuer.toString();
        return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + PATH);
    }

    /**
     * @throws AuthenticationException when the document is not for {@code issuer} or lacks an endpoint
     */
    static Discovery parse(JsonNode document, URI issuer) {
        if (document == null || !document.isObject()) {
            throw new AuthenticationException("the discovery document at " + location(issuer) + " is not a JSON object: is "
                + issuer + " an OpenID Connect issuer?");
        }
        String announced = text(document, "issuer");
        // OpenID Connect Discovery 1.0, section 4.3: the issuer must be exactly the one asked for
        if (!issuer.toString().equals(announced)) {
            throw new AuthenticationException("the discovery document at " + location(issuer) + " names the issuer '" + announced
                + "', not '" + issuer + "': set issuer to exactly the provider's issuer URL");
        }
        return new Discovery(endpoint(document, "authorization_endpoint", issuer), endpoint(document, "token_endpoint", issuer),
            endpoint(document, "jwks_uri", issuer), strings(document, "id_token_signing_alg_values_supported"),
            strings(document, "token_endpoint_auth_methods_supported"));
    }

    private static URI endpoint(JsonNode document, String field, URI issuer) {
        String value = text(document, field);
        try {
            URI uri = value == null ? null : URI.create(value);
            if (uri != null && uri.isAbsolute() && ("https".equals(uri.getScheme()) || issuer.getScheme().equals(uri.getScheme()))) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new AuthenticationException("the discovery document of " + issuer + " has no usable " + field);
    }

    private static String text(JsonNode document, String field) {
        JsonNode node = document.get(field);
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static List<String> strings(JsonNode document, String field) {
        List<String> values = new ArrayList<>();
        JsonNode node = document.get(field);
        if (node != null && node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        }
        return List.copyOf(values);
    }
}
